/**
 * String condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators ›
 * String condition operators") and the combination rules of "Creating a condition with multiple
 * keys or values".
 */
import { describe } from 'node:test';
import { runConditionVectors } from './helpers.js';

const OPS = 'Condition operators › String';
const MULTI = 'Creating a condition with multiple keys or values';

describe('String condition operators', () => {
  runConditionVectors([
    { name: 'StringEquals matches', rule: `${OPS} — StringEquals: exact matching, case sensitive`, condition: { StringEquals: { 'aws:username': 'alice' } }, context: { 'aws:username': 'alice' }, allowed: true },
    {
      name: 'StringEquals mismatch names the value seen',
      rule: `${OPS} — StringEquals: exact matching`,
      condition: { StringEquals: { 'aws:username': 'alice' } },
      context: { 'aws:username': 'bob' },
      allowed: false,
      messages: ['Condition StringEquals aws:username: expected one of ["alice"], got "bob"'],
    },
    { name: 'StringEquals is case-sensitive', rule: `${OPS} — StringEquals: case sensitive`, condition: { StringEquals: { 'aws:username': 'alice' } }, context: { 'aws:username': 'Alice' }, allowed: false },
    { name: 'several values are ORed', rule: `${MULTI} — multiple values for one key are evaluated with a logical OR`, condition: { StringEquals: { 'aws:username': ['alice', 'bob'] } }, context: { 'aws:username': 'bob' }, allowed: true },
    { name: 'StringNotEquals: value not listed', rule: `${OPS} — StringNotEquals: negated matching`, condition: { StringNotEquals: { 'aws:username': 'admin' } }, context: { 'aws:username': 'alice' }, allowed: true },
    {
      name: 'StringNotEquals with several values: must match none (AND)',
      rule: `${MULTI} — for negated operators multiple values behave as a logical AND (the value must match none)`,
      condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } },
      context: { 'aws:RequestedRegion': 'us-west-2' },
      allowed: false,
      messages: ['Condition StringNotEquals aws:RequestedRegion: expected none of ["us-east-1","us-west-2"], got "us-west-2"'],
    },
    { name: 'StringNotEquals with several values: an unlisted value passes', rule: `${MULTI} — negated operators: matches none of the values → true`, condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } }, context: { 'aws:RequestedRegion': 'eu-west-1' }, allowed: true },
    { name: 'StringEqualsIgnoreCase', rule: `${OPS} — StringEqualsIgnoreCase: exact matching, ignoring case`, condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/dept': 'Finance' } }, context: { 'aws:PrincipalTag/dept': 'FINANCE' }, allowed: true },
    {
      name: 'StringNotEqualsIgnoreCase',
      rule: `${OPS} — StringNotEqualsIgnoreCase: negated matching, ignoring case`,
      condition: { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/dept': 'Finance' } },
      context: { 'aws:PrincipalTag/dept': 'finance' },
      allowed: false,
      messages: ['Condition StringNotEqualsIgnoreCase aws:PrincipalTag/dept: expected none of ["Finance"] (ignoring case), got "finance"'],
    },
    { name: 'StringLike with *', rule: `${OPS} — StringLike: case-sensitive matching with * and ? wildcards anywhere`, condition: { StringLike: { 's3:prefix': ['home/*', 'shared/'] } }, context: { 's3:prefix': 'home/alice/docs' }, allowed: true },
    { name: 'StringLike with ?', rule: `${OPS} — StringLike: ? matches one character`, condition: { StringLike: { 'ec2:InstanceType': 't?.micro' } }, context: { 'ec2:InstanceType': 't3.micro' }, allowed: true },
    {
      name: 'StringLike is case-sensitive',
      rule: `${OPS} — StringLike: case-sensitive matching`,
      condition: { StringLike: { 's3:prefix': 'Home/*' } },
      context: { 's3:prefix': 'home/alice' },
      allowed: false,
      messages: ['Condition StringLike s3:prefix: expected a match for one of ["Home/*"], got "home/alice"'],
    },
    { name: 'StringNotLike', rule: `${OPS} — StringNotLike: negated case-sensitive matching with wildcards`, condition: { StringNotLike: { 'aws:userid': 'AIDA*' } }, context: { 'aws:userid': 'AROAEXAMPLE:alice' }, allowed: true },
    { name: 'StringNotLike matching value', rule: `${OPS} — StringNotLike: negated matching`, condition: { StringNotLike: { 'aws:userid': ['AIDA*', 'AROA*'] } }, context: { 'aws:userid': 'AROAEXAMPLE:alice' }, allowed: false },
    {
      name: 'missing key: positive operator does not match',
      rule: `${OPS} — "If the key that you specify in a policy condition is not present in the request context, the values do not match"`,
      condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
      context: {},
      allowed: false,
      messages: ['Condition StringEquals aws:PrincipalTag/team: key is absent from the request'],
    },
    { name: 'missing key: negated operator matches', rule: `${OPS} — a negated operator (StringNotEquals) evaluates to true when the key is absent`, condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } }, context: {}, allowed: true },
    { name: 'condition key names are case-insensitive', rule: 'IAM JSON policy elements: Condition — "Condition key names are not case-sensitive"', condition: { StringEquals: { 'AWS:UserName': 'alice' } }, context: { 'aws:username': 'alice' }, allowed: true },
    { name: 'tag-key part is case-insensitive', rule: 'Controlling access using tags — aws:PrincipalTag/<key> tag keys are case-insensitive', condition: { StringEquals: { 'aws:PrincipalTag/CostCenter': '42' } }, context: { 'aws:principaltag/costcenter': '42' }, allowed: true },
    { name: 'values are still case-sensitive', rule: 'IAM JSON policy elements: Condition — key names are case-insensitive, values depend on the operator', condition: { StringEquals: { 'aws:PrincipalTag/CostCenter': 'Ops' } }, context: { 'aws:PrincipalTag/costcenter': 'ops' }, allowed: false },
    {
      name: 'several keys are ANDed (doc example: department and role tags), both match',
      rule: `${MULTI} — multiple keys in one condition operator are evaluated with a logical AND`,
      condition: { StringEquals: { 'aws:PrincipalTag/department': ['finance', 'hr', 'legal'], 'aws:PrincipalTag/role': ['audit', 'security'] } },
      context: { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'audit' },
      allowed: true,
    },
    {
      name: 'several keys are ANDed, one fails',
      rule: `${MULTI} — multiple keys in one condition operator are evaluated with a logical AND`,
      condition: { StringEquals: { 'aws:PrincipalTag/department': ['finance', 'hr', 'legal'], 'aws:PrincipalTag/role': ['audit', 'security'] } },
      context: { 'aws:PrincipalTag/department': 'hr', 'aws:PrincipalTag/role': 'developer' },
      allowed: false,
      messages: ['Condition StringEquals aws:PrincipalTag/role: expected one of ["audit","security"], got "developer"'],
    },
    {
      name: 'several operators are ANDed and every failing clause is reported',
      rule: `${MULTI} — multiple condition operators in one Condition element are evaluated with a logical AND`,
      condition: { StringEquals: { 'aws:username': 'alice' }, StringLike: { 's3:prefix': 'home/alice/*' } },
      context: { 'aws:username': 'bob', 's3:prefix': 'home/bob/x' },
      allowed: false,
      messages: ['Condition StringEquals aws:username: expected one of ["alice"], got "bob"', 'Condition StringLike s3:prefix: expected a match for one of ["home/alice/*"], got "home/bob/x"'],
    },
    { name: 'JSON number literal compared as a string', rule: 'IAM JSON policy grammar: condition values may be written as numbers; they are read as strings', condition: { StringEquals: { 'aws:PrincipalTag/level': 3 } }, context: { 'aws:PrincipalTag/level': '3' }, allowed: true },
  ]);
});
