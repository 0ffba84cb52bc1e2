/**
 * End to end with the real JS SDK v3 STS client: its middleware stack (user agent, invocation id,
 * retry headers, content length, host with port, x-amz-content-sha256) produces the request, which
 * is captured by a stub HTTP handler and handed to the verifier exactly as it would go on the wire.
 */

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { SignedRequestParts } from '../../src/sigv4/index.js';
import { verifySigV4 } from '../../src/sigv4/index.js';
import { buildRawQuery, EXAMPLE, rejectsWith, sha256Hex, TEMP, testLookup } from './helpers.js';
import type { Query } from './helpers.js';

interface CapturedRequest {
  method: string;
  path: string;
  query: Query;
  headers: Record<string, string>;
  body: string;
}

const CALLER_XML =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  '<Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>' +
  '</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>';

/** Sends one command through a real STSClient and returns the request it would have sent. */
async function capture(
  command: GetCallerIdentityCommand | AssumeRoleCommand,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  endpoint = 'http://localhost:8080',
): Promise<SignedRequestParts> {
  let captured: CapturedRequest | undefined;
  const client = new STSClient({
    region: 'eu-west-1',
    endpoint,
    credentials,
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: CapturedRequest) => {
        captured = request;
        return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(CALLER_XML)]) } };
      },
    },
  });
  await client.send(command as GetCallerIdentityCommand).catch(() => undefined);
  assert.ok(captured, 'the client sent a request');
  return {
    method: captured.method,
    path: captured.path,
    rawQuery: buildRawQuery(captured.query),
    headers: { ...captured.headers },
    bodySha256Hex: sha256Hex(captured.body),
  };
}

const options = () => ({ service: 'sts', nowMs: Date.now(), allowedRegions: ['eu-west-1'] });

describe('@aws-sdk/client-sts requests verify', () => {
  it('GetCallerIdentity with long-term keys', async () => {
    const parts = await capture(new GetCallerIdentityCommand({}), EXAMPLE);
    const verified = await verifySigV4(parts, testLookup(), options());
    assert.equal(verified.accessKeyId, EXAMPLE.accessKeyId);
    assert.equal(verified.region, 'eu-west-1');
    assert.ok(verified.signedHeaders.includes('amz-sdk-invocation-id'));
    assert.ok(!verified.signedHeaders.includes('user-agent'));
  });

  it('AssumeRole with temporary credentials, tags and a session name needing encoding', async () => {
    const command = new AssumeRoleCommand({
      RoleArn: 'arn:aws:iam::123456789012:role/dev',
      RoleSessionName: 'alice+ops=1,x@y.z',
      Tags: [{ Key: 'Project', Value: 'blue / green' }, { Key: 'Team', Value: 'Ünïcode ✓' }],
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      DurationSeconds: 3600,
    });
    const parts = await capture(command, TEMP);
    const lookup = testLookup();
    const verified = await verifySigV4(parts, lookup, options());
    assert.equal(verified.sessionToken, TEMP.sessionToken);
    assert.deepEqual(lookup.calls, [{ accessKeyId: TEMP.accessKeyId, sessionToken: TEMP.sessionToken }]);
  });

  it('a tampered form body is rejected as a body hash mismatch', async () => {
    const parts = await capture(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/dev', RoleSessionName: 'alice' }), EXAMPLE);
    const tampered = { ...parts, bodySha256Hex: sha256Hex('Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin&RoleSessionName=alice') };
    const error = await rejectsWith(verifySigV4(tampered, testLookup(), options()), 'SIGNATURE_MISMATCH');
    assert.match(error.detail ?? '', /body hash mismatch/);
  });

  it('a custom endpoint with a path prefix', async () => {
    const parts = await capture(new GetCallerIdentityCommand({}), EXAMPLE, 'http://localhost:8080/api/sts/');
    assert.equal(parts.path, '/api/sts/');
    await verifySigV4(parts, testLookup(), options());
  });

  it('an expired session token is reported by the lookup as EXPIRED_TOKEN', async () => {
    const parts = await capture(new GetCallerIdentityCommand({}), { ...TEMP, sessionToken: 'expired-token' });
    await rejectsWith(verifySigV4(parts, testLookup(), options()), 'EXPIRED_TOKEN');
  });
});
