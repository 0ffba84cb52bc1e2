/**
 * @module iam/explain — "why is this allowed or denied?" for one principal, action and resource.
 *
 * Pure (no I/O; the time comes in): used by the admin endpoint `POST /admin/explain` and by the
 * `explain` command-line script. Unlike the IAM simulator (which, like AWS's, sees only the
 * context entries given), an explanation rebuilds the request the real gateway would evaluate:
 * - the principal is a user of the directory (`arn:aws:iam::ACCT:user/NAME`), a role
 *   (`arn:aws:iam::ACCT:role/NAME`, explained as a session named `rolegate-explain`) or a role
 *   session (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`);
 * - its identity policies, permissions boundary and (optional) session policy take part;
 * - the global condition keys the gateway sets for a caller are present (`aws:CurrentTime`,
 *   `aws:EpochTime`, `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
 *   `aws:userid`, `aws:username`, `aws:PrincipalTag/*`, `aws:PrincipalIsAWSService`,
 *   `aws:ViaAWSService`); the given context is merged over them;
 * - for `sts:AssumeRole*`, `sts:TagSession` and `sts:SetSourceIdentity` on a role of the
 *   directory, identity ∩ trust is evaluated exactly as AssumeRole does (trust policy required,
 *   the role's tags as `aws:ResourceTag/*`);
 * - any other resource is evaluated on the identity side (there are no resource policies in the
 *   directory).
 */
import { BridgeError, isBridgeError } from '../errors.js';
import { assumedRoleArn, validationError, type Directory, type Role, type User } from '../core/index.js';
import {
  evaluate,
  formatDecision,
  parsePolicy,
  type ContextValue,
  type Decision,
  type NamedPolicy,
  type PrincipalContext,
  type RequestContextValues,
} from '../policy/index.js';
import { TRUST_ACTIONS } from './simulate.js';

export const EXPLAIN_SESSION_NAME = 'rolegate-explain';
const MAX_CONTEXT_KEYS = 100;
const MAX_CONTEXT_VALUES = 100;
const MAX_VALUE_LENGTH = 2048;

export interface ExplainInput {
  readonly principalArn: string;
  readonly action: string;
  /** `*` when not given. */
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly sessionPolicy?: string;
}

export interface Explanation {
  readonly principal: PrincipalContext;
  readonly action: string;
  readonly resource: string;
  /** The role whose trust policy was evaluated (sts:AssumeRole* on a role). */
  readonly trustPolicyOf?: string;
  readonly policies: {
    readonly identity: readonly string[];
    readonly boundary?: string;
    readonly resource?: string;
    readonly session?: readonly string[];
  };
  readonly context: RequestContextValues;
  readonly decision: Decision;
  /** Readable, multi-line: the request, then `formatDecision`. */
  readonly text: string;
}

function shown(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a JSON body `{ principalArn, action, resource?, context?, sessionPolicy? }`. */
export function parseExplainInput(body: unknown): ExplainInput {
  if (!isRecord(body)) throw validationError('The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if (!['principalArn', 'action', 'resource', 'context', 'sessionPolicy'].includes(key)) throw validationError(`Unknown member ${shown(key)}.`);
  }
  const { principalArn, action, resource, context, sessionPolicy } = body;
  if (typeof principalArn !== 'string' || principalArn.length < 20 || principalArn.length > 2048) {
    throw validationError('principalArn must be the ARN of a user, role or role session (20 to 2048 characters).');
  }
  if (typeof action !== 'string' || !/^[A-Za-z0-9-]+:[A-Za-z0-9_.-]+$/.test(action) || action.length > 128) {
    throw validationError('action must be one action with its service prefix, e.g. sts:AssumeRole.');
  }
  if (resource !== undefined && (typeof resource !== 'string' || resource.length < 1 || resource.length > 2048)) {
    throw validationError('resource must be an ARN or "*" (1 to 2048 characters).');
  }
  const values: Record<string, ContextValue> = {};
  if (context !== undefined) {
    if (!isRecord(context)) throw validationError('context must be an object of condition keys to a string or an array of strings.');
    const keys = Object.keys(context);
    if (keys.length > MAX_CONTEXT_KEYS) throw validationError(`context may hold at most ${MAX_CONTEXT_KEYS} keys.`);
    for (const key of keys) {
      if (!/^[^\s:]+:\S.{0,250}$/.test(key)) throw validationError(`context key ${shown(key)} must be of the form prefix:name.`);
      const value = context[key];
      const list = Array.isArray(value) ? value : [value];
      if (list.length > MAX_CONTEXT_VALUES || !list.every((v) => typeof v === 'string' && v.length <= MAX_VALUE_LENGTH)) {
        throw validationError(`context ${shown(key)}: the value must be a string or an array of at most ${MAX_CONTEXT_VALUES} strings.`);
      }
      values[key] = Array.isArray(value) ? (value as string[]) : (value as string);
    }
  }
  let policyText: string | undefined;
  if (sessionPolicy !== undefined) {
    if (typeof sessionPolicy === 'string') policyText = sessionPolicy;
    else if (isRecord(sessionPolicy)) policyText = JSON.stringify(sessionPolicy);
    else throw validationError('sessionPolicy must be a policy document (JSON text or object).');
  }
  return {
    principalArn,
    action,
    resource: (resource as string | undefined) ?? '*',
    context: values,
    ...(policyText !== undefined ? { sessionPolicy: policyText } : {}),
  };
}

type Subject =
  | { readonly kind: 'user'; readonly user: User; readonly principal: PrincipalContext }
  | { readonly kind: 'role'; readonly role: Role; readonly sessionName: string; readonly principal: PrincipalContext };

/** The user, role or role session behind `principalArn`; NOT_FOUND when the directory has none. */
export function resolveSubject(directory: Directory, principalArn: string): Subject {
  const user = directory.userByArn(principalArn);
  if (user) return { kind: 'user', user, principal: { kind: 'user', account: user.account, arn: user.arn } };
  const role = directory.roleByArn(principalArn);
  if (role) return roleSubject(role, EXPLAIN_SESSION_NAME);
  const session = /^arn:aws(?:-cn|-us-gov)?:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/.exec(principalArn);
  if (session) {
    const sessionRole = directory.roleByName(session[1] as string, session[2] as string);
    if (sessionRole) return roleSubject(sessionRole, session[3] as string);
  }
  throw new BridgeError('NOT_FOUND', { message: `No user, role or role session ${shown(principalArn)} exists in the directory.` });
}

function roleSubject(role: Role, sessionName: string): Subject {
  const principal: PrincipalContext = { kind: 'assumed-role', account: role.account, arn: assumedRoleArn(role.account, role.name, sessionName), roleArn: role.arn };
  return { kind: 'role', role, sessionName, principal };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The global keys the gateway sets for this principal (core/request-context.ts, for a fresh session). */
function subjectContext(subject: Subject, nowMs: number): Record<string, ContextValue> {
  const values: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(nowMs),
    'aws:EpochTime': String(Math.floor(nowMs / 1000)),
    'aws:PrincipalAccount': subject.principal.account,
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
  };
  if (subject.kind === 'user') {
    values['aws:PrincipalArn'] = subject.user.arn;
    values['aws:PrincipalType'] = 'User';
    values['aws:userid'] = subject.user.uniqueId;
    values['aws:username'] = subject.user.name;
    for (const [key, value] of Object.entries(subject.user.tags)) values[`aws:PrincipalTag/${key}`] = value;
  } else {
    values['aws:PrincipalArn'] = subject.role.arn;
    values['aws:PrincipalType'] = 'AssumedRole';
    values['aws:userid'] = `${subject.role.uniqueId}:${subject.sessionName}`;
    for (const [key, value] of Object.entries(subject.role.tags)) values[`aws:PrincipalTag/${key}`] = value;
  }
  return values;
}

function parseSessionPolicy(text: string): NamedPolicy {
  try {
    return { id: 'sessionPolicy', document: parsePolicy(text, 'session') };
  } catch (error) {
    if (isBridgeError(error) && error.code === 'MALFORMED_POLICY') throw new BridgeError('MALFORMED_POLICY', { message: `sessionPolicy: ${error.message}` });
    throw error;
  }
}

export function explainAccess(directory: Directory, input: ExplainInput, nowMs: number): Explanation {
  const subject = resolveSubject(directory, input.principalArn);
  const session = input.sessionPolicy !== undefined ? [parseSessionPolicy(input.sessionPolicy)] : undefined;
  const identity = subject.kind === 'user' ? directory.userPolicies(subject.user) : directory.rolePolicies(subject.role);
  const boundary = directory.boundary(subject.kind === 'user' ? subject.user.boundaryArn : subject.role.boundaryArn);
  const trustRole = TRUST_ACTIONS.has(input.action.toLowerCase()) ? directory.roleByArn(input.resource) : undefined;

  const context: Record<string, ContextValue> = subjectContext(subject, nowMs);
  if (trustRole) for (const [key, value] of Object.entries(trustRole.tags)) context[`aws:ResourceTag/${key}`] = value;
  Object.assign(context, input.context);

  const decision = evaluate(
    {
      principal: subject.principal,
      action: input.action,
      resource: input.resource,
      ...(trustRole ? { resourceAccount: trustRole.account } : {}),
      context,
    },
    {
      identity,
      ...(boundary ? { boundary } : {}),
      ...(session ? { session } : {}),
      ...(trustRole ? { resource: trustRole.trustPolicy, resourcePolicyRequired: true } : {}),
    },
  );
  const policies = {
    identity: identity.map((p) => p.id),
    ...(boundary ? { boundary: boundary.id } : {}),
    ...(trustRole ? { resource: trustRole.trustPolicy.id } : {}),
    ...(session ? { session: session.map((p) => p.id) } : {}),
  };
  const header = [
    `Principal: ${subject.principal.arn}${subject.kind === 'role' ? ` (a session of ${subject.role.arn})` : ''}`,
    `Action:    ${input.action}`,
    `Resource:  ${input.resource}`,
    trustRole
      ? `Evaluated: identity policies ∩ the trust policy of ${trustRole.arn} (as AssumeRole does)`
      : 'Evaluated: identity policies' + (boundary ? ', permissions boundary' : '') + (session ? ', session policy' : ''),
    '',
  ];
  return {
    principal: subject.principal,
    action: input.action,
    resource: input.resource,
    ...(trustRole ? { trustPolicyOf: trustRole.arn } : {}),
    policies,
    context,
    decision,
    text: [...header, formatDecision(decision)].join('\n'),
  };
}

/** The decision as plain JSON (the nearest miss is computed on first read). */
export function decisionJson(decision: Decision): Record<string, unknown> {
  const miss = decision.nearestMiss;
  return {
    decision: decision.decision,
    allowed: decision.allowed,
    summary: decision.summary,
    determining: decision.determining,
    matched: decision.matched,
    ...(miss ? { nearestMiss: miss } : {}),
    missingContextKeys: decision.missingContextKeys,
    verdicts: decision.verdicts,
  };
}
