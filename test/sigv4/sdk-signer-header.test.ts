/**
 * Header-form signatures produced by @smithy/signature-v4 (the JS SDK v3 signer) verify, for the
 * request shapes real clients send: STS Query POSTs (JS SDK and botocore flavours), GETs with query
 * strings that need encoding, S3 paths, temporary credentials.
 */

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSigningKeyCache, deriveSigningKey, verifySigV4 } from '../../src/sigv4/index.js';
import { EXAMPLE, NOW, sha256Hex, signHeader, TEMP, testLookup } from './helpers.js';

const STS = { service: 'sts', nowMs: NOW };
const FORM = 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdev&RoleSessionName=alice';

describe('header form, signed by @smithy/signature-v4', () => {
  it('STS POST, JS SDK style (no charset, x-amz-content-sha256)', async () => {
    const parts = await signHeader({ method: 'POST', body: FORM, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(parts.headers['x-amz-content-sha256']);
    const verified = await verifySigV4(parts, testLookup(), STS);
    assert.equal(verified.form, 'header');
    assert.equal(verified.service, 'sts');
    assert.equal(verified.sessionToken, undefined);
    assert.deepEqual(verified.signedHeaders, ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date']);
    assert.equal(verified.payloadHash, sha256Hex(FORM));
  });

  it('STS POST, botocore style (`; charset=utf-8`, no x-amz-content-sha256)', async () => {
    const parts = await signHeader({
      method: 'POST', body: FORM, applyChecksum: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    assert.equal(parts.headers['x-amz-content-sha256'], undefined);
    const verified = await verifySigV4(parts, testLookup(), STS);
    assert.deepEqual(verified.signedHeaders, ['content-type', 'host', 'x-amz-date']);
  });

  for (const applyChecksum of [true, false]) {
    it(`temporary credentials: signed x-amz-security-token reaches the lookup (checksum ${applyChecksum})`, async () => {
      const parts = await signHeader({ method: 'POST', body: FORM, credentials: TEMP, applyChecksum, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const lookup = testLookup();
      const verified = await verifySigV4(parts, lookup, STS);
      assert.equal(verified.sessionToken, TEMP.sessionToken);
      assert.ok(verified.signedHeaders.includes('x-amz-security-token'));
      assert.deepEqual(lookup.calls, [{ accessKeyId: TEMP.accessKeyId, sessionToken: TEMP.sessionToken }]);
    });
  }

  it('GET with query values needing encoding: spaces / + = unicode, empty values, repeated names', async () => {
    const query = {
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'Tags.member.1.Value': 'a b/c+d=e&f',
      Unicode: 'héllo wörld ✓ 𝄞',
      Empty: '',
      'weird name*': "!'()*~",
      Repeated: ['z', 'a', 'm'],
    };
    const parts = await signHeader({ query });
    await verifySigV4(parts, testLookup(), STS);
  });

  it('the same query re-encoded differently on the wire still verifies (decode + strict re-encode)', async () => {
    const parts = await signHeader({ query: { a: 'x~y', b: 'é', c: '', d: 'sp ace' } });
    assert.equal(parts.rawQuery, 'a=x~y&b=%C3%A9&c=&d=sp%20ace');
    const rewired = { ...parts, rawQuery: 'd=sp%20ace&c&b=%c3%a9&a=x%7Ey' };
    await verifySigV4(rewired, testLookup(), STS);
  });

  it('non-S3 paths are normalised and double-encoded', async () => {
    const parts = await signHeader({ service: 'execute-api', path: '/stage/a%20b/./c%2Fd/', query: { q: '1' } });
    await verifySigV4(parts, testLookup(), { service: 'execute-api', nowMs: NOW });
  });

  it('S3 paths with spaces and unicode are signed as-is (s3PathRules)', async () => {
    const path = '/bucket/dir/key%20with%20space/%C3%A9t%C3%A9%E2%9C%93.txt';
    const parts = await signHeader({ service: 's3', s3: true, path, method: 'PUT', body: 'object body' });
    const verified = await verifySigV4(parts, testLookup(), { service: 's3', nowMs: NOW, s3PathRules: true });
    assert.equal(verified.payloadHash, sha256Hex('object body'));
    await assert.rejects(verifySigV4(parts, testLookup(), { service: 's3', nowMs: NOW }), { code: 'SIGNATURE_MISMATCH' });
  });

  it('S3 UNSIGNED-PAYLOAD is accepted only with allowUnsignedPayload, even for a streaming body', async () => {
    const parts = await signHeader({ service: 's3', s3: true, path: '/bucket/k', method: 'PUT', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const streaming = { ...parts, bodySha256Hex: undefined };
    const verified = await verifySigV4(streaming, testLookup(), { service: 's3', nowMs: NOW, s3PathRules: true, allowUnsignedPayload: true });
    assert.equal(verified.payloadHash, 'UNSIGNED-PAYLOAD');
    await assert.rejects(verifySigV4(streaming, testLookup(), { service: 's3', nowMs: NOW, s3PathRules: true }), { code: 'SIGNATURE_MISMATCH' });
  });

  it('streaming body: the declared hash is signed and returned for the adapter to check', async () => {
    const parts = await signHeader({ service: 's3', s3: true, path: '/b/k', method: 'PUT', body: 'streamed' });
    const verified = await verifySigV4({ ...parts, bodySha256Hex: undefined }, testLookup(), { service: 's3', nowMs: NOW, s3PathRules: true });
    assert.equal(verified.payloadHash, sha256Hex('streamed'));
  });

  it('accepts any of several services, and regions from the allow-list', async () => {
    const parts = await signHeader({ service: 'iam', region: 'eu-central-1' });
    const verified = await verifySigV4(parts, testLookup(), { services: ['sts', 'iam'], nowMs: NOW, allowedRegions: ['us-east-1', 'eu-central-1'] });
    assert.equal(verified.service, 'iam');
    assert.equal(verified.region, 'eu-central-1');
  });

  it('repeated headers delivered as arrays (req.headersDistinct) are comma-joined', async () => {
    const parts = await signHeader({ headers: { 'x-amz-meta-tag': 'one,two' } });
    await verifySigV4({ ...parts, headers: { ...parts.headers, 'x-amz-meta-tag': ['one', ' two '] } }, testLookup(), STS);
  });

  it('caches signing keys: one derivation for many verifications', async () => {
    const keyCache = createSigningKeyCache(10);
    const parts = await signHeader({});
    for (let i = 0; i < 5; i++) await verifySigV4(parts, testLookup(), { ...STS, keyCache });
    assert.deepEqual({ ...keyCache.stats }, { lookups: 5, derivations: 1 });
    assert.equal(keyCache.size, 1);
  });

  it('LRU cache evicts the least recently used key and is bounded', () => {
    const cache = createSigningKeyCache(2);
    cache.get('s1', '20250301', 'us-east-1', 'sts');
    cache.get('s2', '20250301', 'us-east-1', 'sts');
    cache.get('s1', '20250301', 'us-east-1', 'sts');
    cache.get('s3', '20250301', 'us-east-1', 'sts');
    assert.equal(cache.size, 2);
    assert.equal(cache.stats.derivations, 3);
    cache.get('s1', '20250301', 'us-east-1', 'sts');
    assert.equal(cache.stats.derivations, 3, 's1 survived as most recently used');
    cache.get('s2', '20250301', 'us-east-1', 'sts');
    assert.equal(cache.stats.derivations, 4, 's2 had been evicted');
  });

  it('Date header fallback (RFC 7231 date, signed as `date`) verifies', async () => {
    // Independent hand-built canonical request, per the AWS docs.
    const canonical = ['GET', '/', '', 'date:Sat, 01 Mar 2025 10:00:00 GMT\nhost:rolegate.example\n', 'date;host', sha256Hex('')].join('\n');
    const stringToSign = `AWS4-HMAC-SHA256\n20250301T100000Z\n20250301/us-east-1/sts/aws4_request\n${sha256Hex(canonical)}`;
    const key = deriveSigningKey(EXAMPLE.secretAccessKey, '20250301', 'us-east-1', 'sts');
    const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
    const verified = await verifySigV4({
      method: 'GET', path: '/', rawQuery: '', bodySha256Hex: sha256Hex(''),
      headers: {
        host: 'rolegate.example',
        date: 'Sat, 01 Mar 2025 10:00:00 GMT',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250301/us-east-1/sts/aws4_request,SignedHeaders=date;host,Signature=${signature}`,
      },
    }, testLookup(), STS);
    assert.equal(verified.signedAt.getTime(), NOW);
  });
});
