/**
 * @module policy/conditions/spec — the shape every condition-operator family implements.
 *
 * A family compiles the policy values of one clause once (at parse time) into a `ValueTest` that
 * answers, for ONE request value, "does it match any of the policy values?" in the positive sense.
 * Negation, `…IfExists`, missing keys and the `ForAllValues:` / `ForAnyValue:` set qualifiers are
 * applied uniformly on top of that in `clause.ts`.
 */
import type { EvalState } from '../evaluate/state.js';

/**
 * `true`/`false` = the request value does / does not match one of the policy values.
 * `undefined` = the request value cannot be read for this family (not a number, date, IP…):
 * the condition then does not match, whether the operator is negated or not.
 */
export type ValueTest = (requestValue: string, state: EvalState) => boolean | undefined;

export interface OperatorSpec {
  /** Base operator name, e.g. `StringNotLike`. */
  readonly name: string;
  /** Negated operators match when the request value matches none of the policy values. */
  readonly negated: boolean;
  /** Policy variables are substituted in the values (String and ARN families only). */
  readonly variables: boolean;
  /** Readable expectation given the JSON list of policy values, e.g. `one of ["a"]`. */
  readonly expect: (list: string) => string;
  /** What an unreadable request value is not, e.g. `number` (families with a value syntax only). */
  readonly valueKind?: string;
  /** Compiles the policy values; throws `ConditionValueError` for a value the family cannot read. */
  readonly compile: (values: readonly string[], variables: boolean) => ValueTest;
}

/** A policy value that its operator family cannot read (reported as MALFORMED_POLICY by the compiler). */
export class ConditionValueError extends Error {
  override readonly name = 'ConditionValueError';
}

/** Helper for families that parse every policy value up front. */
export function parseAll<T>(values: readonly string[], parse: (v: string) => T | undefined, kind: string): T[] {
  return values.map((v) => {
    const parsed = parse(v);
    if (parsed === undefined) throw new ConditionValueError(`${JSON.stringify(v)} is not a valid ${kind}`);
    return parsed;
  });
}
