/**
 * Shared vector runner for the policy-engine tests.
 *
 * A vector names the AWS documentation rule it encodes (`rule`), the policies by role, the
 * request, and the expected decision AND explanation (determining statements, nearest miss).
 * Statement references are written `role:policyId#index`, e.g. `identity:Dev#0`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, parsePolicy } from '../../src/policy/index.js';
import type {
  AuthorizationRequest,
  ContextValue,
  Decision,
  EvalDecision,
  NamedPolicy,
  PolicyKind,
  PolicySet,
  PrincipalContext,
  RoleVerdict,
  StatementElement,
  StatementRef,
} from '../../src/policy/index.js';

export const ACCT = '111111111111';
export const OTHER = '222222222222';

// --- principals -----------------------------------------------------------------------------
export const user = (name: string, account = ACCT, path = '/'): PrincipalContext => ({
  kind: 'user',
  account,
  arn: `arn:aws:iam::${account}:user${path}${name}`,
});
export const roleSession = (role: string, session: string, account = ACCT, path = '/'): PrincipalContext => ({
  kind: 'assumed-role',
  account,
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
  roleArn: `arn:aws:iam::${account}:role${path}${role}`,
});
export const federatedUser = (name: string, caller: string, account = ACCT): PrincipalContext => ({
  kind: 'federated-user',
  account,
  arn: `arn:aws:sts::${account}:federated-user/${name}`,
  userArn: `arn:aws:iam::${account}:user/${caller}`,
});
export const root = (account = ACCT): PrincipalContext => ({ kind: 'root', account, arn: `arn:aws:iam::${account}:root` });
export const federated = (provider: string): PrincipalContext => ({ kind: 'federated', account: '', arn: '', federatedProvider: provider });
export const service = (name: string): PrincipalContext => ({ kind: 'service', account: '', arn: '', service: name });
export const anonymous = (): PrincipalContext => ({ kind: 'anonymous', account: '', arn: '' });

// --- policies -------------------------------------------------------------------------------
/** A document written as a JS value; `Version` defaults to 2012-10-17 unless given (use null to omit). */
export type Doc = Record<string, unknown>;

export function doc(statements: Doc | Doc[], version: string | null = '2012-10-17'): Doc {
  return version === null ? { Statement: statements } : { Version: version, Statement: statements };
}

export function named(id: string, document: Doc | string, kind: PolicyKind): NamedPolicy {
  return { id, document: parsePolicy(typeof document === 'string' ? document : JSON.stringify(document), kind) };
}

export interface PolicySpec {
  readonly identity?: Readonly<Record<string, Doc>>;
  readonly resource?: readonly [string, Doc];
  /** Trust policy: the resource policy, with `resourcePolicyRequired`. */
  readonly trust?: readonly [string, Doc];
  readonly boundary?: readonly [string, Doc];
  readonly session?: Readonly<Record<string, Doc>>;
  /** Forces `resourcePolicyRequired` (set automatically with `trust`). */
  readonly resourcePolicyRequired?: boolean;
}

export function policySet(spec: PolicySpec): PolicySet {
  const identity = Object.entries(spec.identity ?? {}).map(([id, d]) => named(id, d, 'identity'));
  const set: { -readonly [K in keyof PolicySet]: PolicySet[K] } = { identity };
  if (spec.resource !== undefined) set.resource = named(spec.resource[0], spec.resource[1], 'resource');
  if (spec.trust !== undefined) {
    set.resource = named(spec.trust[0], spec.trust[1], 'trust');
    set.resourcePolicyRequired = true;
  }
  if (spec.boundary !== undefined) set.boundary = named(spec.boundary[0], spec.boundary[1], 'boundary');
  if (spec.resourcePolicyRequired === true) set.resourcePolicyRequired = true;
  if (spec.session !== undefined) set.session = Object.entries(spec.session).map(([id, d]) => named(id, d, 'session'));
  return set;
}

// --- requests -------------------------------------------------------------------------------
export interface RequestSpec {
  readonly principal?: PrincipalContext;
  readonly action: string;
  readonly resource?: string;
  readonly resourceAccount?: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export function request(spec: RequestSpec): AuthorizationRequest {
  const r: { -readonly [K in keyof AuthorizationRequest]: AuthorizationRequest[K] } = {
    principal: spec.principal ?? user('alice'),
    action: spec.action,
    resource: spec.resource ?? '*',
    context: spec.context ?? {},
  };
  if (spec.resourceAccount !== undefined) r.resourceAccount = spec.resourceAccount;
  return r;
}

// --- expectations ---------------------------------------------------------------------------
export const refKey = (r: StatementRef): string => `${r.policyRole}:${r.policyId}#${r.statementIndex}`;

export interface Expectation {
  readonly decision: EvalDecision;
  /** Exact list of determining statements (`role:policyId#index`). */
  readonly determining?: readonly string[];
  readonly matched?: readonly string[];
  readonly nearestMiss?: {
    readonly at: string;
    readonly elements?: readonly StatementElement[];
    readonly keys?: readonly string[];
    readonly messages?: readonly string[];
  } | null;
  readonly summary?: string | RegExp;
  readonly missingContextKeys?: readonly string[];
  readonly verdicts?: Partial<Record<'identity' | 'resource' | 'boundary' | 'session', RoleVerdict>>;
}

export function check(d: Decision, e: Expectation, rule: string): void {
  const why = `${rule}\n${d.summary}`;
  assert.equal(d.decision, e.decision, why);
  assert.equal(d.allowed, e.decision === 'Allow', why);
  if (e.determining !== undefined) assert.deepEqual(d.determining.map(refKey), e.determining, why);
  if (e.matched !== undefined) assert.deepEqual(d.matched.map(refKey), e.matched, why);
  if (e.nearestMiss === null) assert.equal(d.nearestMiss, undefined, why);
  else if (e.nearestMiss !== undefined) {
    const miss = d.nearestMiss;
    assert.ok(miss, `expected a nearest miss — ${why}`);
    assert.equal(refKey(miss), e.nearestMiss.at, why);
    if (e.nearestMiss.elements !== undefined) assert.deepEqual(miss.mismatches.map((m) => m.element), e.nearestMiss.elements, why);
    if (e.nearestMiss.keys !== undefined) assert.deepEqual(miss.mismatches.filter((m) => m.key !== undefined).map((m) => m.key), e.nearestMiss.keys, why);
    if (e.nearestMiss.messages !== undefined) assert.deepEqual(miss.mismatches.map((m) => m.message), e.nearestMiss.messages, why);
  }
  if (typeof e.summary === 'string') assert.equal(d.summary, e.summary, why);
  else if (e.summary instanceof RegExp) assert.match(d.summary, e.summary, why);
  if (e.missingContextKeys !== undefined) assert.deepEqual(d.missingContextKeys, e.missingContextKeys, why);
  if (e.verdicts !== undefined) for (const [role, v] of Object.entries(e.verdicts)) assert.equal(d.verdicts[role as 'identity'], v, `${role} verdict — ${why}`);
}

export interface Vector {
  readonly name: string;
  /** The AWS documentation rule the vector encodes: page + rule. */
  readonly rule: string;
  readonly policies: PolicySpec;
  readonly request: RequestSpec;
  readonly expect: Expectation;
}

export function runVectors(vectors: readonly Vector[]): void {
  for (const v of vectors) {
    test(v.name, () => {
      assert.ok(v.rule.length > 10, 'every vector cites its AWS rule');
      const e = v.expect;
      const explained = e.decision === 'ImplicitDeny' ? e.nearestMiss !== undefined || e.summary !== undefined : e.determining !== undefined;
      assert.ok(explained, 'every vector asserts an explanation (determining statements, or nearest miss / summary)');
      check(evaluate(request(v.request), policySet(v.policies)), v.expect, v.rule);
    });
  }
}

/** A one-statement identity policy `C#0` allowing s3:GetObject on `*` under a Condition block. */
export interface ConditionVector {
  readonly name: string;
  readonly rule: string;
  readonly condition: Doc;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly allowed: boolean;
  /** For denials: the exact mismatch messages of the nearest miss. */
  readonly messages?: readonly string[];
  readonly version?: string;
}

export function runConditionVectors(vectors: readonly ConditionVector[]): void {
  runVectors(
    vectors.map((c) => ({
      name: c.name,
      rule: c.rule,
      policies: { identity: { C: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: c.condition }, c.version ?? '2012-10-17') } },
      request: { action: 's3:GetObject', context: c.context },
      expect: c.allowed
        ? { decision: 'Allow', determining: ['identity:C#0'] }
        : { decision: 'ImplicitDeny', determining: [], nearestMiss: { at: 'identity:C#0', ...(c.messages ? { messages: c.messages } : {}) } },
    })),
  );
}
