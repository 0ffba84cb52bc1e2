/**
 * @module policy/conditions/arn — ARN condition operators.
 *
 * IAM User Guide, "Condition operators › Amazon Resource Name (ARN)": ArnEquals, ArnLike,
 * ArnNotEquals, ArnNotLike. "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include multi-character match wildcards (*) or single-character match
 * wildcards (?)" — so ArnEquals and ArnLike behave identically, and a wildcard in the first five
 * components never crosses `:`. Case-sensitive. Policy variables are allowed.
 */
import { resourceMode } from '../match/resource.js';
import type { OperatorSpec } from './spec.js';
import { compileLike } from './string.js';

function arnSpec(name: string, negated: boolean): OperatorSpec {
  return {
    name,
    negated,
    variables: true,
    expect: (l) => `an ARN matching ${negated ? 'none of' : 'one of'} ${l}`,
    compile: (values, variables) => compileLike(values, variables, resourceMode),
  };
}

export const ARN_OPERATORS: readonly OperatorSpec[] = [
  arnSpec('ArnEquals', false),
  arnSpec('ArnLike', false),
  arnSpec('ArnNotEquals', true),
  arnSpec('ArnNotLike', true),
];
