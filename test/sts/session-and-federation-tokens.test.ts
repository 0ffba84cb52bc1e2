/**
 * GetSessionToken, GetFederationToken, GetAccessKeyInfo and DecodeAuthorizationMessage (sts.md §1.4, §3.6, §9, §12.8–12.9).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { currentTotp, resolveCaller } from '../../src/core/index.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, ALICE_MFA_SEED, ALICE_MFA_SERIAL, AUDITOR, BOB, CRITICAL_OPS, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';

describe('GetSessionToken', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  it('gives alice 12-hour credentials that act as alice', async () => {
    const result = await stsClient(server.url, ALICE).send(new GetSessionTokenCommand({}));
    const lifetime = result.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(lifetime > 43190_000 && lifetime <= 43200_000);
    const identity = await stsClient(server.url, credentialsOf(result)).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:iam::111111111111:user/alice');
  });

  it('with MFA, the credentials satisfy an MFA-guarded trust policy', async () => {
    const result = await stsClient(server.url, ALICE).send(
      new GetSessionTokenCommand({ SerialNumber: ALICE_MFA_SERIAL, TokenCode: currentTotp(ALICE_MFA_SEED, Date.now()), DurationSeconds: 900 }),
    );
    const assumed = await stsClient(server.url, credentialsOf(result)).send(new AssumeRoleCommand({ RoleArn: CRITICAL_OPS, RoleSessionName: 'mfa-session' }));
    assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/CriticalOps/mfa-session');
  });

  it('with a wrong MFA code fails with the GetSessionToken wording', async () => {
    const error = await sdkError(stsClient(server.url, ALICE).send(new GetSessionTokenCommand({ SerialNumber: ALICE_MFA_SERIAL, TokenCode: '000000' === currentTotp(ALICE_MFA_SEED, Date.now()) ? '111111' : '000000' })));
    assert.equal(error.name, 'AccessDenied');
    assert.match(error.message, /^MultiFactorAuthentication failed, unable to validate MFA code\./);
  });

  it('is refused to session credentials', async () => {
    const assumed = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'x1' }));
    const error = await sdkError(stsClient(server.url, credentialsOf(assumed)).send(new GetSessionTokenCommand({})));
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.message, 'Cannot call GetSessionToken with session credentials');
  });

  it('rejects DurationSeconds outside 900..129600', async () => {
    const error = await sdkError(stsClient(server.url, ALICE).send(new GetSessionTokenCommand({ DurationSeconds: 129601 })));
    assert.equal(error.name, 'ValidationError');
  });
});

describe('GetFederationToken', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  it('returns a federated user whose permissions are the session policy ∩ the user policies', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'iam:CreateUser'], Resource: '*' }] });
    const result = await stsClient(server.url, ALICE).send(new GetFederationTokenCommand({ Name: 'partner-app', Policy: policy, DurationSeconds: 3600 }));
    assert.equal(result.FederatedUser?.Arn, 'arn:aws:sts::111111111111:federated-user/partner-app');
    assert.equal(result.FederatedUser?.FederatedUserId, '111111111111:partner-app');
    const creds = credentialsOf(result);
    const identity = await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:sts::111111111111:federated-user/partner-app');
    assert.equal(identity.UserId, '111111111111:partner-app');
    const resolved = await resolveCaller(server.rolegate.services, creds.accessKeyId, creds.sessionToken);
    const can = (action: string, resource: string) =>
      server.rolegate.services.authorizer.authorize({ caller: resolved!.caller, action, resource, env: { nowMs: Date.now() } }).allowed;
    assert.equal(can('s3:GetObject', 'arn:aws:s3:::dev-bucket/x'), true, 'allowed by both');
    assert.equal(can('iam:CreateUser', '*'), false, 'allowed by the session policy only');
    assert.equal(can('s3:PutObject', 'arn:aws:s3:::dev-bucket/x'), false, 'allowed by the user policy only');
  });

  it('without a session policy the federated user has no permissions', async () => {
    const result = await stsClient(server.url, ALICE).send(new GetFederationTokenCommand({ Name: 'bare' }));
    const creds = credentialsOf(result);
    const resolved = await resolveCaller(server.rolegate.services, creds.accessKeyId, creds.sessionToken);
    const decision = server.rolegate.services.authorizer.authorize({ caller: resolved!.caller, action: 's3:GetObject', resource: 'arn:aws:s3:::dev-bucket/x', env: { nowMs: Date.now() } });
    assert.equal(decision.allowed, false);
  });

  it('is denied to a user without sts:GetFederationToken, and to session credentials', async () => {
    assert.equal((await sdkError(stsClient(server.url, BOB).send(new GetFederationTokenCommand({ Name: 'bobfed' })))).name, 'AccessDenied');
    const assumed = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'x2' }));
    const error = await sdkError(stsClient(server.url, credentialsOf(assumed)).send(new GetFederationTokenCommand({ Name: 'nested' })));
    assert.equal(error.message, 'Cannot call GetFederationToken with session credentials');
  });

  it('validates Name', async () => {
    const error = await sdkError(stsClient(server.url, ALICE).send(new GetFederationTokenCommand({ Name: 'bad name' })));
    assert.equal(error.name, 'ValidationError');
  });
});

describe('GetAccessKeyInfo and DecodeAuthorizationMessage', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  it('answers the account of long-term and temporary keys', async () => {
    const alice = stsClient(server.url, ALICE);
    assert.equal((await alice.send(new GetAccessKeyInfoCommand({ AccessKeyId: AUDITOR.accessKeyId }))).Account, '333333333333');
    const assumed = await alice.send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'kk' }));
    assert.equal((await alice.send(new GetAccessKeyInfoCommand({ AccessKeyId: assumed.Credentials!.AccessKeyId! }))).Account, '222222222222');
    const invalid = await sdkError(alice.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'short' })));
    assert.equal(invalid.name, 'ValidationError');
  });

  it('a tampered encoded message is InvalidAuthorizationMessageException', async () => {
    const denied = await sdkError(stsClient(server.url, BOB).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'bb' })));
    const encoded = /Encoded authorization failure message: (\S+)/.exec(denied.message)![1]!;
    const tampered = encoded.slice(0, -4) + (encoded.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const error = await sdkError(stsClient(server.url, BOB).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: tampered })));
    assert.equal(error.name, 'InvalidAuthorizationMessageException');
    assert.equal(error.$metadata.httpStatusCode, 400);
  });

  it('decoding requires sts:DecodeAuthorizationMessage', async () => {
    const denied = await sdkError(stsClient(server.url, BOB).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'bb' })));
    const encoded = /Encoded authorization failure message: (\S+)/.exec(denied.message)![1]!;
    const assumed = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'dec' }));
    const error = await sdkError(stsClient(server.url, credentialsOf(assumed)).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })));
    assert.equal(error.name, 'AccessDenied');
  });
});
