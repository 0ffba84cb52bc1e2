/**
 * @module policy/parse/statement — one Statement of a policy.
 *
 * IAM JSON policy grammar and element pages ("Sid", "Effect", "Action", "NotAction",
 * "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"):
 * - elements may appear in any order; unknown elements are rejected;
 * - `Sid`: for IAM (identity) policies "[A-Za-z0-9]" only; unique within the policy (checked by
 *   the document parser);
 * - `Effect`: `Allow` or `Deny`, case-sensitive;
 * - exactly one of `Action` / `NotAction`;
 * - identity-type policies need exactly one of `Resource` / `NotResource`; resource-based
 *   policies may omit both.
 */
import type { Effect, PolicyKind, Statement } from '../types.js';
import { checkPrincipalPresence, parseConditionBlock, parsePrincipalBlock } from './elements.js';
import { childPath, isPlainObject, malformed, stringList } from './values.js';

const ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const IAM_SID = /^[A-Za-z0-9]*$/;
const ACTION = /^(?:\*|[A-Za-z0-9*?.-]+:[A-Za-z0-9*?_.-]+)$/;

function identityLike(kind: PolicyKind): boolean {
  return kind === 'identity' || kind === 'boundary' || kind === 'session';
}

function actions(value: unknown, path: string): string[] {
  const list = stringList(value, path);
  for (const a of list) {
    if (!ACTION.test(a)) throw malformed(path, `${JSON.stringify(a)} is not a valid action (expected "service:action" or "*")`);
  }
  return list;
}

function resources(value: unknown, path: string): string[] {
  const list = stringList(value, path);
  for (const r of list) {
    if (r !== '*' && !(r.startsWith('arn:') && r.split(':').length >= 6)) {
      throw malformed(path, `${JSON.stringify(r)} is not a valid resource (expected an ARN or "*")`);
    }
  }
  return list;
}

export function parseStatement(value: unknown, index: number, kind: PolicyKind, path: string): Statement {
  if (!isPlainObject(value)) throw malformed(path, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!ELEMENTS.has(key)) throw malformed(path, `unknown element ${JSON.stringify(key)}`);
  }
  const has = (k: string): boolean => value[k] !== undefined;

  let sid: string | undefined;
  if (has('Sid')) {
    if (typeof value.Sid !== 'string') throw malformed(childPath(path, 'Sid'), 'must be a string');
    if (identityLike(kind) && !IAM_SID.test(value.Sid)) {
      throw malformed(childPath(path, 'Sid'), `must contain only letters and digits ([A-Za-z0-9]) in ${kind} policies`);
    }
    sid = value.Sid;
  }

  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') throw malformed(path, 'Effect must be "Allow" or "Deny"');
  const effect: Effect = value.Effect;

  checkPrincipalPresence(kind, { principal: has('Principal'), notPrincipal: has('NotPrincipal') }, path);
  if (has('Action') === has('NotAction')) throw malformed(path, 'exactly one of Action or NotAction is required');
  if (identityLike(kind) && has('Resource') === has('NotResource')) {
    throw malformed(path, 'exactly one of Resource or NotResource is required');
  }
  if (has('Resource') && has('NotResource')) throw malformed(path, 'Resource and NotResource cannot both be present');

  const statement: {
    -readonly [K in keyof Statement]: Statement[K];
  } = { index, sid, effect, conditions: [] };
  if (has('Principal')) statement.principal = parsePrincipalBlock(value.Principal, childPath(path, 'Principal'));
  if (has('NotPrincipal')) statement.notPrincipal = parsePrincipalBlock(value.NotPrincipal, childPath(path, 'NotPrincipal'));
  if (has('Action')) statement.action = actions(value.Action, childPath(path, 'Action'));
  if (has('NotAction')) statement.notAction = actions(value.NotAction, childPath(path, 'NotAction'));
  if (has('Resource')) statement.resource = resources(value.Resource, childPath(path, 'Resource'));
  if (has('NotResource')) statement.notResource = resources(value.NotResource, childPath(path, 'NotResource'));
  if (has('Condition')) statement.conditions = parseConditionBlock(value.Condition, childPath(path, 'Condition'));
  return statement;
}
