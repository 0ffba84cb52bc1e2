/**
 * @module core/random-pool — the RandomSource rolegate runs with: CSPRNG bytes drawn from a pool.
 *
 * Minting a credential takes three small random values (key id, salt, token nonce); on Node 20
 * each `randomBytes(n)` call costs several microseconds of fixed overhead. Like node's own
 * `randomUUID`, this fills a pool with one `randomFillSync` call and hands out copies of unused
 * slices; no byte is ever handed out twice.
 */
import { randomBytes, randomFillSync } from 'node:crypto';
import type { RandomSource } from './ports.js';

const POOL_BYTES = 4096;

export function createPooledRandom(): RandomSource {
  const pool = Buffer.alloc(POOL_BYTES);
  let next = POOL_BYTES;
  return {
    bytes(length) {
      if (length > POOL_BYTES / 4) return randomBytes(length);
      if (next + length > POOL_BYTES) {
        randomFillSync(pool);
        next = 0;
      }
      const out = Buffer.from(pool.subarray(next, next + length));
      next += length;
      return out;
    },
  };
}
