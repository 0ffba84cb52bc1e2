/**
 * @module policy/conditions/operators — the operator registry and the operator-name grammar.
 *
 * IAM User Guide, "IAM JSON policy elements: Condition operators" and "Creating a condition with
 * multiple keys or values": an operator is `[ForAllValues:|ForAnyValue:]<Operator>[IfExists]`.
 * "You can add IfExists to the end of any condition operator name except the Null condition."
 * Unknown operators are rejected.
 */
import { ARN_OPERATORS } from './arn.js';
import { BOOL_BINARY_NULL_OPERATORS } from './bool-binary-null.js';
import { DATE_OPERATORS } from './date.js';
import { IP_OPERATORS } from './ip.js';
import { NUMERIC_OPERATORS } from './numeric.js';
import type { OperatorSpec } from './spec.js';
import { STRING_OPERATORS } from './string.js';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  readonly text: string;
  readonly qualifier: SetQualifier | undefined;
  readonly ifExists: boolean;
  readonly spec: OperatorSpec;
}

const REGISTRY: ReadonlyMap<string, OperatorSpec> = new Map(
  [...STRING_OPERATORS, ...NUMERIC_OPERATORS, ...DATE_OPERATORS, ...BOOL_BINARY_NULL_OPERATORS, ...IP_OPERATORS, ...ARN_OPERATORS].map(
    (spec) => [spec.name, spec] as const,
  ),
);

/** Parses an operator as written; returns a reason string when it is not a valid operator. */
export function parseOperator(text: string): ParsedOperator | string {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  let spec = REGISTRY.get(rest);
  let ifExists = false;
  if (spec === undefined && rest.endsWith('IfExists')) {
    spec = REGISTRY.get(rest.slice(0, -'IfExists'.length));
    ifExists = spec !== undefined;
  }
  if (spec === undefined) return `unknown condition operator ${JSON.stringify(text)}`;
  if (ifExists && spec.name === 'Null') return 'Null cannot take IfExists';
  return { text, qualifier, ifExists, spec };
}
