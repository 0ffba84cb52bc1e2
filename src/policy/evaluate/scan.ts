/**
 * @module policy/evaluate/scan — which statements of one policy role apply to the request.
 *
 * IAM User Guide, "Policy evaluation logic": a statement applies when its Action, Resource,
 * Principal (resource-based policies) and every Condition match. Every statement is visited
 * (no early exit) so that `Decision.matched` lists all matching statements.
 */
import { candidateStatements, compiledPolicy, conditionsHold } from '../compile.js';
import type { CompiledStatement } from '../compile.js';
import type { GrantKind } from '../match/principal.js';
import type { NamedPolicy, PolicyRole, RoleVerdict, StatementRef } from '../types.js';
import type { EvalState } from './state.js';

export interface RoleScan {
  readonly role: PolicyRole;
  /** False when the policy set has no policy for this role. */
  readonly present: boolean;
  readonly policies: readonly NamedPolicy[];
  readonly allows: readonly StatementRef[];
  readonly denies: readonly StatementRef[];
  /** How each Allow in `allows` named the principal (resource role; `implicit` elsewhere). */
  readonly grants: readonly GrantKind[];
}

// Shared empty results: most roles match nothing, so arrays are only allocated on a first match.
const NONE: readonly never[] = Object.freeze([]);

/** How the statement applies (its principal grant), or undefined when it does not apply. */
function statementApplies(cs: CompiledStatement, state: EvalState): GrantKind | undefined {
  if (!cs.action(state.lowerAction)) return undefined;
  const request = state.request;
  if (cs.resource !== undefined && !cs.resource(request.resource, state)) return undefined;
  let grant: GrantKind = 'implicit';
  if (cs.principal !== undefined) {
    const g = cs.principal(request.principal);
    if (g === undefined) return undefined;
    grant = g;
  }
  if (cs.conditions.length > 0 && !conditionsHold(cs, state)) return undefined;
  return grant;
}

export function refOf(policy: NamedPolicy, role: PolicyRole, cs: CompiledStatement): StatementRef {
  const s = cs.statement;
  return { policyId: policy.id, policyRole: role, statementIndex: s.index, sid: s.sid, effect: s.effect };
}

const ABSENT: Readonly<Record<PolicyRole, RoleScan>> = {
  identity: { role: 'identity', present: false, policies: NONE, allows: NONE, denies: NONE, grants: NONE },
  resource: { role: 'resource', present: false, policies: NONE, allows: NONE, denies: NONE, grants: NONE },
  boundary: { role: 'boundary', present: false, policies: NONE, allows: NONE, denies: NONE, grants: NONE },
  session: { role: 'session', present: false, policies: NONE, allows: NONE, denies: NONE, grants: NONE },
};

/** Scans the policies of one role (a single policy may be passed as is). */
export function scanRole(role: PolicyRole, given: readonly NamedPolicy[] | NamedPolicy | undefined, state: EvalState): RoleScan {
  if (given === undefined) return ABSENT[role];
  const policies: readonly NamedPolicy[] = Array.isArray(given) ? given : [given as NamedPolicy];
  let allows: StatementRef[] | undefined;
  let denies: StatementRef[] | undefined;
  let grants: GrantKind[] | undefined;
  const service = state.service;
  for (let p = 0; p < policies.length; p++) {
    const policy = policies[p] as NamedPolicy;
    const candidates = candidateStatements(compiledPolicy(policy.document), service);
    for (let i = 0; i < candidates.length; i++) {
      const cs = candidates[i] as CompiledStatement;
      const grant = statementApplies(cs, state);
      if (grant === undefined) continue;
      if (cs.allow) {
        (allows ??= []).push(refOf(policy, role, cs));
        (grants ??= []).push(grant);
      } else (denies ??= []).push(refOf(policy, role, cs));
    }
  }
  return { role, present: true, policies, allows: allows ?? NONE, denies: denies ?? NONE, grants: grants ?? NONE };
}

export function verdictOf(scan: RoleScan): RoleVerdict {
  if (!scan.present) return 'absent';
  if (scan.denies.length > 0) return 'deny';
  return scan.allows.length > 0 ? 'allow' : 'none';
}

/** Matching statements in document order (Allow and Deny interleaved as written). */
export function matchedInOrder(scan: RoleScan): readonly StatementRef[] {
  if (scan.denies.length === 0) return scan.allows;
  if (scan.allows.length === 0) return scan.denies;
  const order = (r: StatementRef): number => scan.policies.findIndex((p) => p.id === r.policyId) * 1e6 + r.statementIndex;
  return [...scan.allows, ...scan.denies].sort((a, b) => order(a) - order(b));
}
