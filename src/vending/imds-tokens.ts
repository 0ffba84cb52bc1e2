/**
 * @module vending/imds-tokens — IMDSv2 session tokens, bound to one instance.
 *
 * `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds: 1..21600` returns a random
 * token (32 bytes, base64url). The store keeps only its SHA-256 digest with the instance id and
 * the expiry, under a TTL equal to the token's lifetime, so whoever reads the store cannot present
 * a token, and every gateway instance sharing the store accepts it.
 */
import { BridgeError } from '../errors.js';
import { sha256Hex, type Clock, type KeyValueStore, type RandomSource } from '../core/index.js';

export const IMDS_TOKEN_MAX_TTL_SECONDS = 21600;
const MAX_TOKEN_LENGTH = 256;

const tokenKey = (token: string) => `imds:token:${sha256Hex(token)}`;

export interface ImdsTokenDependencies {
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly random: RandomSource;
}

/** Parses the TTL header: an integer from 1 to 21600, else a 400. */
export function parseTokenTtl(header: string | undefined): number {
  if (header === undefined) {
    throw new BridgeError('MISSING_PARAMETER', { message: 'The X-aws-ec2-metadata-token-ttl-seconds header is required.' });
  }
  if (!/^\d{1,6}$/.test(header.trim()) || Number(header) < 1 || Number(header) > IMDS_TOKEN_MAX_TTL_SECONDS) {
    throw new BridgeError('VALIDATION', { message: `X-aws-ec2-metadata-token-ttl-seconds must be an integer from 1 to ${IMDS_TOKEN_MAX_TTL_SECONDS}.` });
  }
  return Number(header);
}

export async function issueImdsToken(deps: ImdsTokenDependencies, instanceId: string, ttlSeconds: number): Promise<string> {
  const token = deps.random.bytes(32).toString('base64url');
  const expiresAt = deps.clock.now() + ttlSeconds * 1000;
  await deps.store.set(tokenKey(token), JSON.stringify({ instance: instanceId, exp: expiresAt }), { expiresAtMs: expiresAt });
  return token;
}

/** The instance a token was issued for; throws (→ 401) when it is unknown or expired. */
export async function resolveImdsToken(deps: Pick<ImdsTokenDependencies, 'store' | 'clock'>, token: string): Promise<string> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The metadata session token is invalid.', detail: 'malformed token' });
  }
  const text = await deps.store.get(tokenKey(token));
  if (text === null) throw new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The metadata session token is invalid or expired.', detail: 'unknown token' });
  const record = JSON.parse(text) as { instance?: unknown; exp?: unknown };
  if (typeof record.instance !== 'string' || typeof record.exp !== 'number') {
    throw new BridgeError('INVALID_CLIENT_TOKEN', { message: 'The metadata session token is invalid.', detail: 'unreadable token record' });
  }
  if (deps.clock.now() >= record.exp) {
    throw new BridgeError('EXPIRED_TOKEN', { message: 'The metadata session token is invalid or expired.', detail: 'token expired' });
  }
  return record.instance;
}
