/**
 * @module core/token-keys — ES256 signing keys for session tokens, derived from the master key.
 *
 * Every gateway instance derives the same keys from `ROLEGATE_MASTER_KEY`, so nothing is stored
 * and any instance verifies what another issued. Keys rotate every 24 h (kid `rg-<period>`); the
 * JWKS publishes the keys of the periods a live token can come from (the longest session is 36 h)
 * plus the next one, so downstream caches see a key before it signs.
 */
import { createECDH, createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Clock } from './ports.js';

export const KEY_PERIOD_MS = 24 * 60 * 60 * 1000;
const PAST_PERIODS = 2;
// Order of the P-256 group (SEC 2): private scalars must lie in [1, n-1].
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: PublicJwk;
}

export interface TokenKeys {
  /** The key that signs now. */
  current(): SigningKey;
  /** A key by id, if it belongs to a period a live token can come from. */
  byKid(kid: string): SigningKey | undefined;
  /** The public keys to publish. */
  jwks(): { keys: PublicJwk[] };
}

function deriveKey(master: Buffer, period: number): SigningKey {
  const seed = createHmac('sha256', master).update(`rolegate session-token signing key\0${period}`).digest();
  const scalar = (BigInt(`0x${seed.toString('hex')}`) % (P256_ORDER - 1n)) + 1n;
  const d = Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const kid = `rg-${period}`;
  const jwk: PublicJwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
    kid,
    alg: 'ES256',
    use: 'sig',
  };
  const privateKey = createPrivateKey({ key: { ...jwk, d: d.toString('base64url') }, format: 'jwk' });
  return { kid, privateKey, publicKey: createPublicKey(privateKey), jwk };
}

export function createTokenKeys(master: Buffer, clock: Clock): TokenKeys {
  const cache = new Map<number, SigningKey>();
  const periodOf = (ms: number) => Math.floor(ms / KEY_PERIOD_MS);
  const key = (period: number): SigningKey => {
    let found = cache.get(period);
    if (!found) {
      found = deriveKey(master, period);
      cache.set(period, found);
      for (const old of cache.keys()) if (old < period - PAST_PERIODS - 1) cache.delete(old);
    }
    return found;
  };
  const livePeriods = () => {
    const now = periodOf(clock.now());
    const periods: number[] = [];
    for (let p = now - PAST_PERIODS; p <= now + 1; p++) periods.push(p);
    return periods;
  };
  return {
    current: () => key(periodOf(clock.now())),
    byKid(kid) {
      const match = /^rg-(\d{1,10})$/.exec(kid);
      if (!match) return undefined;
      const period = Number(match[1]);
      return livePeriods().includes(period) ? key(period) : undefined;
    },
    jwks: () => ({ keys: livePeriods().map((p) => key(p).jwk) }),
  };
}
