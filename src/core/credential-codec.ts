/**
 * @module core/credential-codec — formats of temporary credentials (sts.md §3.1).
 *
 * Access key ids are `ASIA` + 16 characters of base32: the first 8 encode the 40-bit account id
 * (so GetAccessKeyInfo can answer without a lookup, as AWS does), the last 8 are random.
 * Secret access keys are 40 base64 characters derived by HMAC from the master key, so the store
 * never holds them. Session tokens are signed JWTs (session-token.ts), stored only as SHA-256 digests.
 */
import { createHash, createHmac, hash } from 'node:crypto';
import type { RandomSource } from './ports.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Of(value: bigint, chars: number): string {
  let out = '';
  for (let i = chars - 1; i >= 0; i--) out += BASE32[Number((value >> BigInt(i * 5)) & 31n)];
  return out;
}

export function mintAccessKeyId(account: string, random: RandomSource, prefix: 'ASIA' | 'AKIA' = 'ASIA'): string {
  const randomPart = random.bytes(8);
  let suffix = '';
  for (const byte of randomPart) suffix += BASE32[byte & 31];
  return `${prefix}${base32Of(BigInt(account), 8)}${suffix}`;
}

/** The account encoded in a key id minted by `mintAccessKeyId`, or undefined. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^A[SK]IA[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  let value = 0n;
  for (const char of accessKeyId.slice(4, 12)) value = (value << 5n) | BigInt(BASE32.indexOf(char));
  return value < 1_000_000_000_000n ? value.toString().padStart(12, '0') : undefined;
}

export function deriveSecretAccessKey(master: Buffer, accessKeyId: string, salt: string): string {
  return createHmac('sha256', master).update(`secret\0${accessKeyId}\0${salt}`).digest().subarray(0, 30).toString('base64');
}

export function mintSalt(random: RandomSource): string {
  return random.bytes(16).toString('base64url');
}

export function sha256Hex(text: string): string {
  // One-shot crypto.hash: no Hash object per call (this runs on every session-credential check).
  return hash('sha256', text, 'hex');
}

/** Stable unique id (`AIDA…`, `AROA…`): prefix + 17 base32 characters of SHA-256 over the ARN. */
export function stableUniqueId(prefix: 'AIDA' | 'AROA' | 'AGPA' | 'ANPA', arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let out = prefix;
  for (let i = 0; i < 17; i++) out += BASE32[digest[i]! & 31];
  return out;
}
