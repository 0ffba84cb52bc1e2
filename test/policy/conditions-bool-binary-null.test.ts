/**
 * Bool, BinaryEquals and Null (IAM User Guide, "Condition operators › Boolean", "› Binary",
 * "› Condition operator to check existence of condition keys").
 */
import { describe } from 'node:test';
import { runConditionVectors } from './helpers.js';

describe('Bool', () => {
  const rule = 'Condition operators › Boolean — Bool: Boolean matching';
  runConditionVectors([
    { name: 'Bool true', rule, condition: { Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SecureTransport': 'true' }, allowed: true },
    {
      name: 'Bool false vs true',
      rule,
      condition: { Bool: { 'aws:SecureTransport': 'true' } },
      context: { 'aws:SecureTransport': 'false' },
      allowed: false,
      messages: ['Condition Bool aws:SecureTransport: expected one of ["true"], got "false"'],
    },
    { name: 'JSON boolean literal in the policy', rule: `${rule}; JSON true is read as "true"`, condition: { Bool: { 'aws:SecureTransport': true } }, context: { 'aws:SecureTransport': 'true' }, allowed: true },
    { name: 'a request value that is not a boolean does not match', rule, condition: { Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SecureTransport': 'yes' }, allowed: false },
    { name: 'Bool with an absent key does not match', rule: 'AWS global condition context keys — aws:MultiFactorAuthPresent is absent for long-term credentials, so Bool does not match', condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, context: {}, allowed: false, messages: ['Condition Bool aws:MultiFactorAuthPresent: key is absent from the request'] },
    { name: 'BoolIfExists with an absent key matches', rule: 'AWS global condition context keys — use BoolIfExists with aws:MultiFactorAuthPresent: absent key → true', condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, context: {}, allowed: true },
    { name: 'BoolIfExists with a present key compares', rule: 'Condition operators › …IfExists — when the key is present it is evaluated as specified', condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, context: { 'aws:MultiFactorAuthPresent': 'false' }, allowed: false },
  ]);
});

describe('BinaryEquals', () => {
  const rule = 'Condition operators › Binary — BinaryEquals tests key values in binary format, given base-64 encoded';
  runConditionVectors([
    { name: 'equal base-64 values', rule, condition: { BinaryEquals: { 'key:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, context: { 'key:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, allowed: true },
    { name: 'padding does not matter (same bytes)', rule, condition: { BinaryEquals: { 'key:bin': 'QUI=' } }, context: { 'key:bin': 'QUI' }, allowed: true },
    {
      name: 'different bytes',
      rule,
      condition: { BinaryEquals: { 'key:bin': 'QUJD' } },
      context: { 'key:bin': 'QUJE' },
      allowed: false,
      messages: ['Condition BinaryEquals key:bin: expected one of ["QUJD"], got "QUJE"'],
    },
    { name: 'a request value that is not base-64', rule, condition: { BinaryEquals: { 'key:bin': 'QUJD' } }, context: { 'key:bin': '%%%' }, allowed: false, messages: ['Condition BinaryEquals key:bin: expected one of ["QUJD"], got "%%%" ("%%%" is not a valid base-64 value)'] },
  ]);
});

describe('Null', () => {
  const rule = 'Condition operators › Null — "true": the key is absent (null); "false": the key exists and its value is not null';
  runConditionVectors([
    { name: 'Null true with the key absent (long-term credentials)', rule: `${rule}; e.g. aws:TokenIssueTime is absent for long-term access keys`, condition: { Null: { 'aws:TokenIssueTime': 'true' } }, context: {}, allowed: true },
    {
      name: 'Null true with the key present',
      rule,
      condition: { Null: { 'aws:TokenIssueTime': 'true' } },
      context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
      allowed: false,
      messages: ['Condition Null aws:TokenIssueTime: expected the key to be absent, got "2024-01-01T00:00:00Z"'],
    },
    { name: 'Null false with the key present', rule, condition: { Null: { 'aws:RequestTag/team': false } }, context: { 'aws:RequestTag/team': 'blue' }, allowed: true },
    { name: 'Null false with the key absent', rule, condition: { Null: { 'aws:RequestTag/team': 'false' } }, context: {}, allowed: false, messages: ['Condition Null aws:RequestTag/team: key is absent from the request'] },
    { name: 'an empty multi-valued key counts as absent', rule, condition: { Null: { 'aws:TagKeys': 'true' } }, context: { 'aws:TagKeys': [] }, allowed: true },
  ]);
});
