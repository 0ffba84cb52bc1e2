/**
 * @module policy/conditions/numeric — Numeric condition operators.
 *
 * IAM User Guide, "Condition operators › Numeric": NumericEquals, NumericNotEquals,
 * NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanEquals.
 * No policy variables, no wildcards. A request value that is not a number makes the condition
 * not match (it is not an error).
 */
import { parseAll } from './spec.js';
import type { OperatorSpec } from './spec.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

/** Shared by the numeric and date families: both compare numbers once their values are read. */
export type Compare = (request: number, policy: number) => boolean;

export const COMPARISONS = {
  Equals: (a: number, b: number) => a === b,
  LessThan: (a: number, b: number) => a < b,
  LessThanEquals: (a: number, b: number) => a <= b,
  GreaterThan: (a: number, b: number) => a > b,
  GreaterThanEquals: (a: number, b: number) => a >= b,
} as const satisfies Record<string, Compare>;

export type ComparisonName = keyof typeof COMPARISONS;

/** Builds the six operators of a comparable family (Numeric…, Date…). */
export function comparableOperators(
  prefix: string,
  kind: string,
  parse: (text: string) => number | undefined,
  phrases: Readonly<Record<ComparisonName, string>>,
): OperatorSpec[] {
  const make = (suffix: string, cmp: Compare, negated: boolean, phrase: string): OperatorSpec => ({
    name: `${prefix}${suffix}`,
    negated,
    variables: false,
    valueKind: kind,
    expect: (l) => `${phrase} ${negated ? 'none of' : 'one of'} ${l}`,
    compile: (values) => {
      const wanted = parseAll(values, parse, kind);
      return (requestValue) => {
        const n = parse(requestValue);
        if (n === undefined) return undefined;
        for (const w of wanted) if (cmp(n, w)) return true;
        return false;
      };
    },
  });
  return [
    make('Equals', COMPARISONS.Equals, false, phrases.Equals),
    make('NotEquals', COMPARISONS.Equals, true, phrases.Equals),
    make('LessThan', COMPARISONS.LessThan, false, phrases.LessThan),
    make('LessThanEquals', COMPARISONS.LessThanEquals, false, phrases.LessThanEquals),
    make('GreaterThan', COMPARISONS.GreaterThan, false, phrases.GreaterThan),
    make('GreaterThanEquals', COMPARISONS.GreaterThanEquals, false, phrases.GreaterThanEquals),
  ];
}

export const NUMERIC_OPERATORS: readonly OperatorSpec[] = comparableOperators('Numeric', 'number', parseNumber, {
  Equals: 'a number equal to',
  LessThan: 'a number less than',
  LessThanEquals: 'a number less than or equal to',
  GreaterThan: 'a number greater than',
  GreaterThanEquals: 'a number greater than or equal to',
});
