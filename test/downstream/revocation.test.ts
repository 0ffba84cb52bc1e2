/**
 * Revocation by session, principal, role and login; the admin API authorised through the policy
 * engine; audit queries; RFC 7662 introspection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ADMIN, ALICE, BOB, PRODUCTION_READ_ONLY, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';
import { adminCall } from '../helpers/admin.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('revocation', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());

  const assume = async (name: string) => credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: name })));
  const whoAmI = (creds: Parameters<typeof stsClient>[1]) => stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));

  it('one session: revoked at once everywhere it is presented; others keep working', async () => {
    const victim = await assume('victim');
    const bystander = await assume('bystander');
    await whoAmI(victim); // now cached in the session cache
    const result = await adminCall(server.url, ADMIN, 'POST', '/admin/revocations', { scope: 'session', accessKeyId: victim.accessKeyId });
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const error = await sdkError(whoAmI(victim));
    assert.equal(error.name, 'InvalidClientTokenId');
    assert.equal(error.message, 'The security token included in the request has been revoked.');
    assert.equal((await whoAmI(bystander)).Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/bystander');
  });

  it('a role: sessions issued before now stop working, new ones work (like AWS "revoke active sessions")', async () => {
    const before1 = await assume('old1');
    await pause(5);
    assert.equal((await adminCall(server.url, ADMIN, 'POST', '/admin/revocations', { scope: 'role', roleArn: UPDATE_APP })).status, 200);
    await pause(5);
    assert.equal((await sdkError(whoAmI(before1))).name, 'InvalidClientTokenId');
    const fresh = await assume('fresh');
    assert.equal((await whoAmI(fresh)).Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/fresh');
  });

  it('a principal: everything alice obtained, including chained sessions, is revoked', async () => {
    await pause(5);
    const sessionToken = credentialsOf(await stsClient(server.url, ALICE).send(new GetSessionTokenCommand({})));
    const role = await assume('chain-start');
    const chained = credentialsOf(await stsClient(server.url, role).send(new AssumeRoleCommand({ RoleArn: PRODUCTION_READ_ONLY, RoleSessionName: 'chain-end' })));
    await pause(5);
    assert.equal((await adminCall(server.url, ADMIN, 'POST', '/admin/revocations', { scope: 'principal', principalArn: 'arn:aws:iam::111111111111:user/alice' })).status, 200);
    for (const creds of [sessionToken, role, chained]) assert.equal((await sdkError(whoAmI(creds))).name, 'InvalidClientTokenId');
    assert.equal((await whoAmI(ALICE)).Arn, 'arn:aws:iam::111111111111:user/alice', "alice's long-term keys are not sessions and keep working");
  });

  it('bob may not revoke, the refusal is explained, and nothing is written', async () => {
    const target = await assume('protected');
    const mark = server.store.writes.length;
    const result = await adminCall(server.url, BOB, 'POST', '/admin/revocations', { scope: 'session', accessKeyId: target.accessKeyId });
    assert.equal(result.status, 403);
    assert.equal(result.body['error'].code, 'AccessDenied');
    assert.match(result.body['error'].message, /rolegate:RevokeSession/);
    assert.deepEqual(server.store.writtenSince(mark, 'rev:'), []);
    assert.ok(await whoAmI(target));
  });

  it('malformed admin requests are refused with ValidationError and store nothing', async () => {
    const mark = server.store.writes.length;
    for (const body of [{ scope: 'everything' }, { scope: 'session', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, { scope: 'role', roleArn: 'not-an-arn' }, { scope: 'login' }, { scope: 'role', roleArn: UPDATE_APP, extra: 1 }]) {
      const result = await adminCall(server.url, ADMIN, 'POST', '/admin/revocations', body);
      assert.equal(result.status, 400, JSON.stringify(body));
      assert.equal(result.body['error'].code, 'ValidationError');
    }
    const unknownRole = await adminCall(server.url, ADMIN, 'POST', '/admin/revocations', { scope: 'role', roleArn: 'arn:aws:iam::222222222222:role/Nope' });
    assert.equal(unknownRole.status, 404);
    const unsigned = await fetch(`${server.url}/admin/revocations`, { method: 'POST', body: '{}' });
    assert.equal(unsigned.status, 403);
    assert.deepEqual(server.store.writtenSince(mark, 'rev:'), []);
  });

  it('the audit trail records revocations and is queryable by an operator only', async () => {
    const audit = await adminCall(server.url, ADMIN, 'GET', '/admin/audit?type=credentials.revoked&limit=10');
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.ok(audit.body['events'].length >= 3);
    assert.ok(audit.body['events'].every((e: { type: string }) => e.type === 'credentials.revoked'));
    assert.ok(audit.body['events'].some((e: { reason: string }) => /sessions of role arn:aws:iam::222222222222:role\/UpdateAPP/.test(e.reason)));
    assert.ok(!JSON.stringify(audit.body).includes(ALICE.secretAccessKey));
    assert.equal((await adminCall(server.url, BOB, 'GET', '/admin/audit')).status, 403);
    assert.equal((await adminCall(server.url, ADMIN, 'GET', '/admin/audit?limit=0')).status, 400);
  });
});

describe('token introspection (RFC 7662)', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server.close());
  const basic = `Basic ${Buffer.from('demo-app:demo-app-introspection-secret').toString('base64')}`;
  const introspect = async (token: string, authorization: string | null = basic) => {
    const response = await fetch(`${server.url}/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
      body: new URLSearchParams({ token }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('active for a live session token, inactive after revocation', async () => {
    const creds = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'introspected' })));
    const active = await introspect(creds.sessionToken!);
    assert.equal(active.status, 200);
    assert.equal(active.body['active'], true);
    assert.equal(active.body['sub'], 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/introspected');
    assert.equal(active.body['role_arn'], UPDATE_APP);
    assert.equal(active.body['jti'], creds.accessKeyId);
    await adminCall(server.url, ADMIN, 'POST', '/admin/revocations', { scope: 'session', accessKeyId: creds.accessKeyId });
    assert.deepEqual((await introspect(creds.sessionToken!)).body, { active: false });
  });

  it('garbage and expired tokens are inactive without a reason; clients must authenticate', async () => {
    assert.deepEqual((await introspect('not-a-token-at-all')).body, { active: false });
    const creds = credentialsOf(await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'exp', DurationSeconds: 900 })));
    server.clock.offsetMs = 901_000;
    try {
      assert.deepEqual((await introspect(creds.sessionToken!)).body, { active: false });
    } finally {
      server.clock.offsetMs = 0;
    }
    assert.equal((await introspect(creds.sessionToken!, null)).status, 401);
    assert.equal((await introspect(creds.sessionToken!, `Basic ${Buffer.from('demo-app:wrong-secret-000000').toString('base64')}`)).status, 401);
  });
});
