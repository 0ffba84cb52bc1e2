/**
 * Two rolegate processes sharing one Redis: credentials issued by one are accepted by the other,
 * and a revocation on one is enforced by the other within a second, even though the other had
 * the session cached.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { REDIS_URL } from '../helpers/rolegate-server.js';
import { startRolegateProcess, type RolegateProcess } from '../helpers/processes.js';
import { ADMIN, ALICE, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';
import { adminCall } from '../helpers/admin.js';
import { signRequest } from '../helpers/sign.js';

describe('two gateway instances on one Redis', () => {
  let a: RolegateProcess;
  let b: RolegateProcess;
  before(async () => {
    const env = { REDIS_URL, ROLEGATE_MASTER_KEY: randomBytes(32).toString('hex'), ROLEGATE_REDIS_PREFIX: `rgtest:${randomBytes(6).toString('hex')}:` };
    [a, b] = await Promise.all([startRolegateProcess(env), startRolegateProcess(env)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('credentials issued by A are accepted by B (STS and /verify), and B publishes the same JWKS', async () => {
    const creds = credentialsOf(await stsClient(a.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'on-a' })));
    assert.equal((await stsClient(b.url, creds).send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/on-a');
    const signed = await signRequest({ method: 'GET', url: 'http://app.example/productionapp/x', service: 's3', credentials: creds });
    const verified = await fetch(`${b.url}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ request: signed, service: 's3', action: 's3:GetObject', resource: 'arn:aws:s3:::productionapp/x' }) });
    assert.equal(verified.status, 200);
    const [jwksA, jwksB] = await Promise.all([a, b].map(async (p) => (await fetch(`${p.url}/.well-known/jwks.json`)).json()));
    assert.deepEqual(jwksA, jwksB);
  });

  it('a revocation made on A is enforced by B within a second, although B had cached the session', async () => {
    const creds = credentialsOf(await stsClient(a.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'revoke-me' })));
    const onB = stsClient(b.url, creds);
    await onB.send(new GetCallerIdentityCommand({}));
    const revoked = await adminCall(a.url, ADMIN, 'POST', '/admin/revocations', { scope: 'session', accessKeyId: creds.accessKeyId });
    assert.equal(revoked.status, 200);
    const started = Date.now();
    let lastError: Error | undefined;
    while (Date.now() - started < 3000) {
      try {
        await onB.send(new GetCallerIdentityCommand({}));
      } catch (error) {
        lastError = error as Error;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = Date.now() - started;
    assert.equal(lastError?.name, 'InvalidClientTokenId');
    assert.ok(elapsed <= 1000, `enforced by the other instance within a second (took ${elapsed} ms)`);
    assert.equal((await sdkError(stsClient(a.url, creds).send(new GetCallerIdentityCommand({})))).name, 'InvalidClientTokenId');
  });
});
