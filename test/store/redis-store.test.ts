import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RedisKeyValueStore } from '../../src/store/index.js';
import { checkEvictionPolicy, createRedisStore } from '../../src/store/index.js';
import { runStoreContract } from './contract.js';
import { captureLogger, inbox } from './helpers.js';
import type { RawClient } from './redis-test-support.js';
import { connectRaw, deleteMatching, registerMissingPrerequisite } from './redis-test-support.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Every key this run writes lives under this prefix, so cleanup cannot touch anyone else's data. */
const RUN_PREFIX = `rgtest:${randomUUID()}:`;

let raw: RawClient | undefined;
let unreachable = '';
try {
  raw = await connectRaw(REDIS_URL);
} catch (err) {
  unreachable = err instanceof Error ? err.message : String(err);
}

if (raw === undefined) {
  registerMissingPrerequisite(`Redis at ${REDIS_URL}`, unreachable);
} else {
  const inspector = raw;
  let storeCount = 0;
  const newPrefix = (): string => `${RUN_PREFIX}${storeCount++}:`;

  after(async () => {
    await deleteMatching(inspector, `${RUN_PREFIX}*`);
    inspector.destroy();
  });

  runStoreContract('redis', async () => {
    const store = await createRedisStore({ url: REDIS_URL, prefix: newPrefix(), logger: captureLogger() });
    return { store, cleanup: () => store.close() };
  });

  describe('redis store specifics', () => {
    let store: RedisKeyValueStore;
    let prefix: string;
    const logger = captureLogger();

    before(async () => {
      prefix = newPrefix();
      store = await createRedisStore({ url: REDIS_URL, prefix, logger });
    });
    after(() => store.close());

    it('starts without warnings when Redis is up', () => {
      assert.deepEqual(logger.entries, []);
    });

    it('stores values under the prefix with an absolute PXAT expiry', async () => {
      const expiresAtMs = Date.now() + 60_000;
      await store.set('cred', 'value', { expiresAtMs });
      assert.equal(await inspector.get(`${prefix}cred`), 'value');
      assert.equal(await inspector.pExpireTime(`${prefix}cred`), expiresAtMs);
      const ttl = await inspector.pTTL(`${prefix}cred`);
      assert.ok(ttl > 59_000 && ttl <= 60_000, `PTTL ${ttl}`);

      await store.set('durable', 'value');
      assert.equal(await inspector.pTTL(`${prefix}durable`), -1, 'no expiry when none is given');
    });

    it('incr sets PEXPIREAT on creation only', async () => {
      const first = Date.now() + 60_000;
      await store.incr('rl', first);
      await store.incr('rl', first + 30_000);
      assert.equal(await inspector.get(`${prefix}rl`), '2');
      assert.equal(await inspector.pExpireTime(`${prefix}rl`), first);
    });

    it('incr still works after the server forgot the script (NOSCRIPT fallback)', async () => {
      await inspector.scriptFlush();
      assert.equal(await store.incr('after-flush', Date.now() + 60_000), 1);
      assert.equal(await store.incr('after-flush', Date.now() + 60_000), 2);
    });

    it('streams and pub/sub channels carry the prefix too', async () => {
      await store.append('audit', { event: 'x' }, 10);
      assert.equal(await inspector.type(`${prefix}audit`), 'stream');

      const listener = inspector.duplicate();
      listener.on('error', () => undefined);
      await listener.connect();
      try {
        const heard = inbox();
        await listener.subscribe(`${prefix}events`, heard.push);
        await store.publish('events', 'hello');
        await heard.waitFor(1);
        assert.deepEqual(heard.messages, ['hello']);
      } finally {
        listener.destroy();
      }
    });

    it('uses the rg: prefix by default', async () => {
      const name = `store-test:${randomUUID()}`;
      const defaultStore = await createRedisStore({ url: REDIS_URL, logger: captureLogger() });
      try {
        await defaultStore.set(name, 'v', { expiresAtMs: Date.now() + 10_000 });
        assert.equal(await inspector.get(`rg:${name}`), 'v');
      } finally {
        await inspector.del(`rg:${name}`);
        await defaultStore.close();
      }
    });

    it('reports the server eviction policy', async () => {
      const reply = await inspector.configGet('maxmemory-policy');
      const expected = reply['maxmemory-policy'];
      assert.equal(await store.evictionPolicy(), expected);
      assert.equal(await checkEvictionPolicy(store), expected);
    });
  });
}
