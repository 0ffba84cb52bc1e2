/**
 * Fail closed and recover: a real redis-server child process is crashed, hung and restarted
 * under a live store. Nothing here may hang: every wait is bounded, every child is killed.
 */

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { RedisKeyValueStore } from '../../src/store/index.js';
import { createRedisStore } from '../../src/store/index.js';
import type { CapturedLog } from './helpers.js';
import { assertUnavailable, captureLogger, eventually, inbox, sleep } from './helpers.js';
import type { RedisServerProcess } from './redis-server.js';
import { freePort, redisServer, redisServerMissing } from './redis-server.js';
import { connectRaw, registerMissingPrerequisite } from './redis-test-support.js';

/** Generous next to the 2 s reconnect backoff cap, small enough to keep the suite quick. */
const RECOVERY_BUDGET_MS = 8_000;

/** Every store method, called once; each must reject with STORE_UNAVAILABLE. */
function callEveryMethod(store: RedisKeyValueStore): Array<[string, Promise<unknown>]> {
  const later = Date.now() + 60_000;
  return [
    ['get', store.get('k')],
    ['set', store.set('k', 'v')],
    ['set NX PXAT', store.set('nx', 'v', { onlyIfAbsent: true, expiresAtMs: later })],
    ['getDel', store.getDel('k')],
    ['del', store.del('k')],
    ['incr', store.incr('counter', later)],
    ['append', store.append('log', { a: 'b' }, 10)],
    ['readLatest', store.readLatest('log', 10)],
    ['publish', store.publish('events', 'm')],
    ['subscribe', store.subscribe(`events-${Math.random()}`, () => undefined)],
    ['ping', store.ping()],
    ['evictionPolicy', store.evictionPolicy()],
  ];
}

async function assertAllFailClosed(store: RedisKeyValueStore, withinMs: number): Promise<void> {
  const started = Date.now();
  await Promise.all(callEveryMethod(store).map(([label, call]) => assertUnavailable(call, label)));
  const elapsed = Date.now() - started;
  assert.ok(elapsed < withinMs, `calls took ${elapsed} ms to fail`);
}

function logged(entries: readonly CapturedLog[], level: CapturedLog['level'], fragment: string): boolean {
  return entries.some((entry) => entry.level === level && entry.msg.includes(fragment));
}

const missing = redisServerMissing();
if (missing !== undefined) {
  registerMissingPrerequisite('redis-server binary', missing);
} else {
  describe('redis store: fail closed, fail fast, recover by itself', () => {
    const servers: RedisServerProcess[] = [];
    const stores: RedisKeyValueStore[] = [];
    const newServer = async (): Promise<RedisServerProcess> => {
      const server = redisServer(await freePort());
      servers.push(server);
      return server;
    };
    const newStore = async (url: string, logger = captureLogger(), prefix = 'failtest:'): Promise<RedisKeyValueStore> => {
      const store = await createRedisStore({ url, prefix, logger });
      stores.push(store);
      return store;
    };

    after(async () => {
      await Promise.all(stores.map((store) => store.close()));
      for (const server of servers) server.resume(); // a stopped process still dies of SIGKILL; be tidy anyway
      await Promise.all(servers.map((server) => server.kill()));
    });

    it('crash: every call rejects with STORE_UNAVAILABLE within 1 s, then service resumes alone', async () => {
      const server = await newServer();
      await server.start();
      const logger = captureLogger();
      const store = await newStore(server.url, logger);

      await store.set('k', 'v');
      assert.equal(await store.get('k'), 'v');
      const heard = inbox();
      const unsubscribeEarly = await store.subscribe('early', () => undefined);
      await store.subscribe('events', heard.push);
      await store.publish('events', 'before');
      await heard.waitFor(1);

      await server.kill();
      await assertAllFailClosed(store, 1_000);
      await assertUnavailable(store.ping(), 'ping');
      const unsubscribeStarted = Date.now();
      await unsubscribeEarly(); // must settle (not hang, not throw) while Redis is gone
      assert.ok(Date.now() - unsubscribeStarted < 1_000);
      assert.ok(logged(logger.entries, 'error', 'connection lost'), JSON.stringify(logger.entries));

      await server.start();
      const recoveredAfter = await eventually(() => store.ping(), RECOVERY_BUDGET_MS);
      assert.ok(recoveredAfter < RECOVERY_BUDGET_MS);
      assert.equal(await store.set('k2', 'v2'), true);
      assert.equal(await store.get('k2'), 'v2');
      assert.equal(await store.get('k'), null, 'the restarted server has no persistence');
      // node-redis re-subscribes by itself; the subscriber connection may come back a little later.
      await eventually(async () => {
        await store.publish('events', 'after');
        await sleep(50);
        assert.ok(heard.messages.includes('after'));
      }, RECOVERY_BUDGET_MS);
      assert.ok(logged(logger.entries, 'warn', 'restored'), JSON.stringify(logger.entries));
    });

    it('hang: a stopped server makes calls time out into STORE_UNAVAILABLE; it resumes cleanly', async () => {
      const server = await newServer();
      await server.start();
      const store = await newStore(server.url);
      await store.set('k', 'v');
      await store.subscribe('warm-up', () => undefined); // so SUBSCRIBE below meets a live, hung connection

      server.pause();
      await assertAllFailClosed(store, 1_000);

      server.resume();
      await eventually(() => store.ping(), RECOVERY_BUDGET_MS);
      // Late replies to the timed-out commands must not be handed to new ones.
      assert.equal(await store.set('fresh', 'value'), true);
      assert.equal(await store.get('fresh'), 'value');
      assert.equal(await store.incr('fresh-counter', Date.now() + 60_000), 1);
    });

    it('startup with Redis down: resolves, warns, fails fast, then comes up by itself', async () => {
      const server = await newServer(); // port chosen, nothing listening yet
      const logger = captureLogger();
      const started = Date.now();
      const store = await newStore(server.url, logger);
      assert.ok(Date.now() - started < 1_000, 'createRedisStore must not wait for Redis');
      assert.ok(logged(logger.entries, 'warn', 'not reachable at startup'), JSON.stringify(logger.entries));

      const callStarted = Date.now();
      await assertUnavailable(store.get('k'), 'get');
      await assertUnavailable(store.ping(), 'ping');
      await assertUnavailable(store.subscribe('events', () => undefined), 'subscribe');
      assert.ok(Date.now() - callStarted < 1_000, 'calls must fail fast while disconnected');

      await server.start();
      await eventually(() => store.ping(), RECOVERY_BUDGET_MS);
      await store.set('k', 'v');
      assert.equal(await store.get('k'), 'v');
      const heard = inbox();
      await eventually(() => store.subscribe('events', heard.push), RECOVERY_BUDGET_MS);
      await store.publish('events', 'hello');
      await heard.waitFor(1);
    });

    it('evictionPolicy reports the policy; a least-privilege ACL user works and gets "unknown"', async () => {
      const server = await newServer();
      await server.start();
      const raw = await connectRaw(server.url);
      try {
        await raw.configSet('maxmemory-policy', 'allkeys-lru');
        // The ACL of security.md §5 (no CONFIG, no KEYS), with exactly the commands the store uses.
        await raw.sendCommand([
          'ACL', 'SETUSER', 'app', 'on', '>app-pass', '~rg:*', '&rg:*', '-@all',
          '+get', '+set', '+getdel', '+del', '+evalsha', '+eval', '+exists', '+incr', '+pexpireat',
          '+xadd', '+xrevrange', '+publish', '+subscribe', '+unsubscribe', '+ping',
        ]);
      } finally {
        raw.destroy();
      }
      const admin = await newStore(server.url);
      assert.equal(await admin.evictionPolicy(), 'allkeys-lru');

      const app = await newStore(`redis://app:app-pass@127.0.0.1:${server.port}`, captureLogger(), 'rg:');
      assert.equal(await app.evictionPolicy(), 'unknown');
      assert.equal(await app.set('k', 'v', { onlyIfAbsent: true, expiresAtMs: Date.now() + 60_000 }), true);
      assert.equal(await app.getDel('k'), 'v');
      assert.equal(await app.incr('rl', Date.now() + 60_000), 1);
      await app.append('audit', { event: 'x' }, 10);
      assert.equal((await app.readLatest('audit', 1)).length, 1);
      const heard = inbox();
      const unsubscribe = await app.subscribe('events', heard.push);
      await app.publish('events', 'hello');
      await heard.waitFor(1);
      await unsubscribe();
      await app.del('rl');
      await app.ping();
    });
  });
}
