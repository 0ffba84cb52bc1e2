/**
 * @module policy/conditions/clause — one compiled condition clause (operator + key + values).
 *
 * The rules applied on top of each family's value test (IAM User Guide, "Condition operators" and
 * "Creating a condition with multiple keys or values"):
 * - Several values for one key are ORed; for negated operators they behave as AND (the request
 *   value must match none) — i.e. negated = NOT(matches any policy value).
 * - Missing key: positive operators → false, negated operators → true; `…IfExists` → true.
 * - `ForAllValues:` → true when every request value matches; also true when the key is absent or empty.
 * - `ForAnyValue:` → true when at least one request value matches; false when absent or empty.
 * - A multi-valued key used without a set qualifier behaves like ForAnyValue for positive operators
 *   and like "no value matches" for negated ones (our choice; see index.ts).
 * - A request value the family cannot read (number, date, IP, base-64) never satisfies the clause.
 */
import { isPresent } from '../evaluate/state.js';
import type { EvalState } from '../evaluate/state.js';
import type { ConditionClause, ContextValue } from '../types.js';
import type { ParsedOperator } from './operators.js';
import type { ValueTest } from './spec.js';

export interface CompiledCondition {
  readonly clause: ConditionClause;
  readonly lowerKey: string;
  readonly operator: ParsedOperator;
  readonly isNull: boolean;
  readonly valueTest: ValueTest;
  /** The whole clause against the context value (undefined = key absent). */
  readonly test: (value: ContextValue | undefined, state: EvalState) => boolean;
}

export function compileClause(clause: ConditionClause, operator: ParsedOperator, variables: boolean): CompiledCondition {
  const { spec, qualifier, ifExists } = operator;
  const valueTest = spec.compile(clause.values, variables && spec.variables);
  const negated = spec.negated;
  const isNull = spec.name === 'Null';

  const one = (v: string, state: EvalState): boolean => {
    const r = valueTest(v, state);
    if (r === undefined) return false;
    return negated ? !r : r;
  };

  let test: CompiledCondition['test'];
  if (isNull) {
    test = (value, state) => valueTest(isPresent(value) ? 'present' : 'absent', state) === true;
  } else {
    test = (value, state) => {
      if (!isPresent(value)) {
        if (ifExists || qualifier === 'ForAllValues') return true;
        if (qualifier === 'ForAnyValue') return false;
        return negated;
      }
      if (typeof value === 'string') return one(value, state);
      if (qualifier === 'ForAllValues' || (qualifier === undefined && negated)) {
        for (const v of value) if (!one(v, state)) return false;
        return true;
      }
      for (const v of value) if (one(v, state)) return true;
      return false;
    };
  }
  return { clause, lowerKey: clause.key.toLowerCase(), operator, isNull, valueTest, test };
}
