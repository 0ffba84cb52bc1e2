/**
 * Malformed STS parameters get ValidationError (or the specific AWS code) and store nothing (sts.md §2, §12.3).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, UPDATE_APP } from '../helpers/demo.js';
import { send, signedStsRequest, xmlValue } from '../helpers/raw-sts.js';

const roleArn = encodeURIComponent(UPDATE_APP);

const CASES: Array<{ name: string; body: string; code: string; status: number; message?: RegExp }> = [
  { name: 'session name with a colon', body: `RoleArn=${roleArn}&RoleSessionName=a%3Ab`, code: 'ValidationError', status: 400, message: /at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\*/ },
  { name: 'session name with a space', body: `RoleArn=${roleArn}&RoleSessionName=a%20b`, code: 'ValidationError', status: 400 },
  { name: 'one-character session name', body: `RoleArn=${roleArn}&RoleSessionName=a`, code: 'ValidationError', status: 400, message: /Member must have length greater than or equal to 2/ },
  { name: '65-character session name', body: `RoleArn=${roleArn}&RoleSessionName=${'a'.repeat(65)}`, code: 'ValidationError', status: 400, message: /Member must have length less than or equal to 64/ },
  { name: 'missing RoleArn', body: 'RoleSessionName=ok', code: 'ValidationError', status: 400, message: /Value null at 'roleArn' failed to satisfy constraint: Member must not be null/ },
  { name: 'missing RoleSessionName', body: `RoleArn=${roleArn}`, code: 'ValidationError', status: 400, message: /Value null at 'roleSessionName'/ },
  { name: 'an ARN that is not a role ARN', body: `RoleArn=${encodeURIComponent('arn:aws:s3:::productionapp/thing')}&RoleSessionName=ok`, code: 'ValidationError', status: 400, message: /^Request ARN is invalid$/ },
  { name: 'a non-numeric DurationSeconds', body: `RoleArn=${roleArn}&RoleSessionName=ok&DurationSeconds=abc`, code: 'ValidationError', status: 400 },
  { name: 'a gap in the Tags list', body: `RoleArn=${roleArn}&RoleSessionName=ok&Tags.member.2.Key=a&Tags.member.2.Value=b`, code: 'ValidationError', status: 400 },
  { name: 'a tag without a value', body: `RoleArn=${roleArn}&RoleSessionName=ok&Tags.member.1.Key=a`, code: 'ValidationError', status: 400 },
  { name: 'duplicate tag keys ignoring case', body: `RoleArn=${roleArn}&RoleSessionName=ok&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=A&Tags.member.2.Value=2`, code: 'ValidationError', status: 400 },
  { name: 'a transitive key that is not a tag', body: `RoleArn=${roleArn}&RoleSessionName=ok&TransitiveTagKeys.member.1=Nope`, code: 'ValidationError', status: 400 },
  { name: 'eleven PolicyArns', body: `RoleArn=${roleArn}&RoleSessionName=ok&${Array.from({ length: 11 }, (_, i) => `PolicyArns.member.${i + 1}.arn=${encodeURIComponent('arn:aws:iam::aws:policy/ReadOnlyAccess')}`).join('&')}`, code: 'ValidationError', status: 400 },
  { name: 'a session policy that is not JSON', body: `RoleArn=${roleArn}&RoleSessionName=ok&Policy=${encodeURIComponent('{not json')}`, code: 'MalformedPolicyDocument', status: 400 },
  { name: 'a session policy over 2048 characters', body: `RoleArn=${roleArn}&RoleSessionName=ok&Policy=${encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(2100)}` }] }))}`, code: 'ValidationError', status: 400 },
  { name: 'an external id with a forbidden character', body: `RoleArn=${roleArn}&RoleSessionName=ok&ExternalId=${encodeURIComponent('bad id!')}`, code: 'ValidationError', status: 400 },
  { name: 'a source identity starting with aws:', body: `RoleArn=${roleArn}&RoleSessionName=ok&SourceIdentity=${encodeURIComponent('aws:me')}`, code: 'ValidationError', status: 400 },
  { name: 'SerialNumber without TokenCode', body: `RoleArn=${roleArn}&RoleSessionName=ok&SerialNumber=${encodeURIComponent('arn:aws:iam::111111111111:mfa/alice')}`, code: 'ValidationError', status: 400 },
];

describe('STS input validation', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  for (const testCase of CASES) {
    it(`AssumeRole with ${testCase.name} → ${testCase.code}`, async () => {
      const mark = server.store.writes.length;
      const response = await send(await signedStsRequest(server.url, ALICE, `Action=AssumeRole&Version=2011-06-15&${testCase.body}`));
      assert.equal(response.status, testCase.status, response.body);
      assert.equal(xmlValue(response.body, 'Code'), testCase.code);
      if (testCase.message) assert.match(xmlValue(response.body, 'Message') ?? '', testCase.message);
      assert.deepEqual(server.store.writtenSince(mark), [], 'nothing is stored for a rejected request');
    });
  }

  it('an unknown action → InvalidAction', async () => {
    const response = await send(await signedStsRequest(server.url, ALICE, 'Action=StealCredentials&Version=2011-06-15'));
    assert.equal(response.status, 400);
    assert.equal(xmlValue(response.body, 'Code'), 'InvalidAction');
    assert.equal(xmlValue(response.body, 'Message'), 'Could not find operation StealCredentials for version 2011-06-15');
  });

  it('a wrong API version → InvalidAction', async () => {
    const response = await send(await signedStsRequest(server.url, ALICE, 'Action=GetCallerIdentity&Version=2099-01-01'));
    assert.equal(response.status, 400);
    assert.equal(xmlValue(response.body, 'Code'), 'InvalidAction');
  });

  it('an oversized body → 413 RequestEntityTooLarge, in the STS error envelope', async () => {
    const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=GetCallerIdentity&Version=2011-06-15&Junk=${'a'.repeat(600 * 1024)}` });
    assert.equal(response.status, 413);
    assert.equal(xmlValue(await response.text(), 'Code'), 'RequestEntityTooLarge');
  });

  it('hostile values are never echoed in full, and XML special characters are escaped', async () => {
    const hostile = `<script>${'x'.repeat(500)}`;
    const response = await send(await signedStsRequest(server.url, ALICE, `Action=AssumeRole&Version=2011-06-15&RoleArn=${roleArn}&RoleSessionName=${encodeURIComponent(hostile)}`));
    assert.equal(response.status, 400);
    assert.ok(!response.body.includes('<script>'), 'markup is escaped');
    assert.ok(response.body.length < 1000, 'the value is truncated in the message');
  });

  it('a parameter repeated with different values is refused', async () => {
    const response = await send(await signedStsRequest(server.url, ALICE, `Action=AssumeRole&Version=2011-06-15&RoleArn=${roleArn}&RoleSessionName=a1&RoleSessionName=a2`));
    assert.equal(response.status, 400);
    assert.equal(xmlValue(response.body, 'Code'), 'ValidationError');
  });
});
