/**
 * @module core/authorizer — "may this caller do this action on this resource?", through the policy engine.
 *
 * Permissions are evaluated per request from the current directory, so a change to a role's
 * policies affects existing sessions at once (sts.md §8.4).
 */
import { evaluate, parsePolicy, type Decision, type NamedPolicy, type PolicySet, type RequestContextValues } from '../policy/index.js';
import type { Caller } from './caller.js';
import type { Directory } from './directory.js';
import { callerContext, mergeContext, principalContextOf, type RequestEnvironment } from './request-context.js';
import type { SessionPolicyRef } from './session.js';

export interface AuthorizeInput {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount?: string;
  readonly resourcePolicy?: NamedPolicy;
  readonly resourcePolicyRequired?: boolean;
  readonly env: RequestEnvironment;
  /** Request-specific keys (e.g. `sts:ExternalId`, `aws:RequestTag/…`), merged over the caller's keys. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface Authorizer {
  authorize(input: AuthorizeInput): Decision;
  policySetOf(caller: Caller): Omit<PolicySet, 'resource' | 'resourcePolicyRequired'>;
  contextOf(input: AuthorizeInput): RequestContextValues;
}

const SESSION_POLICY_CACHE_LIMIT = 10_000;

export function createAuthorizer(directory: Directory): Authorizer {
  // Parsed inline session policies, keyed by access key id (their text never changes for a session).
  const sessionPolicyCache = new Map<string, NamedPolicy[]>();

  function sessionPolicies(accessKeyId: string, refs: readonly SessionPolicyRef[]): NamedPolicy[] {
    const cached = sessionPolicyCache.get(accessKeyId);
    if (cached) return cached;
    const parsed = refs.flatMap((ref): NamedPolicy[] => {
      if (ref.arn) {
        const managed = directory.managedPolicy(ref.arn);
        // A managed session policy that no longer exists grants nothing (fail closed).
        return managed ? [{ id: ref.arn, document: managed.policy.document }] : [];
      }
      return ref.text ? [{ id: ref.id, document: parsePolicy(ref.text, 'session', { maxSize: Infinity }) }] : [];
    });
    if (sessionPolicyCache.size >= SESSION_POLICY_CACHE_LIMIT) sessionPolicyCache.clear();
    sessionPolicyCache.set(accessKeyId, parsed);
    return parsed;
  }

  function policySetOf(caller: Caller): Omit<PolicySet, 'resource' | 'resourcePolicyRequired'> {
    const refs = caller.session?.sessionPolicies;
    const session = refs ? sessionPolicies(caller.session.accessKeyId, refs) : undefined;
    if (caller.kind === 'assumed-role') {
      const boundary = directory.boundary(caller.role.boundaryArn);
      return { identity: directory.rolePolicies(caller.role), ...(boundary ? { boundary } : {}), ...(session ? { session } : {}) };
    }
    const boundary = directory.boundary(caller.user.boundaryArn);
    const identity = directory.userPolicies(caller.user);
    // GetFederationToken without a session policy has no permissions (evaluation logic, step 7):
    // the engine applies that when `session` is undefined for a federated-user principal.
    return { identity, ...(boundary ? { boundary } : {}), ...(session ? { session } : {}) };
  }

  function contextOf(input: AuthorizeInput): RequestContextValues {
    return mergeContext(callerContext(input.caller, input.env), input.context ?? {});
  }

  return {
    policySetOf,
    contextOf,
    authorize(input) {
      const policies: PolicySet = {
        ...policySetOf(input.caller),
        ...(input.resourcePolicy ? { resource: input.resourcePolicy } : {}),
        ...(input.resourcePolicyRequired ? { resourcePolicyRequired: true } : {}),
      };
      return evaluate(
        {
          principal: principalContextOf(input.caller),
          action: input.action,
          resource: input.resource,
          ...(input.resourceAccount ? { resourceAccount: input.resourceAccount } : {}),
          context: contextOf(input),
        },
        policies,
      );
    },
  };
}
