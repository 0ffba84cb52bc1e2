/**
 * @module policy/evaluate/nearest-miss — the statement that came closest to allowing.
 *
 * For an implicit deny, look where an Allow was missing: the present roles whose verdict is
 * `none` (a role that allowed is not the problem). Among their statements that did not apply,
 * prefer Allow statements, pick the one with the lightest failing elements — a statement about
 * this action is closer than one about another action, and one whose resource or principal
 * matches is closer than one whose does not (weights: Action 100, Resource and Principal 10, each
 * Condition clause 1) — and break ties by role order (identity, resource, boundary, session),
 * then policy order and statement index.
 * When those roles hold no candidate at all, every role is searched.
 * Failing elements are first only counted (cheap); messages are built for the winner alone.
 */
import { compiledPolicy } from '../compile.js';
import type { CompiledStatement } from '../compile.js';
import type { NamedPolicy, NearMiss, PolicyRole } from '../types.js';
import { statementMismatches } from './mismatch.js';
import { refOf, verdictOf } from './scan.js';
import type { RoleScan } from './scan.js';
import type { Scans } from './decide.js';
import type { EvalState } from './state.js';

const ORDER: readonly PolicyRole[] = ['identity', 'resource', 'boundary', 'session'];

/** Weighted failing elements (Action 100, Resource and Principal 10, each Condition clause 1); 0 = applies. */
function countMismatches(cs: CompiledStatement, state: EvalState): number {
  const request = state.request;
  let n = 0;
  if (!cs.action(state.lowerAction)) n += 100;
  if (cs.resource !== undefined && !cs.resource(request.resource, state)) n += 10;
  if (cs.principal !== undefined && cs.principal(request.principal) === undefined) n += 10;
  for (const c of cs.conditions) if (!c.test(state.value(c.lowerKey, c.clause.key), state)) n++;
  return n;
}

interface Best {
  readonly scan: RoleScan;
  readonly policy: NamedPolicy;
  readonly cs: CompiledStatement;
  readonly count: number;
}

function search(scans: readonly RoleScan[], state: EvalState, allow: boolean): Best | undefined {
  let best: Best | undefined;
  for (const scan of scans) {
    for (const policy of scan.policies) {
      for (const cs of compiledPolicy(policy.document).statements) {
        if (cs.allow !== allow) continue;
        const count = countMismatches(cs, state);
        if (count > 0 && (best === undefined || count < best.count)) best = { scan, policy, cs, count };
      }
    }
  }
  return best;
}

export function nearestMiss(scans: Scans, state: EvalState): NearMiss | undefined {
  const all = ORDER.map((role) => scans[role]);
  const lacking = all.filter((s) => verdictOf(s) === 'none');
  state.recordMissing = false;
  try {
    for (const pool of [lacking, all]) {
      const found = search(pool, state, true) ?? search(pool, state, false);
      if (found !== undefined) {
        const variables = found.policy.document.version === '2012-10-17';
        return { ...refOf(found.policy, found.scan.role, found.cs), mismatches: statementMismatches(found.cs, state, variables) };
      }
    }
    return undefined;
  } finally {
    state.recordMissing = true;
  }
}
