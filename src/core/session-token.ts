/**
 * @module core/session-token — session tokens are compact JWS (RFC 7515/7519) signed with ES256.
 *
 * A downstream app can check a token offline against `/.well-known/jwks.json`; rolegate itself
 * also keeps the token's SHA-256 so a session is only valid with the exact token it was issued
 * with, and revocation is checked against the store. Signing and verification use node:crypto
 * synchronously (no per-call thread-pool hop).
 */
import { sign, verify } from 'node:crypto';
import type { SigningKey, TokenKeys } from './token-keys.js';

export interface SessionTokenClaims {
  readonly iss: string;
  /** Principal ARN of the session. */
  readonly sub: string;
  readonly aud: 'rolegate';
  readonly iat: number;
  readonly exp: number;
  /** Access key id of the session (also the token id). */
  readonly jti: string;
  readonly acct: string;
  /** Random component so two tokens are never equal. */
  readonly nonce: string;
}

const HEADER_CACHE = new Map<string, string>();

function encodedHeader(kid: string): string {
  let header = HEADER_CACHE.get(kid);
  if (!header) {
    header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid })).toString('base64url');
    if (HEADER_CACHE.size > 16) HEADER_CACHE.clear();
    HEADER_CACHE.set(kid, header);
  }
  return header;
}

export function signSessionToken(keys: TokenKeys, claims: SessionTokenClaims): string {
  const key = keys.current();
  const input = `${encodedHeader(key.kid)}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: SessionTokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'not-yet-valid' };

/** The signature part of a check: a function of the token's bytes and the key only, never of the time. */
export type SignatureCheck =
  | { readonly ok: true; readonly claims: SessionTokenClaims; readonly key: SigningKey }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown-key' | 'bad-signature' };

export const SESSION_TOKEN_MAX_LENGTH = 4096;

/** Signature (ES256 only — the algorithm is fixed, never taken from the header) and claim shapes. */
export function verifyTokenSignature(keys: TokenKeys, token: string): SignatureCheck {
  if (token.length > SESSION_TOKEN_MAX_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  let claims: SessionTokenClaims;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (header.alg !== 'ES256' || typeof header.kid !== 'string') return { ok: false, reason: 'malformed' };
  const key = keys.byKid(header.kid);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const valid = verify('sha256', Buffer.from(`${headerPart}.${payloadPart}`), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signaturePart, 'base64url'));
  if (!valid) return { ok: false, reason: 'bad-signature' };
  if (typeof claims.exp !== 'number' || typeof claims.jti !== 'string' || typeof claims.iat !== 'number') return { ok: false, reason: 'malformed' };
  return { ok: true, claims, key };
}

/** The time part of a check, evaluated at `nowMs` on every presentation. */
export function checkTokenTimes(claims: SessionTokenClaims, nowMs: number): TokenCheck {
  if (nowMs >= claims.exp * 1000) return { ok: false, reason: 'expired' };
  if (claims.iat * 1000 > nowMs + 60_000) return { ok: false, reason: 'not-yet-valid' };
  return { ok: true, claims };
}
