/**
 * The hand-written `POST /verify` body check never accepts what the zod schema refuses, and
 * gives the same parsed value (defaults included) for what it accepts; on the common valid
 * bodies it does accept, so the fast path is really taken.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptVerifyRequest } from '../../src/downstream/verify-request-check.js';
import { verifyRequestSchema } from '../../src/downstream/verify.js';

const sha = 'a'.repeat(64);
const signed = {
  method: 'GET',
  path: '/productionapp/app.zip',
  query: 'versionId=1',
  headers: { host: 'app.example', 'x-amz-date': '20261206T000000Z', authorization: 'AWS4-HMAC-SHA256 Credential=…', 'x-multi': ['a', 'b'] },
  bodySha256: sha,
};
const token = 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln';
const base = { action: 's3:GetObject', resource: 'arn:aws:s3:::productionapp/app.zip' };

const valid: Record<string, unknown>[] = [
  { request: signed, service: 's3', ...base, resourceAccount: '222222222222' },
  { request: { method: 'POST', path: '/', headers: {} }, ...base },
  { token, ...base },
  { token, ...base, service: ['s3', 'execute-api'], context: { 'aws:SourceVpc': 'vpc-1', 'app:groups': ['a', 'b'] } },
  { token, ...base, resourcePolicy: '{"Version":"2012-10-17","Statement":[]}' },
  { token, ...base, resourcePolicy: { Version: '2012-10-17', Statement: [] } },
  { token, action: 'myapp:Read*', resource: '*' },
];

const hostileValues: unknown[] = [undefined, null, 0, 1.5, true, '', ' ', 'x', 'A'.repeat(13), 'a'.repeat(65), 'x'.repeat(2049), 'x'.repeat(4097), 'x'.repeat(16_385), 'x'.repeat(20_481), [], ['x'], [1], {}, { a: 1 }, { a: 'b' }, { a: ['b', 2] }, 'GET', 'get', '/p', 'p', '222222222222', '22222222222a', sha, sha.toUpperCase(), 's3', 'S3', ['s3', 'S3'], Array(11).fill('s3'), 'svc:Act', 'svc:Act!', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v'])), { ['k'.repeat(257)]: 'v' }, { k: 'v'.repeat(2049) }, { k: Array(101).fill('v') }, { k: Array(33).fill('v') }];

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.keys(value).flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key]))];
}

function withValue(root: Record<string, unknown>, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: Record<string, unknown> = { ...root };
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else {
    copy[head] = withValue(root[head] as Record<string, unknown>, rest, value);
  }
  return copy;
}

function mutations(body: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const path of paths(body)) {
    for (const value of hostileValues) out.push(withValue(body, path, value));
    if (path.length > 0) out.push(withValue(body, [...path.slice(0, -1), 'unexpected'], 'x'));
  }
  out.push({ ...body, token: token }, { ...body, request: signed }, JSON.parse(`{"__proto__": {"x": 1}, "token": "${token}", "action": "s3:GetObject", "resource": "*"}`));
  return out;
}

describe('POST /verify body: hand-written check vs the zod schema', () => {
  it('accepts the common valid bodies with exactly the schema’s result', () => {
    for (const body of valid) {
      const schema = verifyRequestSchema.safeParse(body);
      assert.ok(schema.success, JSON.stringify(schema.error?.issues));
      assert.deepEqual(acceptVerifyRequest(body), schema.data);
    }
  });

  it('never accepts a body the schema refuses; when it accepts, the result is the schema’s', () => {
    let refusedBySchema = 0;
    let compared = 0;
    for (const body of valid.flatMap(mutations)) {
      const schema = verifyRequestSchema.safeParse(body);
      const accepted = acceptVerifyRequest(body);
      if (!schema.success) {
        refusedBySchema++;
        assert.equal(accepted, undefined, `accepted what the schema refuses: ${JSON.stringify(body)?.slice(0, 300)}`);
      } else if (accepted !== undefined) {
        compared++;
        assert.deepEqual(accepted, schema.data);
      }
    }
    assert.ok(refusedBySchema > 500, `enough hostile bodies (${refusedBySchema})`);
    assert.ok(compared > 50, `enough accepted bodies compared (${compared})`);
  });

  it('a `__proto__` key inside headers, context or resourcePolicy gets the schema’s result (which drops it)', () => {
    // JSON.parse makes `__proto__` an own key; zod's records leave it out, and a kept one would
    // replace the prototype wherever the object is later copied by assignment (Object.assign).
    const bodies = [
      `{"token": "${token}", "action": "s3:GetObject", "resource": "*", "context": {"__proto__": ["x"], "app:k": "v"}}`,
      `{"request": {"method": "GET", "path": "/", "headers": {"__proto__": "x", "host": "h"}}, "action": "s3:GetObject", "resource": "*"}`,
      `{"token": "${token}", "action": "s3:GetObject", "resource": "*", "resourcePolicy": {"__proto__": {"Statement": []}, "Version": "2012-10-17"}}`,
    ].map((text) => JSON.parse(text) as unknown);
    for (const body of bodies) {
      const schema = verifyRequestSchema.safeParse(body);
      assert.ok(schema.success, JSON.stringify(schema.error?.issues));
      const accepted = acceptVerifyRequest(body);
      if (accepted !== undefined) assert.deepEqual(accepted, schema.data);
    }
  });
});
