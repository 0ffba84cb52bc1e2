/**
 * Numeric condition operators (IAM User Guide, "Condition operators › Numeric condition operators").
 */
import { describe } from 'node:test';
import { runConditionVectors } from './helpers.js';

const OPS = 'Condition operators › Numeric';

describe('Numeric condition operators', () => {
  runConditionVectors([
    { name: 'NumericLessThan (MFA age under an hour)', rule: `${OPS} — NumericLessThan: "less than" matching (aws:MultiFactorAuthAge < 3600)`, condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, context: { 'aws:MultiFactorAuthAge': '1200' }, allowed: true },
    {
      name: 'NumericLessThan fails above the bound',
      rule: `${OPS} — NumericLessThan: "less than" matching`,
      condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } },
      context: { 'aws:MultiFactorAuthAge': '7200' },
      allowed: false,
      messages: ['Condition NumericLessThan aws:MultiFactorAuthAge: expected a number less than one of ["3600"], got "7200"'],
    },
    { name: 'NumericLessThan is strict', rule: `${OPS} — NumericLessThan: strictly less`, condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, context: { 'aws:MultiFactorAuthAge': '3600' }, allowed: false },
    { name: 'NumericLessThanEquals includes the bound', rule: `${OPS} — NumericLessThanEquals: "less than or equals" matching`, condition: { NumericLessThanEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, allowed: true },
    { name: 'NumericGreaterThan', rule: `${OPS} — NumericGreaterThan: "greater than" matching`, condition: { NumericGreaterThan: { 'sts:DurationSeconds': '900' } }, context: { 'sts:DurationSeconds': '3600' }, allowed: true },
    { name: 'NumericGreaterThanEquals', rule: `${OPS} — NumericGreaterThanEquals: "greater than or equals" matching`, condition: { NumericGreaterThanEquals: { 'sts:DurationSeconds': '3600' } }, context: { 'sts:DurationSeconds': '3599' }, allowed: false },
    { name: 'NumericEquals compares numbers, not text', rule: `${OPS} — NumericEquals: numeric matching (10 = 10.0)`, condition: { NumericEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10.0' }, allowed: true },
    { name: 'NumericEquals with exponent and sign', rule: `${OPS} — NumericEquals: numeric matching`, condition: { NumericEquals: { 'k:n': ['-1', '1e3'] } }, context: { 'k:n': '1000' }, allowed: true },
    { name: 'NumericNotEquals: value not listed', rule: `${OPS} — NumericNotEquals: negated matching`, condition: { NumericNotEquals: { 's3:max-keys': ['1', '2'] } }, context: { 's3:max-keys': '3' }, allowed: true },
    {
      name: 'NumericNotEquals: listed value fails',
      rule: 'Creating a condition with multiple keys or values — negated operators with several values must match none',
      condition: { NumericNotEquals: { 's3:max-keys': ['1', '2'] } },
      context: { 's3:max-keys': '2' },
      allowed: false,
      messages: ['Condition NumericNotEquals s3:max-keys: expected a number equal to none of ["1","2"], got "2"'],
    },
    {
      name: 'a request value that is not a number does not match',
      rule: `${OPS} — values that cannot be read as numbers do not match the condition (no error)`,
      condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
      context: { 'aws:MultiFactorAuthAge': 'soon' },
      allowed: false,
      messages: ['Condition NumericLessThan aws:MultiFactorAuthAge: expected a number less than one of ["3600"], got "soon" ("soon" is not a valid number)'],
    },
    { name: 'an unreadable value does not satisfy a negated operator either', rule: `${OPS} — an unreadable request value makes the condition not match`, condition: { NumericNotEquals: { 's3:max-keys': '1' } }, context: { 's3:max-keys': 'many' }, allowed: false },
    { name: 'missing key: NumericLessThan fails', rule: 'Condition operators — a positive operator is false when the key is absent', condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, context: {}, allowed: false, messages: ['Condition NumericLessThan aws:MultiFactorAuthAge: key is absent from the request'] },
    { name: 'missing key: NumericNotEquals matches', rule: 'Condition operators — a negated operator is true when the key is absent', condition: { NumericNotEquals: { 's3:max-keys': '1' } }, context: {}, allowed: true },
    { name: 'decimals compare as numbers', rule: `${OPS} — numeric matching, not text ordering ("0.5" < "1")`, condition: { NumericLessThan: { 'k:ratio': '1' } }, context: { 'k:ratio': '0.5' }, allowed: true },
    { name: 'numbers are not compared as text ("10" > "9")', rule: `${OPS} — numeric matching`, condition: { NumericGreaterThan: { 'k:n': '9' } }, context: { 'k:n': '10' }, allowed: true },
    { name: 'NumericGreaterThanEqualsIfExists with a present key', rule: 'Condition operators › …IfExists — a present key is evaluated as specified', condition: { NumericGreaterThanEqualsIfExists: { 'sts:DurationSeconds': '900' } }, context: { 'sts:DurationSeconds': '600' }, allowed: false },
    { name: 'ForAnyValue:NumericLessThan on a multivalued key', rule: 'Creating a condition with multiple keys or values — set operators work with numeric operators', condition: { 'ForAnyValue:NumericLessThan': { 'k:sizes': '100' } }, context: { 'k:sizes': ['500', '50'] }, allowed: true },
    { name: 'missing key: NumericLessThanIfExists matches', rule: 'Condition operators › …IfExists — "If the policy key is not present, the condition evaluates to true"', condition: { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }, context: {}, allowed: true },
  ]);
});
