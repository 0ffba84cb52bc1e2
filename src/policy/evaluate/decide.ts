/**
 * @module policy/evaluate/decide — combines the per-role results into Allow / ExplicitDeny / ImplicitDeny.
 *
 * IAM User Guide, "Policy evaluation logic" (reference §8.1–8.4) and "Cross-account policy
 * evaluation logic":
 * 1. An explicit deny in any applicable policy (identity, resource, boundary, session) wins.
 * 2. Identity-based policies must allow — unless a same-account resource-based policy grant is
 *    enough on its own.
 * 3. A permissions boundary, if set, must allow.
 * 4. Session policies, if passed, must allow; without one a role session is fine, but a
 *    GetFederationToken (federated-user) session has no permissions.
 * 5. Same account: an Allow in the identity OR the resource policy suffices. A resource grant that
 *    names the IAM user or the session ARN stands alone; one that names the role (or the IAM user
 *    behind a federated-user session) is still limited by the boundary and session policies; one
 *    that names only the account delegates to the identity policies.
 * 6. Cross account: the identity side (with its limits) AND the resource policy must allow.
 * 7. Role trust policies (`resourcePolicyRequired`) must always allow the principal; an account
 *    principal there is a delegation, so the caller's identity policies must allow too.
 * The root user has full permissions in its own account (the guide's default deny excepts "the
 * root user") but can never assume a role.
 */
import type { AuthorizationRequest, EvalDecision, PolicySet, StatementRef } from '../types.js';
import type { RoleScan } from './scan.js';
import { allowSummary, explicitDenySummary, implicitDenySummary } from './summary.js';

export interface Scans {
  readonly identity: RoleScan;
  readonly resource: RoleScan;
  readonly boundary: RoleScan;
  readonly session: RoleScan;
}

export interface Outcome {
  readonly decision: EvalDecision;
  readonly determining: readonly StatementRef[];
  readonly summary: string;
}

const NONE: readonly StatementRef[] = Object.freeze([]);

/** Concatenates statement lists; callers pass them in role order (identity, resource, boundary, session). */
function inRoleOrder(a: readonly StatementRef[], b: readonly StatementRef[], c: readonly StatementRef[], d: readonly StatementRef[] = NONE): StatementRef[] {
  const out: StatementRef[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i] as StatementRef);
  for (let i = 0; i < b.length; i++) out.push(b[i] as StatementRef);
  for (let i = 0; i < c.length; i++) out.push(c[i] as StatementRef);
  for (let i = 0; i < d.length; i++) out.push(d[i] as StatementRef);
  return out;
}

type Path = 'chain' | 'direct' | 'limited' | 'delegated' | 'cross' | undefined;

export function decide(request: AuthorizationRequest, policies: PolicySet, scans: Scans): Outcome {
  const { identity, resource, boundary, session } = scans;
  const trust = policies.resourcePolicyRequired === true;
  if (identity.denies.length + resource.denies.length + boundary.denies.length + session.denies.length > 0) {
    const denies = inRoleOrder(identity.denies, resource.denies, boundary.denies, session.denies);
    return { decision: 'ExplicitDeny', determining: denies, summary: explicitDenySummary(denies, trust) };
  }

  const p = request.principal;
  const isRoot = p.kind === 'root';
  const hasIdentity = isRoot || p.kind === 'user' || p.kind === 'assumed-role' || p.kind === 'federated-user';
  const idAllow = hasIdentity && (isRoot || identity.allows.length > 0);
  const bAllow = !boundary.present || boundary.allows.length > 0;
  const sAllow = session.present ? session.allows.length > 0 : p.kind !== 'federated-user';
  const limitersOk = bAllow && sAllow;
  const chainOk = idAllow && limitersOk;
  const crossAccount = hasIdentity && request.resourceAccount !== undefined && request.resourceAccount !== p.account;
  const rootAssume = trust && isRoot && request.action.toLowerCase().startsWith('sts:assumerole');

  const anyGrant = resource.allows.length > 0;
  // Resource-policy grants split by how they name the principal (only allocated when there are some).
  const direct: StatementRef[] = anyGrant ? [] : (NONE as StatementRef[]);
  const limited: StatementRef[] = anyGrant ? [] : (NONE as StatementRef[]);
  const delegated: StatementRef[] = anyGrant ? [] : (NONE as StatementRef[]);
  for (let i = 0; i < resource.allows.length; i++) {
    const g = resource.grants[i];
    (g === 'direct' ? direct : g === 'limited' ? limited : delegated).push(resource.allows[i] as StatementRef);
  }

  let path: Path;
  if (rootAssume) path = undefined;
  else if (trust) {
    if (!anyGrant) path = undefined;
    else if (crossAccount) path = chainOk ? 'cross' : undefined;
    else if (direct.length > 0) path = 'direct';
    else if (limited.length > 0 && limitersOk) path = 'limited';
    else if (delegated.length > 0 && chainOk) path = 'delegated';
  } else if (crossAccount) path = chainOk && anyGrant ? 'cross' : undefined;
  else if (chainOk) path = 'chain';
  else if (direct.length > 0) path = 'direct';
  else if (limited.length > 0 && limitersOk) path = 'limited';

  if (path === undefined) {
    const summary = implicitDenySummary({ request, trust, scans, idAllow, bAllow, sAllow, crossAccount, rootAssume, limited, delegated });
    return { decision: 'ImplicitDeny', determining: [], summary };
  }
  let determining: StatementRef[];
  if (path === 'direct') determining = direct;
  else if (path === 'limited') determining = inRoleOrder(limited, boundary.allows, session.allows);
  else if (path === 'delegated') determining = inRoleOrder(identity.allows, delegated, boundary.allows, session.allows);
  else if (path === 'cross') determining = inRoleOrder(identity.allows, resource.allows, boundary.allows, session.allows);
  else determining = inRoleOrder(identity.allows, boundary.allows, session.allows);
  // When the identity side was needed, a root caller relies on its implicit permissions.
  const viaChain = path === 'chain' || path === 'cross' || path === 'delegated';
  const root = isRoot && viaChain && identity.allows.length === 0;
  return { decision: 'Allow', determining, summary: allowSummary(determining, trust, root) };
}
