/**
 * DurationSeconds limits and role chaining (sts.md §2, §12.1–12.2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, PRODUCTION_READ_ONLY, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';

describe('session durations and role chaining', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());
  const alice = () => stsClient(server.url, ALICE);

  it('accepts the role maximum (7200 s for UpdateAPP) and sets the expiry accordingly', async () => {
    const result = await alice().send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'long', DurationSeconds: 7200 }));
    const lifetime = result.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(lifetime > 7190_000 && lifetime <= 7200_000, String(lifetime));
  });

  it('rejects DurationSeconds above the role maximum with ValidationError', async () => {
    const mark = server.store.writes.length;
    const error = await sdkError(alice().send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'long', DurationSeconds: 7201 })));
    assert.equal(error.name, 'ValidationError');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.message, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), []);
  });

  it('rejects DurationSeconds below 900 and above 43200 as constraint violations', async () => {
    const low = await sdkError(alice().send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'sss', DurationSeconds: 899 })));
    assert.equal(low.name, 'ValidationError');
    assert.equal(low.message, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    const high = await sdkError(alice().send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'ss', DurationSeconds: 43201 })));
    assert.equal(high.name, 'ValidationError');
  });

  it('role chaining is capped at one hour, and 3600 s is accepted', async () => {
    const first = await alice().send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'hop1' }));
    const session = stsClient(server.url, credentialsOf(first));
    const mark = server.store.writes.length;
    const tooLong = await sdkError(session.send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'hop2', DurationSeconds: 3601 })));
    assert.equal(tooLong.name, 'ValidationError');
    assert.equal(tooLong.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    assert.deepEqual(server.store.writtenSince(mark, 'sess:'), []);
    const chained = await session.send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'hop2', DurationSeconds: 3600 }));
    const identity = await stsClient(server.url, credentialsOf(chained)).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/ProductionReadOnly/hop2');
  });

  it('a role session cannot assume a role whose trust does not name it', async () => {
    const first = await alice().send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY.replace('ProductionReadOnly', 'UpdateAPP'), RoleSessionName: 'aa' }));
    const readOnly = await stsClient(server.url, credentialsOf(first)).send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'bb' }));
    const error = await sdkError(stsClient(server.url, credentialsOf(readOnly)).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'cc' })));
    assert.equal(error.name, 'AccessDenied');
  });
});
