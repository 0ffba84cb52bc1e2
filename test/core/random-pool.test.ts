/**
 * The pooled random source (src/core/random-pool.ts): requested lengths, independent copies, and
 * no bytes repeated across draws, refills included.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPooledRandom } from '../../src/core/index.js';

describe('pooled random source', () => {
  it('gives the requested length, small and large', () => {
    const random = createPooledRandom();
    for (const length of [0, 1, 8, 12, 16, 1024, 1025, 5000]) assert.equal(random.bytes(length).length, length);
  });

  it('never hands out the same bytes twice, across many pool refills', () => {
    const random = createPooledRandom();
    const seen = new Set<string>();
    // 20 000 × 16 bytes = about 78 refills of the 4 KiB pool.
    for (let i = 0; i < 20_000; i++) seen.add(random.bytes(16).toString('hex'));
    assert.equal(seen.size, 20_000);
  });

  it('returns copies: changing one result changes no other, before or after a refill', () => {
    const random = createPooledRandom();
    const first = random.bytes(32);
    const kept = Buffer.from(first);
    for (let i = 0; i < 300; i++) random.bytes(16);
    assert.deepEqual(first, kept);
    first.fill(0);
    assert.notDeepEqual(random.bytes(32), Buffer.alloc(32));
  });

  it('looks uniform: every byte value appears in 64 KiB of output', () => {
    const random = createPooledRandom();
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4096; i++) for (const byte of random.bytes(16)) counts[byte]!++;
    assert.ok(counts.every((c) => c > 128 && c < 400), 'each value near 256 occurrences');
  });
});
