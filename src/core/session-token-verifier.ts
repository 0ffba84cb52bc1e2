/**
 * @module core/session-token-verifier — session-token verification with a bounded cache of
 * signature results, so a token presented again does not pay for its ES256 verification again
 * (≈ 95–125 µs on the development VM, more than a whole bare-Express request).
 *
 * Why this is sound: a signature check is a pure function of the token's bytes and the public
 * key. The cache is keyed by the SHA-256 of the exact token string, so a token differing in any
 * byte is a miss and is verified in full; only tokens whose signature verified are cached (a
 * forged or malformed token is never remembered). What can change between two presentations is
 * never cached: the time checks (`exp`, `iat`) run on every call, and the caller still checks the
 * session (exact token digest, expiry, revocation through the resolver's ≤ 1 s cache) and
 * evaluates the decision on every request.
 *
 * Bounds: at most `maxEntries` entries (least recently used evicted first); an entry lives at
 * most `maxAgeMs` (60 s) and never past the token's `exp`; an entry is used only while its key
 * is still one `TokenKeys.byKid` accepts (a retired key's tokens are re-verified and refused),
 * and the whole cache is flushed when the signing key rotates.
 */
import { createHash } from 'node:crypto';
import { checkTokenTimes, SESSION_TOKEN_MAX_LENGTH, verifyTokenSignature, type SessionTokenClaims, type TokenCheck } from './session-token.js';
import type { SigningKey, TokenKeys } from './token-keys.js';

export interface SessionTokenVerifier {
  /** Signature (cached by exact bytes) and time (every call) checks of a session token. */
  verify(token: string, nowMs: number): TokenCheck;
  /** Entries held now (for tests and metrics). */
  readonly size: number;
}

export interface SessionTokenVerifierOptions {
  readonly maxEntries?: number;
  readonly maxAgeMs?: number;
}

export const VERIFIED_TOKEN_CACHE_ENTRIES = 10_000;
export const VERIFIED_TOKEN_CACHE_MAX_AGE_MS = 60_000;

interface Entry {
  readonly claims: SessionTokenClaims;
  readonly key: SigningKey;
  readonly until: number;
}

export function createSessionTokenVerifier(keys: TokenKeys, options: SessionTokenVerifierOptions = {}): SessionTokenVerifier {
  const maxEntries = options.maxEntries ?? VERIFIED_TOKEN_CACHE_ENTRIES;
  const maxAgeMs = options.maxAgeMs ?? VERIFIED_TOKEN_CACHE_MAX_AGE_MS;
  // Map iteration order is insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, Entry>();
  let signingKid: string | undefined;

  function cached(digest: string, nowMs: number): Entry | undefined {
    const hit = entries.get(digest);
    if (!hit) return undefined;
    entries.delete(digest);
    if (hit.until <= nowMs || keys.byKid(hit.key.kid) !== hit.key) return undefined;
    entries.set(digest, hit);
    return hit;
  }

  function remember(digest: string, claims: SessionTokenClaims, key: SigningKey, nowMs: number): void {
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    // Shared by every later hit: frozen so no caller can alter what the next one is told.
    entries.set(digest, { claims: Object.freeze(claims), key, until: Math.min(nowMs + maxAgeMs, claims.exp * 1000) });
  }

  return {
    verify(token, nowMs) {
      if (token.length > SESSION_TOKEN_MAX_LENGTH) return { ok: false, reason: 'malformed' };
      const kid = keys.current().kid;
      if (kid !== signingKid) {
        entries.clear();
        signingKid = kid;
      }
      const digest = createHash('sha256').update(token).digest('base64');
      const hit = cached(digest, nowMs);
      if (hit) return checkTokenTimes(hit.claims, nowMs);
      const check = verifyTokenSignature(keys, token);
      if (!check.ok) return check;
      const timed = checkTokenTimes(check.claims, nowMs);
      if (timed.ok) remember(digest, check.claims, check.key, nowMs);
      return timed;
    },
    get size() {
      return entries.size;
    },
  };
}
