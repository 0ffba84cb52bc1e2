/**
 * @module policy/evaluate/mismatch — why one statement did not apply, element by element.
 *
 * Only used to explain an implicit deny, so it favours readable messages over speed. Every failing
 * element is listed (Action, Resource, Principal and each failing Condition clause), with the
 * request value seen, e.g. `Condition StringEquals sts:ExternalId: expected one of
 * ["Audit-7f3c9e"], got "wrong"`.
 */
import type { CompiledCondition } from '../conditions/clause.js';
import type { CompiledStatement } from '../compile.js';
import { parseTemplate, valuelessVariables } from '../variables.js';
import type { TemplatePart } from '../variables.js';
import { resourceTemplate } from '../match/resource.js';
import type { ContextValue, ElementMismatch, PrincipalBlock } from '../types.js';
import { isPresent } from './state.js';
import type { EvalState } from './state.js';
import { who } from '../format.js';

const json = (v: unknown): string => JSON.stringify(v);

function variableNote(templates: ReadonlyArray<readonly TemplatePart[] | undefined>, state: EvalState): string {
  const missing = new Set<string>();
  for (const t of templates) if (t !== undefined) for (const v of valuelessVariables(t, state)) missing.add(v);
  if (missing.size === 0) return '';
  const list = [...missing].join(', ');
  return ` (policy variable${missing.size > 1 ? 's' : ''} ${list} ${missing.size > 1 ? 'have' : 'has'} no value)`;
}

function principalValues(block: PrincipalBlock): string[] {
  if (block.wildcard) return ['*'];
  return Object.values(block.entries).flatMap((v) => [...(v ?? [])]);
}

function conditionMismatch(c: CompiledCondition, state: EvalState, variables: boolean): ElementMismatch | undefined {
  const value = state.value(c.lowerKey, c.clause.key);
  if (c.test(value, state)) return undefined;
  const { operatorText, key, values } = c.clause;
  const head = `Condition ${operatorText} ${key}`;
  const base = { element: 'Condition' as const, operator: operatorText, key, expected: values };
  if (!isPresent(value)) return { ...base, actual: null, message: `${head}: key is absent from the request` };
  const spec = c.operator.spec;
  let expectation = spec.expect(json(values));
  if (c.isNull) return { ...base, actual: value, message: `${head}: expected ${expectation}, got ${json(value)}` };
  if (c.operator.qualifier === 'ForAllValues') expectation = `every value to be ${expectation}`;
  else if (c.operator.qualifier === 'ForAnyValue') expectation = `at least one value to be ${expectation}`;
  const unreadable = (typeof value === 'string' ? [value] : value).filter((v) => c.valueTest(v, state) === undefined);
  const note = unreadable.length > 0 && spec.valueKind !== undefined ? ` (${unreadable.map(json).join(', ')} is not a valid ${spec.valueKind})` : '';
  const vars = variables && spec.variables ? variableNote(values.map(parseTemplate), state) : '';
  return { ...base, actual: value, message: `${head}: expected ${expectation}, got ${json(value)}${note}${vars}` };
}

/** Every failing element of a statement (empty when the statement applies). */
export function statementMismatches(cs: CompiledStatement, state: EvalState, variables: boolean): ElementMismatch[] {
  const s = cs.statement;
  const request = state.request;
  const out: ElementMismatch[] = [];
  if (!cs.action(state.lowerAction)) {
    const element = s.action !== undefined ? 'Action' : 'NotAction';
    const expected = s.action ?? s.notAction ?? [];
    const verb = element === 'Action' ? 'does not match' : 'is excluded by';
    out.push({ element, expected, actual: request.action, message: `${element}: ${json(request.action)} ${verb} ${json(expected)}` });
  }
  if (cs.resource !== undefined && !cs.resource(request.resource, state)) {
    const element = s.resource !== undefined ? 'Resource' : 'NotResource';
    const expected = s.resource ?? s.notResource ?? [];
    const verb = element === 'Resource' ? 'does not match' : 'is excluded by';
    const vars = variables && element === 'Resource' ? variableNote(expected.map(resourceTemplate), state) : '';
    out.push({ element, expected, actual: request.resource, message: `${element}: ${json(request.resource)} ${verb} ${json(expected)}${vars}` });
  }
  if (cs.principal !== undefined && cs.principal(request.principal) === undefined) {
    const element = s.principal !== undefined ? 'Principal' : 'NotPrincipal';
    const block = s.principal ?? s.notPrincipal;
    const expected = block === undefined ? [] : principalValues(block);
    const shown = block === undefined ? '' : block.wildcard ? '"*"' : json(block.entries);
    const verb = element === 'Principal' ? 'is not named by' : 'is listed in';
    const actual: ContextValue = who(request.principal);
    out.push({ element, expected, actual, message: `${element}: ${json(actual)} ${verb} ${shown}` });
  }
  for (const c of cs.conditions) {
    const m = conditionMismatch(c, state, variables);
    if (m !== undefined) out.push(m);
  }
  return out;
}
