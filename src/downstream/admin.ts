/**
 * @module downstream/admin — the admin API's inputs: revocations and audit queries.
 */
import { z } from 'zod';
import type { RevocationTarget } from '../core/index.js';
import { BridgeError } from '../errors.js';

const revocationSchema = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('session'), accessKeyId: z.string().regex(/^ASIA[A-Z2-7]{16}$/, 'must be a temporary access key id') }),
  z.strictObject({ scope: z.literal('principal'), principalArn: z.string().regex(/^arn:aws:(iam|sts)::\d{12}:\S{1,2000}$/, 'must be a principal ARN') }),
  z.strictObject({ scope: z.literal('role'), roleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/\S{1,2000}$/, 'must be a role ARN') }),
  z.strictObject({ scope: z.literal('login'), loginId: z.string().min(1).max(512) }),
]);

export function parseRevocation(body: unknown): RevocationTarget {
  const parsed = revocationSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BridgeError('VALIDATION', { message: `${issue.path.join('.') || 'body'}: ${issue.message}` });
  }
  return parsed.data;
}

export const AUDIT_READ_ACTION = 'rolegate:ReadAudit';

export function parseAuditQuery(query: Record<string, unknown>): { limit: number; type?: string; principal?: string } {
  const schema = z.strictObject({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    type: z.string().regex(/^[a-z.]{1,64}$/).optional(),
    principal: z.string().max(2048).optional(),
  });
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new BridgeError('VALIDATION', { message: parsed.error.issues[0]!.message });
  return parsed.data;
}
