/**
 * @module policy/evaluate/summary — the one- or two-sentence `Decision.summary`.
 *
 * The wording names the policy role, the policy id and the statement index so that a reader can
 * find the statement, e.g. `Denied: allowed by identity policy X statement 0 but no session
 * policy allows s3:PutObject`.
 */
import { describeRef, joinWords, who } from '../format.js';
import type { AuthorizationRequest, StatementRef } from '../types.js';
import type { RoleScan } from './scan.js';

export function explicitDenySummary(denies: readonly StatementRef[], trust: boolean): string {
  const [first] = denies;
  const more = denies.length > 1 ? ` (and ${denies.length - 1} other deny statement${denies.length > 2 ? 's' : ''})` : '';
  const sid = first?.sid !== undefined ? ` (Sid ${first.sid})` : '';
  return first === undefined ? 'Denied: explicit deny' : `Denied: explicitly denied by ${describeRef(first, trust)}${sid}${more}`;
}

export function allowSummary(determining: readonly StatementRef[], trust: boolean, root: boolean): string {
  const parts = determining.map((r) => describeRef(r, trust));
  if (root) parts.unshift("the root user's implicit permissions in its own account");
  return `Allowed by ${joinWords(parts)}`;
}

/** Facts the implicit-deny wording depends on. */
export interface DenyFacts {
  readonly request: AuthorizationRequest;
  readonly trust: boolean;
  readonly scans: { readonly identity: RoleScan; readonly resource: RoleScan; readonly boundary: RoleScan; readonly session: RoleScan };
  readonly idAllow: boolean;
  readonly bAllow: boolean;
  readonly sAllow: boolean;
  readonly crossAccount: boolean;
  readonly rootAssume: boolean;
  readonly limited: readonly StatementRef[];
  readonly delegated: readonly StatementRef[];
}

export function implicitDenySummary(f: DenyFacts): string {
  const { request, trust, scans } = f;
  const { action, resource } = request;
  const p = request.principal;
  if (f.rootAssume) return 'Denied: the root user cannot assume roles';
  const resourceId = scans.resource.policies[0]?.id;
  if (trust && scans.resource.allows.length === 0) {
    return `Denied: ${resourceId === undefined ? 'there is no trust policy that allows' : `the trust policy ${resourceId} does not allow`} ${who(p)} to perform ${action}`;
  }
  const gaps: string[] = [];
  if (!f.bAllow) gaps.push(`the permissions boundary ${scans.boundary.policies[0]?.id ?? ''} does not allow ${action}`);
  if (!f.sAllow) {
    gaps.push(scans.session.present ? `no session policy allows ${action}` : 'a federated user session without a session policy has no permissions');
  }
  const idFirst = scans.identity.allows[0];
  const byIdentity = idFirst === undefined ? "the root user's implicit permissions" : describeRef(idFirst, trust);
  if (f.idAllow && gaps.length > 0) return `Denied: allowed by ${byIdentity} but ${joinWords(gaps)}`;
  if (f.crossAccount) {
    if (f.idAllow) {
      const gap = resourceId === undefined ? `there is no resource policy in account ${request.resourceAccount ?? ''} that allows it` : `the resource policy ${resourceId} does not allow ${who(p)}`;
      return `Denied: allowed by ${byIdentity} but ${gap} (cross-account access needs both)`;
    }
    const resFirst = scans.resource.allows[0];
    if (resFirst !== undefined) {
      return `Denied: ${describeRef(resFirst, trust)} allows ${who(p)} but no identity policy allows ${action} (cross-account access needs both)`;
    }
  }
  const [limitedFirst] = f.limited;
  if (limitedFirst !== undefined && gaps.length > 0) {
    return `Denied: ${describeRef(limitedFirst, trust)} names the ${p.kind === 'assumed-role' ? 'role' : 'user'} of this session but ${joinWords(gaps)}`;
  }
  const [delegatedFirst] = f.delegated;
  if (delegatedFirst !== undefined && !f.idAllow) {
    const what = trust ? `trusts account ${p.account}, which delegates to its identity policies,` : 'names only the account, which delegates to identity policies,';
    return `Denied: ${describeRef(delegatedFirst, trust)} ${what} but no identity policy allows ${action} on ${resource}`;
  }
  if (!f.sAllow && !scans.session.present) return `Denied: ${gaps.join('')} (GetFederationToken was called without Policy or PolicyArns)`;
  return `Denied: no policy allows ${action} on ${resource} (implicit deny)`;
}
