/**
 * @module console/decide — turning a policy decision into "go on" or an explained AccessDenied.
 *
 * The denial carries the decision (`extra.decision`) so the access-denied page can say which policy
 * and statement decided, or which statement came closest and why it did not match; it is audited.
 */
import { deny, principalContextOf, type Caller, type RequestEnvironment, type StsServices } from '../core/index.js';
import type { Decision } from '../policy/index.js';

export async function requireAllowed(
  services: StsServices,
  input: { readonly caller: Caller; readonly action: string; readonly resource: string; readonly decision: Decision; readonly env: RequestEnvironment },
): Promise<void> {
  const { caller, action, resource, decision, env } = input;
  if (decision.allowed) return;
  throw await deny(services, {
    message: `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource}`,
    principal: principalContextOf(caller),
    action,
    resource,
    context: services.authorizer.contextOf({ caller, action, resource, env }),
    decision,
    ...(env.requestId ? { requestId: env.requestId } : {}),
  });
}

/** Decides an action with the caller's identity policies only (rolegate's own actions, EC2 describe). */
export async function authorizeOrDeny(services: StsServices, caller: Caller, action: string, resource: string, env: RequestEnvironment): Promise<void> {
  await requireAllowed(services, { caller, action, resource, env, decision: services.authorizer.authorize({ caller, action, resource, env }) });
}
