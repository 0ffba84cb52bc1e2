/**
 * The `KeyValueStore` contract: one suite that every implementation must pass unchanged, so the
 * memory store used in tests cannot drift from the Redis store used in production.
 */

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KeyValueStore } from '../../src/core/ports.js';
import { assertUnavailable, inbox, sleep } from './helpers.js';

export interface ManualClockLike {
  now(): number;
  advance(ms: number): void;
}

export interface StoreFixture {
  readonly store: KeyValueStore;
  /** Present when the store runs on an injected clock; absent means real time (Redis). */
  readonly clock?: ManualClockLike;
  cleanup(): Promise<void>;
}

/** Stream ids (`<ms>-<seq>`) in numeric order. */
function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

export function runStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    const open: StoreFixture[] = [];
    const fixture = async (): Promise<StoreFixture> => {
      const made = await makeStore();
      open.push(made);
      return made;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((made) => made.cleanup()));
    });

    const nowOf = (f: StoreFixture): number => f.clock?.now() ?? Date.now();
    // Real time is kept short so the Redis run stays fast: 300 ms TTL, then 400 ms of waiting.
    const ttlOf = (f: StoreFixture): number => (f.clock ? 1_000 : 300);
    const outlive = async (f: StoreFixture): Promise<void> => {
      if (f.clock) f.clock.advance(1_001);
      else await sleep(400);
    };

    it('get of a missing key is null', async () => {
      const { store } = await fixture();
      assert.equal(await store.get('missing'), null);
    });

    it('set then get, and set overwrites', async () => {
      const { store } = await fixture();
      assert.equal(await store.set('k', 'v1'), true);
      assert.equal(await store.get('k'), 'v1');
      assert.equal(await store.set('k', 'v2'), true);
      assert.equal(await store.get('k'), 'v2');
    });

    it('set NX returns false on an existing key and keeps the old value', async () => {
      const { store } = await fixture();
      assert.equal(await store.set('k', 'first', { onlyIfAbsent: true }), true);
      assert.equal(await store.set('k', 'second', { onlyIfAbsent: true }), false);
      assert.equal(await store.get('k'), 'first');
    });

    it('honours absolute expiry for set, set NX, getDel and incr (expiry set on creation only)', async () => {
      const f = await fixture();
      const { store } = f;
      const soon = nowOf(f) + ttlOf(f);
      const far = nowOf(f) + 60_000;

      await store.set('plain', 'v', { expiresAtMs: soon });
      await store.set('once', 'v', { expiresAtMs: soon, onlyIfAbsent: true });
      await store.set('consume', 'v', { expiresAtMs: soon });
      await store.set('persisted', 'v', { expiresAtMs: soon });
      await store.set('persisted', 'v2'); // a plain SET drops the earlier TTL, as in Redis
      assert.equal(await store.incr('window', soon), 1);
      assert.equal(await store.incr('window', far), 2); // must not push the window's end out
      assert.equal(await store.incr('long', far), 1);
      assert.equal(await store.get('plain'), 'v', 'alive before expiry');

      await outlive(f);

      assert.equal(await store.get('plain'), null);
      assert.equal(await store.set('once', 'again', { onlyIfAbsent: true }), true, 'NX succeeds once expired');
      assert.equal(await store.getDel('consume'), null);
      assert.equal(await store.get('persisted'), 'v2');
      assert.equal(await store.incr('window', far), 1, 'a new window starts after expiry');
      assert.equal(await store.incr('long', far), 2);
    });

    it('an expiry that is already past stores nothing', async () => {
      const f = await fixture();
      assert.equal(await f.store.set('past', 'v', { expiresAtMs: nowOf(f) - 1_000 }), true);
      assert.equal(await f.store.get('past'), null);
    });

    it('getDel returns the value once, then null', async () => {
      const { store } = await fixture();
      await store.set('token', 'secret');
      assert.equal(await store.getDel('token'), 'secret');
      assert.equal(await store.getDel('token'), null);
      assert.equal(await store.get('token'), null);
    });

    it('20 concurrent getDel on one key: exactly one gets the value', async () => {
      const { store } = await fixture();
      await store.set('token', 'secret');
      const results = await Promise.all(Array.from({ length: 20 }, () => store.getDel('token')));
      assert.deepEqual(results.filter((r) => r !== null), ['secret']);
    });

    it('20 concurrent set NX: exactly one wins and its value is kept', async () => {
      const { store } = await fixture();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.set('seen', `v${i}`, { onlyIfAbsent: true })),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      assert.equal(winners.length, 1);
      assert.equal(await store.get('seen'), `v${winners[0]}`);
    });

    it('del removes a key, and deleting a missing key resolves', async () => {
      const { store } = await fixture();
      await store.set('k', 'v');
      await store.del('k');
      assert.equal(await store.get('k'), null);
      await store.del('never-existed');
    });

    it('incr counts up, also under concurrency', async () => {
      const f = await fixture();
      const expiry = nowOf(f) + 60_000;
      assert.equal(await f.store.incr('seq', expiry), 1);
      assert.equal(await f.store.incr('seq', expiry), 2);
      const results = await Promise.all(Array.from({ length: 50 }, () => f.store.incr('burst', expiry)));
      assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
      assert.equal(await f.store.get('burst'), '50');
    });

    it('append + readLatest: newest first, ids increasing, fields intact', async () => {
      const { store } = await fixture();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await store.append('audit', { event: 'login', i: String(i) }, 100));
      for (let i = 1; i < ids.length; i++) assert.equal(compareStreamIds(ids[i - 1] ?? '', ids[i] ?? ''), -1);

      const latest = await store.readLatest('audit', 3);
      assert.deepEqual(latest, [
        { id: ids[4], fields: { event: 'login', i: '4' } },
        { id: ids[3], fields: { event: 'login', i: '3' } },
        { id: ids[2], fields: { event: 'login', i: '2' } },
      ]);
      assert.deepEqual(await store.readLatest('no-such-stream', 10), []);
    });

    it('append caps the log at about maxLength, keeping the newest entries', async () => {
      const { store } = await fixture();
      for (let i = 0; i < 250; i++) await store.append('capped', { i: String(i) }, 20);
      const all = await store.readLatest('capped', 1_000);
      // `MAXLEN ~` never keeps fewer than maxLength; Redis trims whole 100-entry nodes, hence the slack.
      assert.ok(all.length >= 20 && all.length <= 120, `length ${all.length}`);
      assert.deepEqual(
        all.slice(0, 20).map((e) => e.fields.i),
        Array.from({ length: 20 }, (_, i) => String(249 - i)),
      );
    });

    it('publish reaches every subscriber of the channel; unsubscribe stops delivery', async () => {
      const { store } = await fixture();
      const a = inbox();
      const b = inbox();
      const sentinel = inbox();
      const unsubscribeA = await store.subscribe('events', a.push);
      const unsubscribeB = await store.subscribe('events', b.push);
      await store.subscribe('sentinel', sentinel.push);

      await store.publish('events', 'one');
      await store.publish('other-channel', 'not for us');
      await a.waitFor(1);
      await b.waitFor(1);

      await unsubscribeA();
      await unsubscribeA(); // idempotent
      await store.publish('events', 'two');
      await b.waitFor(2);

      await unsubscribeB();
      await store.publish('events', 'three');
      // Delivery is ordered, so once the sentinel arrives "three" would have arrived too.
      await store.publish('sentinel', 'sync');
      await sentinel.waitFor(1);

      assert.deepEqual(a.messages, ['one']);
      assert.deepEqual(b.messages, ['one', 'two']);
    });

    it('a subscriber that throws does not stop delivery to the others', async () => {
      const { store } = await fixture();
      const ok = inbox();
      await store.subscribe('events', () => {
        throw new Error('subscriber bug');
      });
      await store.subscribe('events', ok.push);
      await store.publish('events', 'one');
      await store.publish('events', 'two');
      await ok.waitFor(2);
      assert.deepEqual(ok.messages, ['one', 'two']);
    });

    it('ping resolves', async () => {
      const { store } = await fixture();
      await store.ping();
      assert.ok(store.kind === 'memory' || store.kind === 'redis');
    });

    it('stores with different prefixes do not see each other (keys, streams, channels)', async () => {
      const one = (await fixture()).store;
      const two = (await fixture()).store;
      await one.set('shared-name', 'one');
      await two.set('shared-name', 'two');
      assert.equal(await one.get('shared-name'), 'one');
      assert.equal(await two.getDel('shared-name'), 'two');
      assert.equal(await one.get('shared-name'), 'one');

      await one.append('log', { by: 'one' }, 10);
      assert.deepEqual(await two.readLatest('log', 10), []);

      const heard = inbox();
      await one.subscribe('news', heard.push);
      await two.publish('news', 'from-two');
      await one.publish('news', 'from-one');
      await heard.waitFor(1);
      assert.deepEqual(heard.messages, ['from-one']);
    });

    it('rejects bad arguments with TypeError before any I/O', async () => {
      const { store } = await fixture();
      await assert.rejects(store.set('k', 'v', { expiresAtMs: Number.NaN }), TypeError);
      await assert.rejects(store.set('k', 'v', { expiresAtMs: 1.5 }), TypeError);
      await assert.rejects(store.incr('k', 0), TypeError);
      await assert.rejects(store.append('s', {}, 10), TypeError);
      await assert.rejects(store.append('s', { a: 'b' }, 0), TypeError);
      await assert.rejects(store.readLatest('s', 0), TypeError);
      assert.equal(await store.get('k'), null);
    });

    it('type errors from the data reject with STORE_UNAVAILABLE, as Redis error replies do', async () => {
      const f = await fixture();
      await f.store.set('text', 'abc');
      await assertUnavailable(f.store.incr('text', nowOf(f) + 60_000), 'incr on a non-integer');
      await f.store.append('stream', { a: 'b' }, 10);
      await assertUnavailable(f.store.get('stream'), 'get on a stream');
      await assertUnavailable(f.store.readLatest('text', 1), 'readLatest on a string');
    });

    it('after close every call rejects with STORE_UNAVAILABLE; close is idempotent', async () => {
      const { store } = await fixture();
      await store.close();
      await store.close();
      await assertUnavailable(store.get('k'), 'get');
      await assertUnavailable(store.set('k', 'v'), 'set');
      await assertUnavailable(store.publish('c', 'm'), 'publish');
      await assertUnavailable(store.subscribe('c', () => undefined), 'subscribe');
      await assertUnavailable(store.ping(), 'ping');
    });
  });
}
