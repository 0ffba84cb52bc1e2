/**
 * The cache of verified session-token signatures (src/core/session-token-verifier.ts), with real
 * derived ES256 keys: hits only for the exact bytes, time checked on every call, bounded size,
 * bounded age, and nothing kept once the signing key rotates or a key retires.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSessionTokenVerifier, createTokenKeys, KEY_PERIOD_MS, signSessionToken, type SessionTokenClaims } from '../../src/core/index.js';

const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
const keys = createTokenKeys(randomBytes(32), clock);

function token(overrides: Partial<SessionTokenClaims> = {}): string {
  const now = Math.floor(clock.now() / 1000);
  return signSessionToken(keys, { iss: 'https://rolegate.test', sub: 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/t', aud: 'rolegate', iat: now, exp: now + 900, jti: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`, acct: '222222222222', nonce: randomBytes(8).toString('hex'), ...overrides });
}

/** Replaces one character in the middle of part `index` (0 header, 1 payload, 2 signature). */
function flipped(t: string, index: number): string {
  const parts = t.split('.');
  const part = parts[index]!;
  const at = Math.floor(part.length / 2);
  parts[index] = part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
  return parts.join('.');
}

describe('session-token verifier cache', () => {
  it('a second presentation of the same bytes is a hit (same verified claims); a token with one character changed is verified anew and refused', () => {
    const verifier = createSessionTokenVerifier(keys);
    const t = token();
    const first = verifier.verify(t, clock.now());
    assert.ok(first.ok);
    assert.equal(verifier.size, 1);
    const second = verifier.verify(t, clock.now());
    assert.ok(second.ok);
    assert.equal(second.claims, first.claims, 'served from the cache');
    assert.deepEqual(verifier.verify(flipped(t, 2), clock.now()), { ok: false, reason: 'bad-signature' });
    const payloadChanged = verifier.verify(flipped(t, 1), clock.now());
    assert.equal(payloadChanged.ok, false);
    assert.equal(verifier.size, 1, 'refused tokens are never cached');
  });

  it('expiry and not-yet-valid are checked on every call, also for cached tokens', () => {
    const verifier = createSessionTokenVerifier(keys, { maxAgeMs: 3_600_000 });
    const now = Math.floor(clock.now() / 1000);
    const t = token({ exp: now + 2 });
    assert.ok(verifier.verify(t, clock.now()).ok);
    assert.ok(verifier.verify(t, clock.now()).ok);
    assert.deepEqual(verifier.verify(t, (now + 2) * 1000), { ok: false, reason: 'expired' });
    const future = token({ iat: now + 3600, exp: now + 7200 });
    assert.deepEqual(verifier.verify(future, clock.now()), { ok: false, reason: 'not-yet-valid' });
    assert.equal(verifier.verify(future, clock.now()).ok, false);
  });

  it('an entry lives at most maxAgeMs, then the signature is verified again', () => {
    const verifier = createSessionTokenVerifier(keys, { maxAgeMs: 60_000 });
    const t = token();
    const first = verifier.verify(t, clock.now());
    assert.ok(first.ok);
    const later = verifier.verify(t, clock.now() + 60_000);
    assert.ok(later.ok);
    assert.notEqual(later.claims, first.claims, 're-verified after the age bound');
  });

  it('stays within its bound under many distinct tokens, evicting the least recently used', () => {
    const verifier = createSessionTokenVerifier(keys, { maxEntries: 50 });
    const kept = token();
    const keptClaims = verifier.verify(kept, clock.now());
    assert.ok(keptClaims.ok);
    for (let i = 0; i < 300; i++) {
      assert.ok(verifier.verify(token(), clock.now()).ok);
      assert.ok(verifier.size <= 50);
      if (i % 10 === 0) verifier.verify(kept, clock.now());
    }
    assert.equal(verifier.size, 50);
    const again = verifier.verify(kept, clock.now());
    assert.ok(again.ok);
    assert.equal(again.claims, keptClaims.claims, 'a token in use is not evicted');
  });

  it('the default bound holds too', () => {
    const verifier = createSessionTokenVerifier(keys);
    const tokens = Array.from({ length: 10_050 }, () => token());
    for (const t of tokens) verifier.verify(t, clock.now());
    assert.equal(verifier.size, 10_000);
  });

  it('flushed when the signing key rotates; a retired key is refused even if its token was cached', () => {
    const verifier = createSessionTokenVerifier(keys, { maxAgeMs: 10 * KEY_PERIOD_MS });
    const t = token({ exp: Math.floor(clock.now() / 1000) + 10 * 86_400 });
    const before = verifier.verify(t, clock.now());
    assert.ok(before.ok);
    try {
      clock.offsetMs = KEY_PERIOD_MS;
      const after = verifier.verify(t, clock.now());
      assert.ok(after.ok, 'still a live key the day after');
      assert.notEqual(after.claims, before.claims, 'the rotation flushed the cache and the token was verified again');
      assert.equal(verifier.size, 1);
      clock.offsetMs = 4 * KEY_PERIOD_MS;
      assert.deepEqual(verifier.verify(t, clock.now()), { ok: false, reason: 'unknown-key' });
      assert.equal(verifier.size, 0);
    } finally {
      clock.offsetMs = 0;
    }
  });
});
