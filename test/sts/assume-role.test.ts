/**
 * The AWS roles guide's Development/Production example, driven by the real AWS SDK for JavaScript.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, BOB, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';

describe('AssumeRole across accounts (roles guide example)', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  it('alice (Developers) assumes UpdateAPP and GetCallerIdentity answers the assumed-role ARN', async () => {
    const alice = stsClient(server.url, ALICE);
    const result = await alice.send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'alice-deploy' }));
    assert.match(result.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.match(result.Credentials!.SecretAccessKey!, /^[A-Za-z0-9+/]{40}$/);
    assert.ok(result.Credentials!.SessionToken!.length >= 64);
    const expiresIn = result.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(expiresIn > 3590_000 && expiresIn <= 3600_000, `default duration is one hour, got ${expiresIn}`);
    assert.equal(result.AssumedRoleUser!.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/alice-deploy');
    assert.match(result.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:alice-deploy$/);
    assert.match(result.$metadata.requestId!, /^[0-9a-f-]{36}$/);
    assert.equal(result.PackedPolicySize, undefined);

    const session = stsClient(server.url, credentialsOf(result));
    const identity = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/alice-deploy');
    assert.equal(identity.Account, '222222222222');
    assert.equal(identity.UserId, result.AssumedRoleUser!.AssumedRoleId);
  });

  it('alice with her long-term keys is the IAM user', async () => {
    const identity = await stsClient(server.url, ALICE).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:iam::111111111111:user/alice');
    assert.equal(identity.Account, '111111111111');
    assert.match(identity.UserId!, /^AIDA[A-Z2-7]{17}$/);
  });

  it('bob (Testers) gets AccessDenied with an encoded message he can decode, and nothing is stored', async () => {
    const mark = server.store.writes.length;
    const bob = stsClient(server.url, BOB);
    const error = await sdkError(bob.send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'bob' })));
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.match(error.message, /^User: arn:aws:iam::111111111111:user\/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/UpdateAPP/);
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), []);
    const encoded = /Encoded authorization failure message: (\S+)/.exec(error.message)?.[1];
    assert.ok(encoded, 'the denial carries an encoded authorization message');
    const decoded = await bob.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const message = JSON.parse(decoded.DecodedMessage!);
    assert.equal(message.allowed, false);
    assert.equal(message.explicitDeny, false);
    assert.equal(message.context.action, 'sts:AssumeRole');
    assert.equal(message.context.resource, UPDATE_APP);
    assert.equal(message.context.principal.arn, 'arn:aws:iam::111111111111:user/bob');
    assert.match(message.explanation, /identity/i, 'the explanation says the identity policies did not allow it');
  });

  it('a role that does not exist is AccessDenied with the same message shape (existence is not revealed)', async () => {
    const error = await sdkError(
      stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/NoSuchRole', RoleSessionName: 's1' })),
    );
    assert.equal(error.name, 'AccessDenied');
    assert.match(error.message, /is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/NoSuchRole/);
  });
});
