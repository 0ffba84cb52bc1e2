/**
 * Property tests of the evaluation logic (IAM User Guide, "Policy evaluation logic"):
 * session policies and permissions boundaries only ever restrict, an applicable explicit deny
 * always wins, and the order of statements and policies never matters.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluate, parsePolicy } from '../../src/policy/index.js';
import type { AuthorizationRequest, ContextValue, NamedPolicy, PolicyKind, PolicySet, PrincipalContext } from '../../src/policy/index.js';
import { ACCT, OTHER, federatedUser, roleSession, user } from './helpers.js';

type Doc = Record<string, unknown>;
type Stmt = Record<string, unknown>;

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:RunInstances', 'iam:CreateUser'];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', '*', 'ec2:*', 'iam:*', '*:List*', 's3:?utObject'];
const RESOURCES = ['arn:aws:s3:::a/x', 'arn:aws:s3:::b/y', 'arn:aws:iam::111111111111:user/z', '*'];
const RESOURCE_PATTERNS = ['arn:aws:s3:::a/*', 'arn:aws:s3:::*', '*', 'arn:aws:s3:::b/y', 'arn:aws:iam::*:user/*', 'arn:aws:s3:::${aws:username}/*'];
const CONDITIONS: Doc[] = [
  { StringEquals: { 'aws:username': 'alice' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } },
  { 'ForAllValues:StringLike': { 'aws:TagKeys': ['e*'] } },
  { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
];
const CONTEXT: Array<[string, ContextValue[]]> = [
  ['aws:username', ['alice', 'bob', 'a']],
  ['aws:SecureTransport', ['true', 'false']],
  ['aws:SourceIp', ['10.1.2.3', '192.0.2.1', 'nope']],
  ['aws:MultiFactorAuthAge', ['60', '900']],
  ['aws:PrincipalTag/team', ['red', 'blue']],
  ['aws:TagKeys', [['env'], ['owner'], [], ['env', 'team']]],
  ['aws:CurrentTime', ['2024-01-01T00:00:00Z', '2031-01-01T00:00:00Z']],
];

const statement = (withPrincipal: boolean): fc.Arbitrary<Stmt> =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      not: fc.boolean(),
      actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 3 }),
      notResource: fc.boolean(),
      resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
      condition: fc.option(fc.subarray(CONDITIONS, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      principal: fc.constantFrom<unknown>('*', { AWS: ACCT }, { AWS: OTHER }, { AWS: `arn:aws:iam::${ACCT}:user/alice` }, { AWS: `arn:aws:iam::${ACCT}:role/Dev` }, { AWS: `arn:aws:sts::${ACCT}:assumed-role/Dev/s1` }),
    })
    .map((r) => ({
      Effect: r.effect,
      [r.not && r.effect === 'Deny' ? 'NotAction' : 'Action']: r.actions,
      [r.notResource && r.effect === 'Deny' ? 'NotResource' : 'Resource']: r.resources,
      ...(r.condition ? { Condition: Object.assign({}, ...r.condition) as Doc } : {}),
      ...(withPrincipal ? { Principal: r.principal } : {}),
    }));

const statements = (withPrincipal: boolean): fc.Arbitrary<Stmt[]> => fc.array(statement(withPrincipal), { minLength: 1, maxLength: 4 });

interface Raw {
  identity: Stmt[][];
  resource: Stmt[] | undefined;
  boundary: Stmt[] | undefined;
  session: Stmt[][] | undefined;
}

const raw: fc.Arbitrary<Raw> = fc.record({
  identity: fc.array(statements(false), { maxLength: 3 }),
  resource: fc.option(statements(true), { nil: undefined }),
  boundary: fc.option(statements(false), { nil: undefined }),
  session: fc.option(fc.array(statements(false), { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

let counter = 0;
/** Sids are added so that statements can be recognised after reordering. */
function named(statementsOf: Stmt[], kind: PolicyKind, id: string): NamedPolicy {
  const withSids = statementsOf.map((s) => ({ Sid: typeof s.Sid === 'string' ? s.Sid : `S${counter++}`, ...s }));
  return { id, document: parsePolicy({ Version: '2012-10-17', Statement: withSids }, kind) };
}

function build(r: Raw, drop: { session?: boolean; boundary?: boolean } = {}): PolicySet {
  const set: { -readonly [K in keyof PolicySet]: PolicySet[K] } = { identity: r.identity.map((s, i) => named(s, 'identity', `id${i}`)) };
  if (r.resource) set.resource = named(r.resource, 'resource', 'res');
  if (r.boundary && !drop.boundary) set.boundary = named(r.boundary, 'boundary', 'pb');
  if (r.session && !drop.session) set.session = r.session.map((s, i) => named(s, 'session', `sp${i}`));
  return set;
}

const principalArb = (kinds: Array<'user' | 'role' | 'fed' | 'other'>): fc.Arbitrary<PrincipalContext> =>
  fc.constantFrom(...kinds).map((k) => (k === 'user' ? user('alice') : k === 'role' ? roleSession('Dev', 's1') : k === 'fed' ? federatedUser('f', 'alice') : user('bob', OTHER)));

const requestArb = (kinds: Array<'user' | 'role' | 'fed' | 'other'>): fc.Arbitrary<AuthorizationRequest> =>
  fc.record({
    principal: principalArb(kinds),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    crossAccount: fc.boolean(),
    context: fc.subarray(CONTEXT).chain((keys) => fc.tuple(...keys.map(([k, vs]) => fc.constantFrom(...vs).map((v) => [k, v] as const)))),
  }).map((r) => ({ principal: r.principal, action: r.action, resource: r.resource, ...(r.crossAccount ? { resourceAccount: OTHER } : {}), context: Object.fromEntries(r.context) }));

const RUNS = { numRuns: 300 };

test('adding session policies never grants more (role sessions and users)', () => {
  fc.assert(
    fc.property(raw, requestArb(['user', 'role', 'other']), (r, req) => {
      const withSession = evaluate(req, build(r)).allowed;
      const without = evaluate(req, build(r, { session: true })).allowed;
      return !withSession || without;
    }),
    RUNS,
  );
});

test('a permissions boundary never widens', () => {
  fc.assert(
    fc.property(raw, requestArb(['user', 'role', 'fed', 'other']), (r, req) => {
      const withBoundary = evaluate(req, build(r)).allowed;
      const without = evaluate(req, build(r, { boundary: true })).allowed;
      return !withBoundary || without;
    }),
    RUNS,
  );
});

test('an applicable explicit deny in any policy always denies', () => {
  const where = fc.constantFrom('identity', 'resource', 'boundary', 'session');
  fc.assert(
    fc.property(raw, requestArb(['user', 'role', 'fed', 'other']), where, (r, req, role) => {
      const deny: Stmt = { Sid: 'Veto', Effect: 'Deny', Action: req.action, Resource: '*', ...(role === 'resource' ? { Principal: '*' } : {}) };
      const next: Raw = { ...r, identity: r.identity.map((s) => [...s]) };
      if (role === 'identity') next.identity = [...next.identity, [deny]];
      if (role === 'resource') next.resource = [...(r.resource ?? []), deny];
      if (role === 'boundary') next.boundary = [...(r.boundary ?? []), deny];
      if (role === 'session') next.session = [...(r.session ?? []), [deny]];
      const d = evaluate(req, build(next));
      assert.equal(d.decision, 'ExplicitDeny');
      assert.ok(d.determining.some((s) => s.sid === 'Veto'));
    }),
    RUNS,
  );
});

/** Deterministic shuffle from a seed (mulberry32), so fast-check can shrink the seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

test('statement and policy order never change the decision', () => {
  const sids = (r: Raw): Raw => {
    const tag = (s: Stmt[]): Stmt[] => s.map((x) => ({ Sid: `S${counter++}`, ...x }));
    return { identity: r.identity.map(tag), resource: r.resource && tag(r.resource), boundary: r.boundary && tag(r.boundary), session: r.session?.map(tag) };
  };
  fc.assert(
    fc.property(raw.map(sids), requestArb(['user', 'role', 'fed', 'other']), fc.integer(), (r, req, seed) => {
      const shuffled: Raw = {
        identity: shuffle(r.identity.map((s, i) => shuffle(s, seed + i)), seed),
        resource: r.resource && shuffle(r.resource, seed + 7),
        boundary: r.boundary && shuffle(r.boundary, seed + 11),
        session: r.session && shuffle(r.session.map((s, i) => shuffle(s, seed + 13 + i)), seed + 5),
      };
      const a = evaluate(req, build(r));
      const b = evaluate(req, build(shuffled));
      assert.equal(b.decision, a.decision);
      const set = (d: typeof a): string[] => d.determining.map((s) => s.sid ?? '').sort();
      assert.deepEqual(set(b), set(a));
      assert.deepEqual(b.matched.map((s) => s.sid ?? '').sort(), a.matched.map((s) => s.sid ?? '').sort());
    }),
    RUNS,
  );
});
