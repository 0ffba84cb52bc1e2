/**
 * @module iam/principals — policy inputs and directory entities as simulation policies and principals.
 */
import { BridgeError, isBridgeError } from '../errors.js';
import { assumedRoleArn, parseRoleArn, validationError, type Directory, type Group, type Role, type User } from '../core/index.js';
import { parsePolicy, type NamedPolicy, type PolicyKind, type PrincipalContext } from '../policy/index.js';
import { MAX_POLICY_LENGTH } from './params.js';
import { SIMULATION_SESSION_NAME, type PolicySourceType, type SimulatedPolicy } from './simulate.js';

/** Parses caller-supplied policy text; a MalformedPolicyDocument names the input and the element. */
export function inputPolicy(text: string, label: string, kind: PolicyKind): SimulatedPolicy {
  try {
    const document = parsePolicy(text, kind, { maxSize: MAX_POLICY_LENGTH });
    return { named: { id: label, document }, sourceId: label, sourceType: kind === 'resource' ? 'resource' : 'none' };
  } catch (error) {
    if (isBridgeError(error) && error.code === 'MALFORMED_POLICY') {
      throw new BridgeError('MALFORMED_POLICY', { message: `${label}: ${error.message}`, cause: error });
    }
    throw error;
  }
}

/** A directory policy with its wire name (the policy name) and source type. */
export function directoryPolicy(named: NamedPolicy): SimulatedPolicy {
  const inline = /^(arn:[^#]+)#inline\/(.+)$/.exec(named.id);
  if (inline) {
    const owner = inline[1] as string;
    const sourceType: PolicySourceType = owner.includes(':group/') ? 'group' : owner.includes(':role/') ? 'role' : 'user';
    return { named, sourceId: inline[2] as string, sourceType };
  }
  const managed = /^arn:[^:]+:iam::(aws|\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(named.id);
  if (managed) return { named, sourceId: managed[2] as string, sourceType: managed[1] === 'aws' ? 'aws-managed' : 'user-managed' };
  return { named, sourceId: named.id, sourceType: 'none' };
}

export function userPrincipal(arn: string): PrincipalContext {
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] ?? '';
  return { kind: 'user', account, arn };
}

export function roleSessionPrincipal(role: Role, sessionName = SIMULATION_SESSION_NAME): PrincipalContext {
  return { kind: 'assumed-role', account: role.account, arn: assumedRoleArn(role.account, role.name, sessionName), roleArn: role.arn };
}

export type PolicySource =
  | { readonly kind: 'user'; readonly user: User; readonly account: string }
  | { readonly kind: 'group'; readonly group: Group; readonly account: string }
  | { readonly kind: 'role'; readonly role: Role; readonly account: string };

const ENTITY_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(user|group|role)(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,128})$/;

/** Resolves PolicySourceArn; an unknown entity is NoSuchEntity (404), as IAM answers. */
export function resolvePolicySource(directory: Directory, groups: readonly Group[], arn: string): PolicySource {
  const m = ENTITY_ARN.exec(arn);
  if (!m) throw validationError(`PolicySourceArn ${arn.length > 64 ? `${arn.slice(0, 64)}…` : arn} must be the ARN of an IAM user, group or role.`);
  const [, account, type, , name] = m as unknown as [string, string, 'user' | 'group' | 'role', string, string];
  if (type === 'user') {
    const user = directory.userByArn(arn) ?? directory.userByName(account, name);
    if (user) return { kind: 'user', user, account };
  } else if (type === 'role') {
    const parts = parseRoleArn(arn);
    const role = directory.roleByArn(arn) ?? (parts ? directory.roleByName(parts.account, parts.name) : undefined);
    if (role) return { kind: 'role', role, account };
  } else {
    const group = groups.find((g) => g.arn === arn) ?? groups.find((g) => g.account === account && g.name === name);
    if (group) return { kind: 'group', group, account };
  }
  throw new BridgeError('NOT_FOUND', { message: `The ${type} with name ${name} cannot be found.` });
}

/** The entity's identity policies and boundary, in the directory's order. */
export function sourcePolicies(directory: Directory, source: PolicySource): { identity: SimulatedPolicy[]; boundary?: SimulatedPolicy } {
  if (source.kind === 'group') {
    const managed = source.group.managedPolicyArns.flatMap((arn) => {
      const policy = directory.managedPolicy(arn);
      return policy ? [policy.policy] : [];
    });
    return { identity: [...source.group.inlinePolicies, ...managed].map(directoryPolicy) };
  }
  const identity = (source.kind === 'user' ? directory.userPolicies(source.user) : directory.rolePolicies(source.role)).map(directoryPolicy);
  const boundaryArn = source.kind === 'user' ? source.user.boundaryArn : source.role.boundaryArn;
  const boundary = directory.boundary(boundaryArn);
  return { identity, ...(boundary ? { boundary: directoryPolicy(boundary) } : {}) };
}
