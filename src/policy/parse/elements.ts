/**
 * @module policy/parse/elements — the Principal / NotPrincipal and Condition elements.
 *
 * IAM User Guide, "AWS JSON policy elements: Principal": `"Principal": "*"` or an object whose
 * keys are the principal types `AWS`, `Federated`, `Service`, `CanonicalUser`, each with a string
 * or an array of strings. Only resource-based policies (and role trust policies) may contain it;
 * `NotPrincipal` is not allowed in trust policies (nor identity policies).
 * IAM JSON policy grammar: `"Condition": { <condition_type>: { <condition_key>: <values> }, … }`.
 * Operators are validated against the registry (unknown ones rejected; `Null` cannot take
 * `IfExists`). Value syntax per family (numbers, dates, IPs, …) is checked when the statement is
 * compiled, right after parsing.
 */
import { parseOperator } from '../conditions/operators.js';
import type { ConditionClause, PolicyKind, PrincipalBlock, PrincipalType } from '../types.js';
import { childPath, conditionValues, isPlainObject, malformed, stringList } from './values.js';

const TYPES: readonly PrincipalType[] = ['AWS', 'Federated', 'Service', 'CanonicalUser'];

export function parsePrincipalBlock(value: unknown, path: string): PrincipalBlock {
  if (value === '*') return { wildcard: true, entries: {} };
  if (!isPlainObject(value)) throw malformed(path, 'must be "*" or an object of principal types');
  const keys = Object.keys(value);
  if (keys.length === 0) throw malformed(path, 'must name at least one principal');
  const entries: Partial<Record<PrincipalType, readonly string[]>> = {};
  for (const key of keys) {
    if (!(TYPES as readonly string[]).includes(key)) {
      throw malformed(path, `unknown principal type ${JSON.stringify(key)} (expected AWS, Federated, Service or CanonicalUser)`);
    }
    entries[key as PrincipalType] = stringList(value[key], childPath(path, key));
  }
  return { wildcard: false, entries };
}

/** Which of Principal / NotPrincipal a statement of this kind may or must carry. */
export function checkPrincipalPresence(kind: PolicyKind, has: { principal: boolean; notPrincipal: boolean }, path: string): void {
  const resourceLike = kind === 'resource' || kind === 'trust';
  if (!resourceLike) {
    if (has.principal) throw malformed(path, `Principal is not allowed in ${kind} policies`);
    if (has.notPrincipal) throw malformed(path, `NotPrincipal is not allowed in ${kind} policies`);
    return;
  }
  if (has.principal && has.notPrincipal) throw malformed(path, 'Principal and NotPrincipal cannot both be present');
  if (kind === 'trust') {
    if (has.notPrincipal) throw malformed(path, 'NotPrincipal is not allowed in trust policies');
    if (!has.principal) throw malformed(path, 'Principal is required in trust policies');
    return;
  }
  if (!has.principal && !has.notPrincipal) throw malformed(path, 'exactly one of Principal or NotPrincipal is required in resource policies');
}

export function parseConditionBlock(value: unknown, path: string): ConditionClause[] {
  if (!isPlainObject(value)) throw malformed(path, 'must be an object of condition operators');
  const clauses: ConditionClause[] = [];
  for (const operatorText of Object.keys(value)) {
    const parsed = parseOperator(operatorText);
    if (typeof parsed === 'string') {
      throw parsed.startsWith('unknown') ? malformed(path, parsed) : malformed(childPath(path, operatorText), parsed);
    }
    const opPath = childPath(path, operatorText);
    const block = value[operatorText];
    if (!isPlainObject(block)) throw malformed(opPath, 'must be an object mapping condition keys to values');
    const keys = Object.keys(block);
    if (keys.length === 0) throw malformed(opPath, 'must name at least one condition key');
    for (const key of keys) {
      if (key.trim() === '') throw malformed(opPath, 'condition key must not be empty');
      clauses.push({ operatorText, key, values: conditionValues(block[key], opPath, key) });
    }
  }
  return clauses;
}
