/**
 * The same journey with the store in Redis: sessions survive a process restart; an unreachable
 * Redis fails closed with ServiceUnavailable (503) and service resumes by itself.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { REDIS_URL, startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { startPrivateRedis, startRolegateProcess, waitFor, type RedisProcess } from '../helpers/processes.js';
import { ALICE, BOB, UPDATE_APP, credentialsOf, sdkError, stsClient } from '../helpers/demo.js';

async function redisReachable(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    await client.close();
    return true;
  } catch {
    return false;
  }
}

describe('STS journey with Redis', async () => {
  const reachable = await redisReachable();
  if (!reachable && process.env['CI'] === 'true') {
    it('Redis must be reachable in CI', () => assert.fail(`no Redis at ${REDIS_URL}`));
    return;
  }
  const skip = reachable ? false : `no Redis at ${REDIS_URL}`;

  describe('in-process with a Redis store', { skip }, () => {
    let server: TestServer;
    const prefix = `rgtest:${randomBytes(6).toString('hex')}:`;
    before(async () => {
      server = await startRolegate({ storeKind: 'redis', redisPrefix: prefix });
    });
    after(() => server.close());

    it('issues, stores with a TTL and without plain secrets, and accepts the credentials', async () => {
      const result = await stsClient(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'redis', DurationSeconds: 900 }));
      const creds = credentialsOf(result);
      const identity = await stsClient(server.url, creds).send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/redis');
      const raw = createClient({ url: REDIS_URL });
      await raw.connect();
      try {
        const key = `${prefix}sess:${creds.accessKeyId}`;
        const stored = await raw.get(key);
        assert.ok(stored, 'the session is in Redis under the prefix');
        assert.ok(!stored.includes(creds.secretAccessKey), 'the secret access key is not stored');
        assert.ok(!stored.includes(creds.sessionToken!), 'the session token is not stored');
        const ttl = await raw.pTTL(key);
        assert.ok(ttl > 900_000 && ttl <= 900_000 + 3_600_000, `TTL follows the credential lifetime, got ${ttl}`);
        assert.ok(stored.length < 1024, `a session costs well under 1 KB (${stored.length} bytes)`);
      } finally {
        await raw.close();
      }
      assert.equal((await sdkError(stsClient(server.url, BOB).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'bb' })))).name, 'AccessDenied');
    });
  });

  describe('as real processes', { skip }, () => {
    it('sessions survive a restart of the rolegate process', async () => {
      const env = { REDIS_URL, ROLEGATE_MASTER_KEY: randomBytes(32).toString('hex'), ROLEGATE_REDIS_PREFIX: `rgtest:${randomBytes(6).toString('hex')}:` };
      const first = await startRolegateProcess(env);
      let creds;
      try {
        creds = credentialsOf(await stsClient(first.url, ALICE).send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'restart' })));
      } finally {
        await first.stop();
      }
      const second = await startRolegateProcess(env);
      try {
        const identity = await stsClient(second.url, creds).send(new GetCallerIdentityCommand({}));
        assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/restart');
      } finally {
        await second.stop();
      }
    });

    it('fails closed with ServiceUnavailable when Redis is down, and recovers by itself', async () => {
      let redis: RedisProcess | undefined;
      redis = await startPrivateRedis();
      const rolegate = await startRolegateProcess({ REDIS_URL: redis.url });
      try {
        const alice = stsClient(rolegate.url, ALICE);
        const creds = credentialsOf(await alice.send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'before' })));
        await redis.stop();
        // Sessions are cached in-process for at most one second (core/session-resolver.ts).
        await new Promise((r) => setTimeout(r, 1100));
        const down = await sdkError(alice.send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'during' })));
        assert.equal(down.name, 'ServiceUnavailable');
        assert.equal(down.$metadata.httpStatusCode, 503);
        const verifyDown = await sdkError(stsClient(rolegate.url, creds).send(new GetCallerIdentityCommand({})));
        assert.equal(verifyDown.$metadata.httpStatusCode, 503, 'presented credentials are not accepted either');
        const ready = await fetch(`${rolegate.url}/readyz`);
        assert.equal(ready.status, 503);
        await redis.start();
        await waitFor(async () => (await fetch(`${rolegate.url}/readyz`)).ok, 15_000, 'readiness after Redis returns');
        const again = await alice.send(new AssumeRoleCommand({ RoleArn: UPDATE_APP, RoleSessionName: 'after' }));
        assert.ok(again.Credentials?.AccessKeyId);
        assert.ok(!rolegate.output().includes(ALICE.secretAccessKey), 'no secret in the logs');
      } finally {
        await rolegate.stop();
        await redis?.stop();
      }
    });
  });
});
