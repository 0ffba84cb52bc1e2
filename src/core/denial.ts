/**
 * @module core/denial — AccessDenied errors that carry an encoded authorization message and an audit event.
 */
import { BridgeError } from '../errors.js';
import { formatDecision, type ContextValue, type Decision, type PrincipalContext } from '../policy/index.js';
import { buildDecodedMessage, encodeAuthorizationMessage } from './authorization-message.js';
import type { StsServices } from './services.js';
import type { Caller } from './caller.js';
import { principalContextOf, type RequestEnvironment } from './request-context.js';

export interface DenialInput {
  readonly message: string;
  readonly principal: PrincipalContext;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly decision?: Decision;
  /** Used when there is no decision (e.g. the role does not exist). */
  readonly explanation?: string;
  readonly requestId?: string;
}

const NO_DECISION: Decision = {
  decision: 'ImplicitDeny',
  allowed: false,
  determining: [],
  matched: [],
  missingContextKeys: [],
  verdicts: { identity: 'absent', resource: 'absent', boundary: 'absent', session: 'absent' },
  summary: 'Denied.',
};

export async function deny(services: Pick<StsServices, 'keys' | 'random' | 'audit'>, input: DenialInput): Promise<BridgeError> {
  const decision = input.decision ?? { ...NO_DECISION, summary: input.explanation ?? NO_DECISION.summary };
  const explanation = input.decision ? formatDecision(input.decision) : (input.explanation ?? decision.summary);
  const decoded = buildDecodedMessage({
    decision,
    principal: { id: input.principal.arn, name: input.principal.arn.split('/').pop() ?? '', arn: input.principal.arn },
    action: input.action,
    resource: input.resource,
    context: input.context,
    explanation,
  });
  const encoded = encodeAuthorizationMessage(services.keys.master, services.random, decoded);
  await services.audit.record({
    type: 'access.denied',
    action: input.action,
    principal: input.principal.arn,
    role: input.resource,
    result: 'failure',
    reason: decision.summary,
    ...(input.requestId ? { requestId: input.requestId } : {}),
  });
  return new BridgeError('ACCESS_DENIED', {
    message: input.message,
    detail: decision.summary,
    extra: { encodedAuthorizationMessage: encoded, decision, action: input.action, resource: input.resource, explanation },
  });
}

/** Nothing when the decision allows; otherwise the explained, audited AccessDenied of `caller`. */
export async function requireAllowed(
  services: Pick<StsServices, 'keys' | 'random' | 'audit' | 'authorizer'>,
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
