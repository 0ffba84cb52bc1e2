/**
 * @module core/revoke — the revocation use case, authorised through the policy engine.
 *
 * Actions (rolegate-scoped, evaluated against the caller's identity policies only, so an
 * operator account can administer sessions of roles in other accounts):
 * `rolegate:RevokeSession` on the session ARN, `rolegate:RevokePrincipalSessions` on the
 * principal ARN, `rolegate:RevokeRoleSessions` on the role ARN, `rolegate:RevokeLoginSessions` on `*`.
 */
import { BridgeError } from '../errors.js';
import type { Caller } from './caller.js';
import { requireAllowed } from './denial.js';
import type { RequestEnvironment } from './request-context.js';
import { describeTarget, validateTarget, writeRevocation, type RevocationTarget } from './revocation.js';
import type { StsServices } from './services.js';

const ACTIONS = {
  session: 'rolegate:RevokeSession',
  principal: 'rolegate:RevokePrincipalSessions',
  role: 'rolegate:RevokeRoleSessions',
  login: 'rolegate:RevokeLoginSessions',
} as const;

export interface RevocationResult {
  readonly target: RevocationTarget;
  /** Sessions issued at or before this instant (epoch ms) are revoked. */
  readonly revokedAt: number;
}

export async function revokeSessions(services: StsServices, caller: Caller, target: RevocationTarget, env: RequestEnvironment): Promise<RevocationResult> {
  validateTarget(target);
  let resource = '*';
  let sessionExpiresAt: number | undefined;
  if (target.scope === 'session') {
    const session = await services.sessions.find(target.accessKeyId);
    if (!session) throw new BridgeError('NOT_FOUND', { message: `No session with access key id ${target.accessKeyId.slice(0, 32)}.` });
    resource = session.arn;
    sessionExpiresAt = session.expiresAt;
  } else if (target.scope === 'principal') {
    resource = target.principalArn;
  } else if (target.scope === 'role') {
    if (!services.directory.roleByArn(target.roleArn)) throw new BridgeError('NOT_FOUND', { message: `No role ${target.roleArn.slice(0, 256)}.` });
    resource = target.roleArn;
  }
  const action = ACTIONS[target.scope];
  await requireAllowed(services, { caller, action, resource, env, decision: services.authorizer.authorize({ caller, action, resource, env }) });
  const revokedAt = env.nowMs;
  await writeRevocation(services.store, target, revokedAt, sessionExpiresAt);
  services.resolver.invalidate();
  await services.audit.record({
    type: 'credentials.revoked',
    action,
    principal: caller.arn,
    reason: describeTarget(target),
    ...(target.scope === 'role' ? { role: target.roleArn } : {}),
    ...(target.scope === 'session' ? { accessKeyId: target.accessKeyId } : {}),
    ...(env.requestId ? { requestId: env.requestId } : {}),
    ...(env.sourceIp ? { sourceIp: env.sourceIp } : {}),
    result: 'success',
  });
  return { target, revokedAt };
}

/** Revocation by the system itself (sign-out, IdP logout): no authorization, always audited. */
export async function revokeOnBehalf(services: StsServices, target: RevocationTarget, reason: string, nowMs: number, sessionExpiresAt?: number): Promise<void> {
  validateTarget(target);
  await writeRevocation(services.store, target, nowMs, sessionExpiresAt);
  services.resolver.invalidate();
  await services.audit.record({ type: 'credentials.revoked', reason: `${describeTarget(target)}: ${reason}`, result: 'success' });
}
