/**
 * ForAllValues / ForAnyValue and …IfExists (IAM User Guide, "Creating a condition with multiple
 * keys or values" — multivalued context keys; "Condition operators › …IfExists").
 */
import { describe } from 'node:test';
import { runConditionVectors } from './helpers.js';

const MULTI = 'Creating a condition with multiple keys or values';
const TAGS = ['environment', 'cost-center'];

describe('ForAllValues', () => {
  const all = { 'ForAllValues:StringEquals': { 'aws:TagKeys': TAGS } };
  runConditionVectors([
    { name: 'every request value is allowed', rule: `${MULTI} — ForAllValues: true if every value in the request matches at least one policy value`, condition: all, context: { 'aws:TagKeys': ['environment', 'cost-center'] }, allowed: true },
    { name: 'a subset is fine', rule: `${MULTI} — ForAllValues: every request value is in the set`, condition: all, context: { 'aws:TagKeys': ['environment'] }, allowed: true },
    {
      name: 'one value outside the set fails',
      rule: `${MULTI} — ForAllValues: false if any request value matches no policy value`,
      condition: all,
      context: { 'aws:TagKeys': ['environment', 'owner'] },
      allowed: false,
      messages: ['Condition ForAllValues:StringEquals aws:TagKeys: expected every value to be one of ["environment","cost-center"], got ["environment","owner"]'],
    },
    { name: 'absent key is vacuously true', rule: `${MULTI} — ForAllValues "also returns true if there are no keys in the request"`, condition: all, context: {}, allowed: true },
    { name: 'empty key is vacuously true', rule: `${MULTI} — ForAllValues returns true for an empty set of values`, condition: all, context: { 'aws:TagKeys': [] }, allowed: true },
    { name: 'pair with Null false to require the key (doc recommendation)', rule: `${MULTI} — combine ForAllValues with a Null check to deny requests without the key`, condition: { ...all, Null: { 'aws:TagKeys': 'false' } }, context: {}, allowed: false, messages: ['Condition Null aws:TagKeys: key is absent from the request'] },
    { name: 'ForAllValues:StringLike', rule: `${MULTI} — ForAllValues works with any operator`, condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['app-*', 'env'] } }, context: { 'aws:TagKeys': ['app-name', 'env'] }, allowed: true },
    { name: 'ForAllValues:StringNotEquals: every value must be unlisted', rule: `${MULTI} — ForAllValues with a negated operator: every request value matches none of the policy values`, condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['admin'] } }, context: { 'aws:TagKeys': ['env', 'admin'] }, allowed: false },
    { name: 'ForAllValues with a single-valued request value', rule: `${MULTI} — a single value is a set of one`, condition: all, context: { 'aws:TagKeys': 'environment' }, allowed: true },
  ]);
});

describe('ForAnyValue', () => {
  const any = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': TAGS } };
  runConditionVectors([
    { name: 'one matching value suffices', rule: `${MULTI} — ForAnyValue: true if at least one request value matches a policy value`, condition: any, context: { 'aws:TagKeys': ['owner', 'cost-center'] }, allowed: true },
    {
      name: 'no matching value fails',
      rule: `${MULTI} — ForAnyValue: false when no request value matches`,
      condition: any,
      context: { 'aws:TagKeys': ['owner'] },
      allowed: false,
      messages: ['Condition ForAnyValue:StringEquals aws:TagKeys: expected at least one value to be one of ["environment","cost-center"], got ["owner"]'],
    },
    { name: 'absent key fails', rule: `${MULTI} — ForAnyValue returns false when the key is absent`, condition: any, context: {}, allowed: false, messages: ['Condition ForAnyValue:StringEquals aws:TagKeys: key is absent from the request'] },
    { name: 'empty key fails', rule: `${MULTI} — ForAnyValue returns false for an empty set`, condition: any, context: { 'aws:TagKeys': [] }, allowed: false },
    { name: 'ForAnyValue:StringNotEquals: one unlisted value suffices', rule: `${MULTI} — ForAnyValue with a negated operator: at least one value matches none of the policy values`, condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': ['env', 'owner'] }, allowed: true },
    { name: 'ForAnyValue:StringNotEquals: all listed fails', rule: `${MULTI} — ForAnyValue with a negated operator`, condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, context: { 'aws:TagKeys': ['env'] }, allowed: false },
    { name: 'SAML multivalued attribute (eduPersonAffiliation)', rule: 'IAM and AWS STS condition context keys — saml:edupersonaffiliation is multivalued; use ForAnyValue', condition: { 'ForAnyValue:StringEquals': { 'saml:edupersonaffiliation': ['staff', 'faculty'] } }, context: { 'saml:edupersonaffiliation': ['student', 'staff'] }, allowed: true },
    { name: 'ForAnyValue with IfExists and an absent key', rule: 'Condition operators › …IfExists — absent key → true, whatever the set qualifier', condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': TAGS } }, context: {}, allowed: true },
  ]);
});

describe('IfExists and multi-valued keys without a qualifier', () => {
  const types = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
  const rule = 'Condition operators › …IfExists — "If the policy key is present in the context of the request, process the key as specified in the policy. If the key is not present, evaluate the condition element as true"';
  runConditionVectors([
    { name: 'IfExists: key absent (doc example ec2:InstanceType)', rule, condition: types, context: {}, allowed: true },
    { name: 'IfExists: key present and matching', rule, condition: types, context: { 'ec2:InstanceType': 't2.micro' }, allowed: true },
    { name: 'IfExists: key present and not matching', rule, condition: types, context: { 'ec2:InstanceType': 'm5.large' }, allowed: false, messages: ['Condition StringLikeIfExists ec2:InstanceType: expected a match for one of ["t1.*","t2.*","m3.*"], got "m5.large"'] },
    { name: 'negated IfExists with an absent key', rule, condition: { StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }, context: {}, allowed: true },
    { name: 'no qualifier, positive operator: any request value may match', rule: `${MULTI} — without a set operator a multivalued key is compared value by value (our reading: any value)`, condition: { StringEquals: { 'aws:TagKeys': 'env' } }, context: { 'aws:TagKeys': ['owner', 'env'] }, allowed: true },
    { name: 'no qualifier, negated operator: no request value may match', rule: `${MULTI} — negated operators must match none (our reading for multivalued keys: no value may match)`, condition: { StringNotEquals: { 'aws:TagKeys': 'env' } }, context: { 'aws:TagKeys': ['owner', 'env'] }, allowed: false },
  ]);
});
