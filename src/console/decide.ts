/**
 * @module console/decide — "go on" or an explained AccessDenied for rolegate's own actions.
 *
 * The denial (core `requireAllowed`) carries the decision, so the access-denied page can say which
 * policy and statement decided, or which statement came closest and why it did not match.
 */
import { requireAllowed, type Caller, type RequestEnvironment, type StsServices } from '../core/index.js';

/** Decides an action with the caller's identity policies only (rolegate's own actions, EC2 describe). */
export async function authorizeOrDeny(services: StsServices, caller: Caller, action: string, resource: string, env: RequestEnvironment): Promise<void> {
  await requireAllowed(services, { caller, action, resource, env, decision: services.authorizer.authorize({ caller, action, resource, env }) });
}
