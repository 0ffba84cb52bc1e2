/**
 * @module sigv4/signing-key-cache — SigV4 key derivation with a bounded LRU cache.
 *
 * AWS "Calculate the signature":
 *   kDate    = HMAC-SHA256("AWS4" + SecretAccessKey, YYYYMMDD)
 *   kRegion  = HMAC-SHA256(kDate, region)
 *   kService = HMAC-SHA256(kRegion, service)
 *   kSigning = HMAC-SHA256(kService, "aws4_request")
 * The signing key only changes daily per (secret, region, service), so it is cached — like the SDKs
 * do — which turns four HMACs per verification into one SHA-256 of the secret plus a map lookup.
 * Entries carry the key's precomputed HMAC pads for the final signature: RFC 2104 §2,
 * HMAC(K, m) = H((K0 ⊕ opad) ‖ H((K0 ⊕ ipad) ‖ m)) with K0 = K zero-padded to the 64-byte block
 * (kSigning is 32 bytes). On Node 20 building a `createHmac` object per call costs more than the two
 * one-shot `crypto.hash` calls this needs; the output is checked byte-for-byte against `createHmac`
 * (test/sigv4/canonical.test.ts) and by every AWS test-suite vector.
 * The cache never holds a raw secret as a key: entries are keyed by SHA-256(secret) (fixed-length
 * base64, so the `|`-joined key is unambiguous). Bounded (default 1000 entries), least recently
 * used entry evicted first.
 */

import { createHmac, hash } from 'node:crypto';

export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date, 'utf8').digest();
  const kRegion = createHmac('sha256', kDate).update(region, 'utf8').digest();
  const kService = createHmac('sha256', kRegion).update(service, 'utf8').digest();
  return createHmac('sha256', kService).update('aws4_request', 'utf8').digest();
}

const BLOCK = 64;
const DIGEST = 32;

/** A SigV4 signing key with its precomputed HMAC pads. */
export interface SigningKey {
  /** kSigning itself (32 bytes). */
  readonly key: Buffer;
  /** HMAC-SHA256(key, message) — the request signature for a string to sign. */
  sign(message: string): Buffer;
}

export function createSigningKey(key: Buffer): SigningKey {
  if (key.length > BLOCK) throw new TypeError('HMAC keys longer than one block must be hashed first');
  const innerPad = Buffer.alloc(BLOCK, 0x36);
  const outerPad = Buffer.alloc(BLOCK, 0x5c);
  for (let i = 0; i < key.length; i++) {
    innerPad[i] = 0x36 ^ (key[i] ?? 0);
    outerPad[i] = 0x5c ^ (key[i] ?? 0);
  }
  return {
    key,
    sign(message: string): Buffer {
      const inner = Buffer.allocUnsafe(BLOCK + Buffer.byteLength(message, 'utf8'));
      innerPad.copy(inner, 0);
      inner.write(message, BLOCK, 'utf8');
      const outer = Buffer.allocUnsafe(BLOCK + DIGEST);
      outerPad.copy(outer, 0);
      outer.write(hash('sha256', inner, 'hex'), BLOCK, 'hex');
      return Buffer.from(hash('sha256', outer, 'hex'), 'hex');
    },
  };
}

export interface SigningKeyCacheStats {
  /** Calls to `get` (one per verification that reaches the signature step, known key or not). */
  lookups: number;
  /** Cache misses that derived a new key. */
  derivations: number;
}

export interface SigningKeyCache {
  /** The signing key for (secret, date, region, service), derived on a miss. */
  get(secret: string, date: string, region: string, service: string): SigningKey;
  readonly size: number;
  readonly stats: Readonly<SigningKeyCacheStats>;
  clear(): void;
}

export const DEFAULT_KEY_CACHE_SIZE = 1000;

export function createSigningKeyCache(maxEntries: number = DEFAULT_KEY_CACHE_SIZE): SigningKeyCache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }
  // Map iteration order is insertion order: re-inserting on a hit makes the first key the LRU one.
  const entries = new Map<string, SigningKey>();
  const stats: SigningKeyCacheStats = { lookups: 0, derivations: 0 };
  let newest: string | undefined;

  return {
    get(secret, date, region, service) {
      stats.lookups++;
      const secretId = hash('sha256', secret, 'base64');
      const key = `${secretId}|${date}|${region}|${service}`;
      const hit = entries.get(key);
      if (hit !== undefined) {
        if (key !== newest) {
          entries.delete(key);
          entries.set(key, hit);
          newest = key;
        }
        return hit;
      }
      stats.derivations++;
      const derived = createSigningKey(deriveSigningKey(secret, date, region, service));
      entries.set(key, derived);
      newest = key;
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      return derived;
    },
    get size() {
      return entries.size;
    },
    stats,
    clear() {
      entries.clear();
      newest = undefined;
    },
  };
}
