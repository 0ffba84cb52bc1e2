/**
 * @module oidc/keys — one remote JWKS per provider, with caching and bounded refetches (security.md §3).
 *
 * Keys come only from the provider's pinned `jwks_uri` (never from a token header: `jku`, `x5u`,
 * `jwk` and `x5c` are ignored). jose's remote set caches keys (10 min max age), refetches on an
 * unknown `kid` at most once per 30 s cooldown and shares one in-flight fetch between concurrent
 * requests, so an unknown-`kid` flood costs at most one fetch per cooldown. Responses are capped
 * at 64 KiB, redirects are not followed, and each fetch times out after 5 s.
 */
import { createRemoteJWKSet, customFetch, type FetchImplementation, type JWTVerifyGetKey } from 'jose';

export const MAX_JWKS_BYTES = 64 * 1024;

export interface KeySetOptions {
  /** Counts every network fetch (metrics and tests). */
  readonly onFetch?: (url: string) => void;
  readonly timeoutMs?: number;
  readonly cooldownMs?: number;
  readonly cacheMaxAgeMs?: number;
}

export function remoteKeySet(url: string, options: KeySetOptions = {}): JWTVerifyGetKey {
  const boundedFetch: FetchImplementation = async (input, init) => {
    options.onFetch?.(url);
    const response = await fetch(input, { ...init, redirect: 'error' });
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > MAX_JWKS_BYTES) throw new Error('JWKS response too large');
    const body = await readCapped(response, MAX_JWKS_BYTES);
    return new Response(Buffer.from(body), { status: response.status, headers: response.headers });
  };
  return createRemoteJWKSet(new URL(url), {
    timeoutDuration: options.timeoutMs ?? 5000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    [customFetch]: boundedFetch,
  });
}

/** Reads a response body, refusing more than `max` bytes. */
export async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new Error('response too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
