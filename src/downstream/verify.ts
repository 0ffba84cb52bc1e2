/**
 * @module downstream/verify — "who is calling, and may they do this?" for downstream apps.
 *
 * Input: the parts of a SigV4-signed request the app received (or a session token presented
 * alone), plus the action and resource the request maps to. Output: the principal, the
 * session's expiry, and the policy decision with its explanation.
 */
import { z } from 'zod';
import { parsePolicy, formatDecision, type Decision, type NamedPolicy } from '../policy/index.js';
import type { StsServices } from '../core/index.js';
import { BridgeError, toBridgeError } from '../errors.js';
import { authenticateBearer, authenticateSigned } from '../auth/index.js';
import { principalView, type PrincipalView } from './principal-view.js';
import { acceptVerifyRequest } from './verify-request-check.js';
import { assertSuppliedContext } from './supplied-context.js';

const headerValue = z.union([z.string().max(16_384), z.array(z.string().max(16_384)).max(32)]);
const contextValue = z.union([z.string().max(2048), z.array(z.string().max(2048)).max(100)]);

export const verifyRequestSchema = z
  .strictObject({
    request: z
      .strictObject({
        method: z.string().regex(/^[A-Z]{3,10}$/),
        path: z.string().min(1).max(4096).startsWith('/'),
        query: z.string().max(16_384).default(''),
        headers: z.record(z.string().max(256), headerValue).refine((h) => Object.keys(h).length <= 100, 'at most 100 headers'),
        bodySha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      })
      .optional(),
    token: z.string().min(16).max(4096).optional(),
    /** SigV4 signing name(s) the app answers to (e.g. `s3`, `execute-api`, `myapp`). */
    service: z.union([z.string().regex(/^[a-z0-9-]{1,64}$/), z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).min(1).max(10)]).default('execute-api'),
    action: z.string().regex(/^[A-Za-z0-9-]{1,64}:[A-Za-z0-9*?]{1,128}$/, 'must look like service:Action'),
    resource: z.string().min(1).max(2048),
    resourceAccount: z.string().regex(/^\d{12}$/).optional(),
    resourcePolicy: z.union([z.string().max(20_480), z.record(z.string(), z.unknown())]).optional(),
    context: z.record(z.string().max(256), contextValue).refine((c) => Object.keys(c).length <= 100, 'at most 100 keys').optional(),
  })
  .refine((v) => (v.request === undefined) !== (v.token === undefined), 'give exactly one of request (SigV4) or token (bearer)');

export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

export interface VerifyResult {
  readonly allowed: boolean;
  readonly principal: PrincipalView;
  readonly expiresAt: string | null;
  readonly decision: Pick<Decision, 'decision' | 'summary' | 'determining' | 'missingContextKeys' | 'verdicts'> & { nearestMiss?: Decision['nearestMiss'] };
  readonly explanation: string;
}

/** The hand-written check accepts the common valid body; the schema decides everything else and words the errors. */
export function parseVerifyRequest(body: unknown): VerifyRequest {
  const accepted = acceptVerifyRequest(body);
  if (accepted) return accepted;
  const parsed = verifyRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BridgeError('VALIDATION', { message: `${issue.path.join('.') || 'body'}: ${issue.message}` });
  }
  return parsed.data;
}

function resourcePolicyOf(input: VerifyRequest): NamedPolicy | undefined {
  if (input.resourcePolicy === undefined) return undefined;
  const text = typeof input.resourcePolicy === 'string' ? input.resourcePolicy : JSON.stringify(input.resourcePolicy);
  return { id: 'resource-policy', document: parsePolicy(text, 'resource', { maxSize: 20_480 }) };
}

export async function verifyPresented(services: StsServices, input: VerifyRequest, env: { sourceIp?: string; requestId: string }): Promise<VerifyResult> {
  assertSuppliedContext(input.context);
  const resourcePolicy = resourcePolicyOf(input);
  let authenticated;
  try {
    authenticated = input.token
      ? await authenticateBearer(services, input.token)
      : await authenticateSigned(
          services,
          {
            method: input.request!.method,
            path: input.request!.path,
            rawQuery: input.request!.query,
            headers: Object.fromEntries(Object.entries(input.request!.headers).map(([k, v]) => [k.toLowerCase(), v])),
            bodySha256Hex: input.request!.bodySha256,
          },
          { service: input.service, allowUnsignedPayload: true },
        );
  } catch (error) {
    const bridge = toBridgeError(error);
    await services.audit.record({ type: 'verification.denied', action: input.action, reason: bridge.code, ...(env.sourceIp ? { sourceIp: env.sourceIp } : {}), requestId: env.requestId, result: 'failure' });
    throw bridge;
  }
  const { caller } = authenticated;
  const nowMs = services.clock.now();
  const decision = services.authorizer.authorize({
    caller,
    action: input.action,
    resource: input.resource,
    ...(input.resourceAccount ? { resourceAccount: input.resourceAccount } : {}),
    ...(resourcePolicy ? { resourcePolicy } : {}),
    env: { nowMs, requestId: env.requestId, ...(env.sourceIp ? { sourceIp: env.sourceIp } : {}) },
    ...(input.context ? { context: input.context } : {}),
  });
  if (!decision.allowed) {
    await services.audit.record({
      type: 'verification.denied',
      action: input.action,
      principal: caller.arn,
      accessKeyId: authenticated.accessKeyId,
      reason: decision.summary,
      ...(caller.session?.sourceIdentity ? { sourceIdentity: caller.session.sourceIdentity } : {}),
      ...(env.sourceIp ? { sourceIp: env.sourceIp } : {}),
      requestId: env.requestId,
      result: 'failure',
    });
  }
  return {
    allowed: decision.allowed,
    principal: principalView(caller),
    expiresAt: caller.session ? new Date(caller.session.expiresAt).toISOString() : null,
    decision: {
      decision: decision.decision,
      summary: decision.summary,
      determining: decision.determining,
      missingContextKeys: decision.missingContextKeys,
      verdicts: decision.verdicts,
      ...(decision.nearestMiss ? { nearestMiss: decision.nearestMiss } : {}),
    },
    explanation: formatDecision(decision),
  };
}
