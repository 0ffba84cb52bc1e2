import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from '../../src/store/index.js';
import { runStoreContract } from './contract.js';
import { captureLogger, inbox, manualClock, sleep } from './helpers.js';

runStoreContract('memory', async () => {
  const clock = manualClock();
  const store = createMemoryStore({ clock, prefix: 'rg:', logger: captureLogger() });
  return { store, clock, cleanup: () => store.close() };
});

describe('memory store specifics', () => {
  it('the periodic sweep drops expired keys nobody reads (memory stays bounded)', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ clock, sweepIntervalMs: 10 });
    try {
      for (let i = 0; i < 100; i++) await store.set(`k${i}`, 'v', { expiresAtMs: clock.now() + 1_000 });
      await store.set('durable', 'v');
      assert.equal(store.size(), 101);
      clock.advance(1_001);
      await sleep(50);
      assert.equal(store.size(), 1);
    } finally {
      await store.close();
    }
  });

  it('a key lives through its expiry millisecond and is gone after it (Redis rule)', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ clock });
    try {
      await store.set('k', 'v', { expiresAtMs: clock.now() + 10 });
      clock.advance(10);
      assert.equal(await store.get('k'), 'v');
      clock.advance(1);
      assert.equal(await store.get('k'), null);
    } finally {
      await store.close();
    }
  });

  it('delivers messages asynchronously, never inside publish', async () => {
    const store = createMemoryStore({ clock: manualClock() });
    try {
      const heard = inbox();
      await store.subscribe('c', heard.push);
      const publishing = store.publish('c', 'm');
      assert.deepEqual(heard.messages, []);
      await publishing;
      await heard.waitFor(1);
    } finally {
      await store.close();
    }
  });

  it('reports a throwing subscriber to the logger', async () => {
    const logger = captureLogger();
    const store = createMemoryStore({ clock: manualClock(), logger });
    try {
      await store.subscribe('c', () => {
        throw new Error('boom');
      });
      await store.publish('c', 'm');
      await sleep(10);
      assert.equal(logger.entries.length, 1);
      assert.equal(logger.entries[0]?.level, 'error');
    } finally {
      await store.close();
    }
  });

  it('stream ids stay strictly increasing when the clock stands still or steps back', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ clock });
    try {
      const first = await store.append('s', { a: '1' }, 10);
      const second = await store.append('s', { a: '2' }, 10);
      clock.advance(-5_000);
      const third = await store.append('s', { a: '3' }, 10);
      const base = clock.now() + 5_000;
      assert.deepEqual([first, second, third], [`${base}-0`, `${base}-1`, `${base}-2`]);
    } finally {
      await store.close();
    }
  });
});
