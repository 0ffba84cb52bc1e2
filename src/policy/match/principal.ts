/**
 * @module policy/match/principal — Principal / NotPrincipal matching.
 *
 * IAM User Guide, "AWS JSON policy elements: Principal":
 * - `"AWS": "123456789012"` ≡ `"AWS": "arn:aws:iam::123456789012:root"`: the whole account
 *   (root, users, role sessions, federated users) — a delegation to that account's policies.
 * - A user ARN matches that user; a role ARN matches sessions of that role; an assumed-role
 *   session ARN or federated-user ARN matches that session only.
 * - `"Federated"` names the identity provider; `"Service"` the service principal.
 * - "You cannot use a wildcard to match part of a principal name or ARN": only `"*"` alone is a
 *   wildcard; anything else compares exactly.
 * - `"Principal": "*"` and `"AWS": "*"` mean everyone, including anonymous.
 *
 * The match result says how the principal was named, because the evaluation logic limits
 * resource-policy grants differently by principal form (reference §8.2).
 */
import type { PrincipalBlock, PrincipalContext } from '../types.js';

/**
 * - `direct`: names the caller itself (user ARN, session ARN, Federated, Service, `*`): the grant
 *   stands alone within the account.
 * - `limited`: names the role of a role session, or the IAM user behind a federated-user session:
 *   still limited by the permissions boundary and session policies.
 * - `account`: names the account: delegates to the account's identity-based policies.
 * - `implicit`: the statement has no principal element (hand-built documents); treated like `account`.
 */
export type GrantKind = 'direct' | 'limited' | 'account' | 'implicit';

export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly anyFederated: boolean;
  readonly anyService: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

export function compilePrincipal(block: PrincipalBlock): CompiledPrincipal {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const aws = block.entries.AWS ?? [];
  for (const entry of aws) {
    const root = ROOT_ARN.exec(entry);
    if (ACCOUNT_ID.test(entry)) accounts.add(entry);
    else if (root !== null) accounts.add(root[1] as string);
    else arns.add(entry);
  }
  const federated = block.entries.Federated ?? [];
  const services = block.entries.Service ?? [];
  return {
    everyone: block.wildcard || aws.includes('*'),
    anyFederated: federated.includes('*'),
    anyService: services.includes('*'),
    accounts,
    arns,
    federated: new Set(federated),
    services: new Set(services),
  };
}

/** Kinds that belong to an account and so are covered by an account principal. */
function inAccount(p: PrincipalContext): boolean {
  return p.kind === 'root' || p.kind === 'user' || p.kind === 'assumed-role' || p.kind === 'federated-user';
}

/** How the block names the principal, or undefined when it does not. */
export function principalGrant(cp: CompiledPrincipal, p: PrincipalContext): GrantKind | undefined {
  if (cp.everyone) return 'direct';
  switch (p.kind) {
    case 'federated':
      return cp.anyFederated || (p.federatedProvider !== undefined && cp.federated.has(p.federatedProvider)) ? 'direct' : undefined;
    case 'service':
      return cp.anyService || (p.service !== undefined && cp.services.has(p.service)) ? 'direct' : undefined;
    case 'user':
    case 'assumed-role':
    case 'federated-user':
      if (cp.arns.has(p.arn)) return 'direct';
      if (p.kind === 'assumed-role' && p.roleArn !== undefined && cp.arns.has(p.roleArn)) return 'limited';
      if (p.kind === 'federated-user' && p.userArn !== undefined && cp.arns.has(p.userArn)) return 'limited';
      break;
    default:
      break;
  }
  if (inAccount(p) && p.account !== '' && cp.accounts.has(p.account)) return 'account';
  return undefined;
}

/** NotPrincipal: applies to every principal that no entry names. */
export function notPrincipalGrant(cp: CompiledPrincipal, p: PrincipalContext): GrantKind | undefined {
  return principalGrant(cp, p) === undefined ? 'direct' : undefined;
}
