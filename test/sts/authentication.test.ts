/**
 * SigV4 authentication of STS callers: each failure with AWS's error code and status (sts.md §1.6, §11).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';
import { presignedStsUrl, send, signedStsRequest, xmlValue } from '../helpers/raw-sts.js';

describe('STS caller authentication', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  it('a wrong secret gets SignatureDoesNotMatch (403)', async () => {
    const error = await sdkError(stsClient(server.url, { ...ALICE, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})));
    assert.equal(error.name, 'SignatureDoesNotMatch');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.match(error.message, /The request signature we calculated does not match the signature you provided/);
  });

  it('an unknown access key gets InvalidClientTokenId (403)', async () => {
    const error = await sdkError(stsClient(server.url, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'y'.repeat(40) }).send(new GetCallerIdentityCommand({})));
    assert.equal(error.name, 'InvalidClientTokenId');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.message, 'The security token included in the request is invalid.');
  });

  it('a tampered body is rejected even though the headers are intact', async () => {
    const request = await signedStsRequest(server.url, ALICE, `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(UPDATE_APP)}&RoleSessionName=good`);
    const tampered = { ...request, body: request.body!.replace('RoleSessionName=good', 'RoleSessionName=evil') };
    const mark = server.store.writes.length;
    const response = await send(tampered);
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.body, 'Code'), 'SignatureDoesNotMatch');
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), []);
    // The untampered request is accepted, proving the test can fail for the right reason.
    const ok = await send(request);
    assert.equal(ok.status, 200, ok.body);
  });

  it('a tampered body is rejected also without x-amz-content-sha256 (hash is recomputed)', async () => {
    const request = await signedStsRequest(server.url, ALICE, 'Action=GetCallerIdentity&Version=2011-06-15');
    const headers = { ...request.headers };
    delete headers['x-amz-content-sha256'];
    const response = await send({ ...request, headers, body: 'Action=GetCallerIdentity&Version=2011-06-15&X=1' });
    assert.equal(response.status, 403);
    assert.equal(xmlValue(response.body, 'Code'), 'SignatureDoesNotMatch');
  });

  it('a request dated 16 minutes ago gets SignatureDoesNotMatch "Signature expired"', async () => {
    const error = await sdkError(stsClient(server.url, ALICE, { systemClockOffset: -16 * 60 * 1000 }).send(new GetCallerIdentityCommand({})));
    assert.equal(error.name, 'SignatureDoesNotMatch');
    assert.match(error.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  it('a request dated 16 minutes ahead gets "Signature not yet current"', async () => {
    const error = await sdkError(stsClient(server.url, ALICE, { systemClockOffset: 16 * 60 * 1000 }).send(new GetCallerIdentityCommand({})));
    assert.equal(error.name, 'SignatureDoesNotMatch');
    assert.match(error.message, /^Signature not yet current: /);
  });

  it('a request within 14 minutes of skew is accepted', async () => {
    const identity = await stsClient(server.url, ALICE, { systemClockOffset: -14 * 60 * 1000 }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:iam::111111111111:user/alice');
  });

  it('an expired temporary credential gets ExpiredToken (403)', async () => {
    const assumed = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'short', DurationSeconds: 900 }));
    server.clock.offsetMs = 901_000;
    try {
      const error = await sdkError(stsClient(server.url, credentialsOf(assumed), { systemClockOffset: 901_000 }).send(new GetCallerIdentityCommand({})));
      assert.equal(error.name, 'ExpiredToken');
      assert.equal(error.$metadata.httpStatusCode, 403);
      assert.equal(error.message, 'The security token included in the request is expired');
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('a temporary key with a wrong or missing session token gets InvalidClientTokenId', async () => {
    const assumed = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'tok' }));
    const creds = credentialsOf(assumed);
    const wrong = await sdkError(stsClient(server.url, { ...creds, sessionToken: `${creds.sessionToken}x` }).send(new GetCallerIdentityCommand({})));
    assert.equal(wrong.name, 'InvalidClientTokenId');
    const { sessionToken: _omit, ...withoutToken } = creds;
    const missing = await sdkError(stsClient(server.url, withoutToken).send(new GetCallerIdentityCommand({})));
    assert.equal(missing.name, 'InvalidClientTokenId');
  });

  it('an unsigned AssumeRole gets MissingAuthenticationToken (403)', async () => {
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(UPDATE_APP)}&RoleSessionName=x`,
    });
    const body = await response.text();
    assert.equal(response.status, 403);
    assert.equal(xmlValue(body, 'Code'), 'MissingAuthenticationToken');
    assert.equal(xmlValue(body, 'Message'), 'Request is missing Authentication Token');
    assert.equal(xmlValue(body, 'Type'), 'Sender');
    assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(xmlValue(body, 'RequestId'), response.headers.get('x-amzn-requestid'));
  });

  it('a presigned GET GetCallerIdentity URL works (EKS/Vault style) and JSON is served on request', async () => {
    const url = await presignedStsUrl(server.url, ALICE, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    const xml = await fetch(url);
    const xmlBody = await xml.text();
    assert.equal(xml.status, 200, xmlBody);
    assert.match(xml.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(xmlBody, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>/);
    const json = await fetch(url, { headers: { accept: 'application/json' } });
    const parsed = (await json.json()) as { GetCallerIdentityResponse: { GetCallerIdentityResult: { Arn: string }; ResponseMetadata: { RequestId: string } } };
    assert.equal(parsed.GetCallerIdentityResponse.GetCallerIdentityResult.Arn, 'arn:aws:iam::111111111111:user/alice');
    assert.equal(parsed.GetCallerIdentityResponse.ResponseMetadata.RequestId, json.headers.get('x-amzn-requestid'));
  });

  it('an expired presigned URL is refused', async () => {
    const url = await presignedStsUrl(server.url, ALICE, { Action: 'GetCallerIdentity', Version: '2011-06-15' }, 1);
    server.clock.offsetMs = 5_000;
    try {
      const response = await fetch(url);
      assert.equal(response.status, 403);
      assert.equal(xmlValue(await response.text(), 'Code'), 'SignatureDoesNotMatch');
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('JSON error bodies follow the STS JSON shape', async () => {
    const response = await fetch(`${server.url}/?Action=GetCallerIdentity&Version=2011-06-15`, { headers: { accept: 'application/json' } });
    assert.equal(response.status, 403);
    const body = (await response.json()) as { Error: { Code: string; Type: string; Message: string }; RequestId: string };
    assert.equal(body.Error.Code, 'MissingAuthenticationToken');
    assert.equal(body.Error.Type, 'Sender');
    assert.equal(body.RequestId, response.headers.get('x-amzn-requestid'));
  });
});
