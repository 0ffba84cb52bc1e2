/**
 * @module core/authorization-message — encoded authorization failure messages (sts.md §9).
 *
 * A denial carries an opaque message that only `DecodeAuthorizationMessage` can read: the decision
 * context sealed with AES-256-GCM under a key derived from the master key. The decoded JSON follows
 * AWS's shape (`allowed`, `explicitDeny`, `matchedStatements.items`, `failures.items`, `context`) and
 * adds rolegate's explanation (`explanation`, `nearestMiss`).
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BridgeError } from '../errors.js';
import type { Decision, RequestContextValues } from '../policy/index.js';
import type { RandomSource } from './ports.js';

export interface AuthorizationMessageInput {
  readonly decision: Decision;
  readonly principal: { readonly id: string; readonly name: string; readonly arn: string };
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContextValues;
  readonly explanation: string;
}

const PREFIX = 'rgam1.';
const SECRET_KEYS = /token|secret|password|assertion|code$/i;

export function buildDecodedMessage(input: AuthorizationMessageInput): Record<string, unknown> {
  const { decision } = input;
  const conditions = Object.entries(input.context)
    .filter(([key]) => !SECRET_KEYS.test(key))
    .map(([key, value]) => ({
      key,
      values: { items: (Array.isArray(value) ? value : [value]).map((v) => ({ value: v })) },
    }));
  return {
    allowed: decision.allowed,
    explicitDeny: decision.decision === 'ExplicitDeny',
    matchedStatements: {
      items: decision.determining.map((s) => ({
        statementId: s.sid ?? `${s.statementIndex}`,
        effect: s.effect.toUpperCase(),
        principals: { items: [{ value: input.principal.arn }] },
        source: { policyId: s.policyId, policyRole: s.policyRole, statementIndex: s.statementIndex },
      })),
    },
    failures: { items: [] },
    context: {
      principal: input.principal,
      action: input.action,
      resource: input.resource,
      conditions: { items: conditions },
    },
    explanation: input.explanation,
    ...(decision.nearestMiss ? { nearestMiss: decision.nearestMiss } : {}),
  };
}

function messageKey(master: Buffer): Buffer {
  return createHmac('sha256', master).update('rolegate authorization message v1').digest();
}

export function encodeAuthorizationMessage(master: Buffer, random: RandomSource, message: Record<string, unknown>): string {
  const iv = random.bytes(12);
  const cipher = createCipheriv('aes-256-gcm', messageKey(master), iv);
  // Compressed before sealing: the decision context is repetitive JSON and the message travels in an error.
  const body = Buffer.concat([cipher.update(deflateRawSync(Buffer.from(JSON.stringify(message), 'utf8'))), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function decodeAuthorizationMessage(master: Buffer, encoded: string): string {
  const invalid = (detail: string) =>
    new BridgeError('INVALID_AUTHORIZATION_MESSAGE', { message: 'The message is invalid or corrupted.', detail });
  if (!encoded.startsWith(PREFIX)) throw invalid('missing prefix');
  const raw = Buffer.from(encoded.slice(PREFIX.length), 'base64url');
  if (raw.length < 29) throw invalid('too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', messageKey(master), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const compressed = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    return inflateRawSync(compressed, { maxOutputLength: 1 << 20 }).toString('utf8');
  } catch {
    throw invalid('authentication tag mismatch');
  }
}
