/**
 * @module policy/evaluate/evaluate — evaluate(request, policies) → Decision.
 *
 * Pure and synchronous: no I/O, no clock (time comes from `aws:CurrentTime` / `aws:EpochTime` in
 * the context). Scans the four policy roles, combines them with the AWS evaluation logic
 * (decide.ts) and, for an implicit deny only, offers the nearest miss (computed when first read).
 */
import type { AuthorizationRequest, Decision, NearMiss, PolicySet, StatementRef } from '../types.js';
import { decide } from './decide.js';
import type { Scans } from './decide.js';
import { nearestMiss } from './nearest-miss.js';
import { matchedInOrder, scanRole, verdictOf } from './scan.js';
import { EvalState } from './state.js';

export function evaluate(request: AuthorizationRequest, policies: PolicySet): Decision {
  const state = new EvalState(request);
  const scans: Scans = {
    identity: scanRole('identity', policies.identity.length > 0 ? policies.identity : undefined, state),
    resource: scanRole('resource', policies.resource, state),
    boundary: scanRole('boundary', policies.boundary, state),
    session: scanRole('session', policies.session, state),
  };
  const outcome = decide(request, policies, scans);
  const { identity, resource, boundary, session } = scans;
  const matched: StatementRef[] = [];
  for (const scan of [identity, resource, boundary, session]) {
    if (scan.allows.length + scan.denies.length > 0) for (const ref of matchedInOrder(scan)) matched.push(ref);
  }
  const verdicts = { identity: verdictOf(identity), resource: verdictOf(resource), boundary: verdictOf(boundary), session: verdictOf(session) };
  const missingContextKeys = state.missingKeys();
  if (outcome.decision !== 'ImplicitDeny') {
    const { decision, determining, summary } = outcome;
    return { decision, allowed: decision === 'Allow', determining, matched, missingContextKeys, verdicts, summary };
  }
  // The nearest miss re-examines every statement and builds messages: computed on first read
  // (an enumerable, memoised getter) so that callers who only need `allowed` do not pay for it.
  let miss: NearMiss | null | undefined;
  return {
    decision: 'ImplicitDeny',
    allowed: false,
    determining: outcome.determining,
    matched,
    missingContextKeys,
    verdicts,
    summary: outcome.summary,
    get nearestMiss(): NearMiss | undefined {
      if (miss === undefined) miss = nearestMiss(scans, state) ?? null;
      return miss ?? undefined;
    },
  };
}
