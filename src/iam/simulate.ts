/**
 * @module iam/simulate — the policy simulator: policy inputs × actions × resources → EvaluationResults.
 *
 * Pure (no I/O): it takes parsed inputs and the directory and runs the policy engine once per
 * (action, resource) pair, in action-major order, only for the requested page.
 *
 * Semantics (IAM API reference, SimulateCustomPolicy / SimulatePrincipalPolicy), and where rolegate
 * goes further:
 * - Identity policies: the PolicyInputList (custom), or the entity's policies followed by the
 *   PolicyInputList (principal). A permissions boundary input replaces the entity's boundary.
 * - Context: only what ContextEntries supply, as AWS's simulator does; keys a policy needs but that
 *   were not supplied are reported in MissingContextValues.
 * - The simulated principal (for resource and trust policies): CallerArn, else the PolicySourceArn
 *   user, else — rolegate extension — a session of the PolicySourceArn role
 *   (`arn:aws:sts::ACCT:assumed-role/NAME/rolegate-simulation`). A ResourcePolicy without a
 *   principal is InvalidInput, as on AWS.
 * - Without a resource or trust policy the simulation evaluates the identity side only (AWS: "The
 *   simulation does not automatically retrieve policies for the specified resources").
 * - With a ResourcePolicy, its owner is ResourceOwner, else the principal's account; a different
 *   account makes it a cross-account evaluation (both sides must allow).
 * - Beyond AWS (whose simulator ignores trust policies): for `sts:AssumeRole`,
 *   `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession` and
 *   `sts:SetSourceIdentity` on the ARN of a role in the directory, and no explicit ResourcePolicy,
 *   the role's trust policy is the resource policy, evaluated as the real AssumeRole does (the
 *   trust policy must always allow; a trust naming only the account delegates to the identity
 *   policies; the role's tags are `aws:ResourceTag/*` unless a context entry overrides them). The
 *   result says so with an EvalDecisionDetails entry `Trust Policy` and a matched statement with
 *   SourcePolicyId `TrustPolicy`. Without a simulated principal the trust policy is not evaluated.
 */
import { validationError, type Directory, type Role } from '../core/index.js';
import {
  evaluate,
  type ContextValue,
  type Decision,
  type NamedPolicy,
  type PolicySet,
  type PrincipalContext,
  type RoleVerdict,
  type StatementRef,
} from '../policy/index.js';
import { statementSpans, type StatementSpan } from './positions.js';
import type { QueryList, QueryMap, QueryStruct } from '../aws-query/index.js';

export type PolicySourceType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

/** A policy taking part in a simulation, with how the wire names it. */
export interface SimulatedPolicy {
  readonly named: NamedPolicy;
  /** `SourcePolicyId`: `PolicyInputList.1`, `ResourcePolicy`, `TrustPolicy`, or the policy name. */
  readonly sourceId: string;
  readonly sourceType: PolicySourceType;
}

export interface SimulationSetup {
  readonly identity: readonly SimulatedPolicy[];
  readonly boundary?: SimulatedPolicy;
  readonly resourcePolicy?: SimulatedPolicy;
  /** Who is simulated when a resource or trust policy takes part. */
  readonly principal?: PrincipalContext;
  /** Principal used for identity-only evaluation when there is none. */
  readonly fallbackPrincipal: PrincipalContext;
  /** Account id owning the ResourcePolicy (ResourceOwner). */
  readonly resourceOwner?: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

export const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
]);

export const SIMULATION_SESSION_NAME = 'rolegate-simulation';

export interface PairOutcome {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  /** Which resource-side policy took part. */
  readonly resourceSide: 'resource' | 'trust' | undefined;
  readonly trustRole?: Role;
  readonly boundaryPresent: boolean;
}

/** Runs the engine for one (action, resource) pair. */
export function simulatePair(setup: SimulationSetup, directory: Directory, action: string, resource: string): PairOutcome {
  const trustRole =
    setup.resourcePolicy === undefined && setup.principal !== undefined && TRUST_ACTIONS.has(action.toLowerCase())
      ? directory.roleByArn(resource)
      : undefined;
  const identity = setup.identity.map((p) => p.named);
  const base: Omit<PolicySet, 'resource' | 'resourcePolicyRequired'> = {
    identity,
    ...(setup.boundary ? { boundary: setup.boundary.named } : {}),
  };
  let decision: Decision;
  let resourceSide: PairOutcome['resourceSide'];
  if (trustRole && setup.principal) {
    const context: Record<string, ContextValue> = {};
    for (const [key, value] of Object.entries(trustRole.tags)) context[`aws:ResourceTag/${key}`] = value;
    Object.assign(context, setup.context);
    decision = evaluate(
      { principal: setup.principal, action, resource, resourceAccount: trustRole.account, context },
      { ...base, resource: trustRole.trustPolicy, resourcePolicyRequired: true },
    );
    resourceSide = 'trust';
  } else if (setup.resourcePolicy && setup.principal) {
    decision = evaluate(
      { principal: setup.principal, action, resource, resourceAccount: setup.resourceOwner ?? setup.principal.account, context: setup.context },
      { ...base, resource: setup.resourcePolicy.named },
    );
    resourceSide = 'resource';
  } else {
    decision = evaluate({ principal: setup.principal ?? setup.fallbackPrincipal, action, resource, context: setup.context }, base);
  }
  return { action, resource, decision, resourceSide, ...(trustRole ? { trustRole } : {}), boundaryPresent: setup.boundary !== undefined };
}

export function checkResourcePolicyPrincipal(setup: Pick<SimulationSetup, 'resourcePolicy' | 'principal'>): void {
  if (setup.resourcePolicy && !setup.principal) {
    throw validationError('CallerArn is required when you include a ResourcePolicy, so that its Principal element has a value to match.');
  }
}

const WIRE_DECISION = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

function verdictDecision(verdict: RoleVerdict): string {
  return verdict === 'allow' ? 'allowed' : verdict === 'deny' ? 'explicitDeny' : 'implicitDeny';
}

/** Renders pair outcomes as `EvaluationResult` structures. */
export function createResultRenderer(setup: SimulationSetup) {
  const byKey = new Map<string, SimulatedPolicy>();
  for (const p of setup.identity) byKey.set(`identity|${p.named.id}`, p);
  if (setup.boundary) byKey.set(`boundary|${setup.boundary.named.id}`, setup.boundary);
  if (setup.resourcePolicy) byKey.set(`resource|${setup.resourcePolicy.named.id}`, setup.resourcePolicy);
  const spans = new Map<string, StatementSpan[]>();
  const spansOf = (policy: NamedPolicy): StatementSpan[] => {
    let found = spans.get(policy.id);
    if (!found) {
      found = statementSpans(policy.document.source);
      spans.set(policy.id, found);
    }
    return found;
  };

  function statement(ref: StatementRef, outcome: PairOutcome): QueryStruct {
    let source: SimulatedPolicy | undefined = byKey.get(`${ref.policyRole}|${ref.policyId}`);
    if (!source && ref.policyRole === 'resource' && outcome.trustRole) {
      source = { named: outcome.trustRole.trustPolicy, sourceId: 'TrustPolicy', sourceType: 'resource' };
    }
    const span = source ? spansOf(source.named)[ref.statementIndex] : undefined;
    return {
      SourcePolicyId: source?.sourceId ?? ref.policyId,
      SourcePolicyType: source?.sourceType ?? 'none',
      ...(span
        ? {
            StartPosition: { Line: span.start.line, Column: span.start.column },
            EndPosition: { Line: span.end.line, Column: span.end.column },
          }
        : {}),
    };
  }

  return function render(outcome: PairOutcome): QueryStruct {
    const { decision } = outcome;
    const evalDecision = WIRE_DECISION[decision.decision];
    const matched: QueryList = { members: decision.determining.map((ref) => statement(ref, outcome)) };
    const missing: QueryList = { members: [...decision.missingContextKeys] };
    const specific = outcome.resource !== '*';
    let details: QueryMap | undefined;
    if (outcome.resourceSide !== undefined || specific) {
      const entries: Record<string, string> = { 'IAM Policy': verdictDecision(decision.verdicts.identity) };
      if (outcome.resourceSide === 'resource') entries['Resource Policy'] = verdictDecision(decision.verdicts.resource);
      if (outcome.resourceSide === 'trust') entries['Trust Policy'] = verdictDecision(decision.verdicts.resource);
      details = { entries };
    }
    const boundary = outcome.boundaryPresent ? { AllowedByPermissionsBoundary: decision.verdicts.boundary === 'allow' } : undefined;
    return {
      EvalActionName: outcome.action,
      EvalResourceName: outcome.resource,
      EvalDecision: evalDecision,
      MatchedStatements: matched,
      // AWS: missing keys are listed here for "*", and under ResourceSpecificResults otherwise.
      MissingContextValues: specific ? { members: [] } : missing,
      PermissionsBoundaryDecisionDetail: boundary,
      EvalDecisionDetails: details,
      ResourceSpecificResults: specific
        ? {
            members: [
              {
                EvalResourceName: outcome.resource,
                EvalResourceDecision: evalDecision,
                MatchedStatements: matched,
                MissingContextValues: missing,
                EvalDecisionDetails: details,
                PermissionsBoundaryDecisionDetail: boundary,
              },
            ],
          }
        : undefined,
    };
  };
}
