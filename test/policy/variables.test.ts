/**
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePolicy } from '../../src/policy/index.js';
import { ACCT, doc, roleSession, runConditionVectors, runVectors, user } from './helpers.js';

const VARS = 'IAM policy elements: Variables and tags';
const home = (version: string | null = '2012-10-17') =>
  ({ identity: { Home: doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::corp-home/${aws:username}/*' }, version) } }) as const;

describe('variables in Resource', () => {
  runVectors([
    {
      name: '${aws:username} lets each user reach only their own folder',
      rule: `${VARS} — "arn:aws:s3:::bucket/\${aws:username}/*" is replaced with the friendly name of the requester`,
      policies: home(),
      request: { principal: user('alice'), action: 's3:PutObject', resource: 'arn:aws:s3:::corp-home/alice/notes.txt', context: { 'aws:username': 'alice' } },
      expect: { decision: 'Allow', determining: ['identity:Home#0'] },
    },
    {
      name: "another user's folder does not match",
      rule: `${VARS} — the variable takes the requester's value`,
      policies: home(),
      request: { principal: user('alice'), action: 's3:PutObject', resource: 'arn:aws:s3:::corp-home/bob/notes.txt', context: { 'aws:username': 'alice' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:Home#0', messages: ['Resource: "arn:aws:s3:::corp-home/bob/notes.txt" does not match ["arn:aws:s3:::corp-home/${aws:username}/*"]'] } },
    },
    {
      name: 'a variable without a value makes the Resource match nothing',
      rule: `${VARS} — "If there is no value for the policy variable… the resource is not matched" (role sessions have no aws:username)`,
      policies: home(),
      request: { principal: roleSession('Dev', 's'), action: 's3:GetObject', resource: 'arn:aws:s3:::corp-home/${aws:username}/x' },
      expect: {
        decision: 'ImplicitDeny',
        missingContextKeys: ['aws:username'],
        nearestMiss: { at: 'identity:Home#0', messages: ['Resource: "arn:aws:s3:::corp-home/${aws:username}/x" does not match ["arn:aws:s3:::corp-home/${aws:username}/*"] (policy variable ${aws:username} has no value)'] },
      },
    },
    {
      name: 'version 2008-10-17: ${…} is literal text',
      rule: `${VARS} — variables require "Version": "2012-10-17"; with 2008-10-17 "\${aws:username}" is treated as literal text`,
      policies: home('2008-10-17'),
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::corp-home/alice/x', context: { 'aws:username': 'alice' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:Home#0', elements: ['Resource'] } },
    },
    {
      name: 'version 2008-10-17: the literal text itself matches',
      rule: `${VARS} — with 2008-10-17 the characters are compared literally`,
      policies: home('2008-10-17'),
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::corp-home/${aws:username}/x', context: { 'aws:username': 'alice' } },
      expect: { decision: 'Allow', determining: ['identity:Home#0'] },
    },
    {
      name: 'Version omitted behaves like 2008-10-17',
      rule: `${VARS} — without a Version element, variables are not replaced`,
      policies: home(null),
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::corp-home/alice/x', context: { 'aws:username': 'alice' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:Home#0', elements: ['Resource'] } },
    },
    {
      name: "default value: ${aws:PrincipalTag/team, 'company-wide'}",
      rule: `${VARS} — "To add a default value to a variable, surround it with single quotes"; used when the key is absent`,
      policies: { identity: { T: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::teams/${aws:PrincipalTag/team, 'company-wide'}/*" }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::teams/company-wide/handbook.pdf' },
      expect: { decision: 'Allow', determining: ['identity:T#0'], missingContextKeys: [] },
    },
    {
      name: 'the default is not used when the key has a value',
      rule: `${VARS} — the default applies only when the key is absent`,
      policies: { identity: { T: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::teams/${aws:PrincipalTag/team, 'company-wide'}/*" }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::teams/company-wide/handbook.pdf', context: { 'aws:PrincipalTag/team': 'blue' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:T#0', elements: ['Resource'] } },
    },
    {
      name: '${*} is a literal asterisk, not a wildcard',
      rule: `${VARS} — special characters: \${*} represents the * character, not a wildcard`,
      policies: { identity: { S: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${*}' }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/anything' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:S#0', elements: ['Resource'] } },
    },
    {
      name: '${*} matches a literal * in the name',
      rule: `${VARS} — special characters: \${*}`,
      policies: { identity: { S: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${*}' }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/*' },
      expect: { decision: 'Allow', determining: ['identity:S#0'] },
    },
    {
      name: '${?} and ${$} are literal characters',
      rule: `${VARS} — special characters: \${?} and \${$}`,
      policies: { identity: { S: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/why${?}-${$}5' }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/why?-$5' },
      expect: { decision: 'Allow', determining: ['identity:S#0'] },
    },
    {
      name: '${?} does not match an arbitrary character',
      rule: `${VARS} — special characters: \${?} is not a wildcard`,
      policies: { identity: { S: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/why${?}' }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/whyX' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:S#0', elements: ['Resource'] } },
    },
    {
      name: 'a substituted value is literal even if it contains *',
      rule: `${VARS} — the variable is replaced by the request value (our reading: as literal text)`,
      policies: { identity: { S: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/p}' }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/other', context: { 'aws:PrincipalTag/p': '*' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:S#0', elements: ['Resource'] } },
    },
    {
      name: 'tag keys in variables are case-insensitive',
      rule: `${VARS} — \${aws:PrincipalTag/tag-key}; tag keys are case-insensitive`,
      policies: { identity: { S: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::teams/${aws:PrincipalTag/Team}/*' }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::teams/blue/x', context: { 'aws:principaltag/team': 'blue' } },
      expect: { decision: 'Allow', determining: ['identity:S#0'] },
    },
    {
      name: 'variables are only replaced in the resource part of the ARN',
      rule: `${VARS} — "You can use policy variables in the Resource element, but only in the resource portion of the ARN" (after the fifth colon)`,
      policies: { identity: { S: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}' }) } },
      request: { action: 'iam:GetUser', resource: `arn:aws:iam::${ACCT}:user/alice`, context: { 'aws:PrincipalAccount': ACCT, 'aws:username': 'alice' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:S#0', elements: ['Resource'] } },
    },
    {
      name: 'web identity: ${www.amazon.com:user_id} (doc example)',
      rule: `${VARS} — "arn:aws:s3:::mybucket/amzn1/\${www.amazon.com:user_id}/*" for Login with Amazon users`,
      policies: { identity: { W: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::mybucket/amzn1/${www.amazon.com:user_id}/*' }) } },
      request: { principal: roleSession('WebApp', 'u1'), action: 's3:PutObject', resource: 'arn:aws:s3:::mybucket/amzn1/amzn1.account.AF6RHO/photo.jpg', context: { 'www.amazon.com:user_id': 'amzn1.account.AF6RHO' } },
      expect: { decision: 'Allow', determining: ['identity:W#0'] },
    },
    {
      name: 'SAML: ${saml:sub}',
      rule: `${VARS} — saml:sub and other single-valued SAML keys can be variables`,
      policies: { identity: { W: doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${saml:sub}/*' }) } },
      request: { principal: roleSession('SSO', 'jdoe'), action: 's3:GetObject', resource: 'arn:aws:s3:::home/jdoe@example.com/cv.pdf', context: { 'saml:sub': 'jdoe@example.com' } },
      expect: { decision: 'Allow', determining: ['identity:W#0'] },
    },
    {
      name: 'a multi-valued key has no value as a variable',
      rule: `${VARS} — only single-valued keys can be used as variables`,
      policies: { identity: { W: doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:TagKeys}/*' }) } },
      request: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/env/x', context: { 'aws:TagKeys': ['env'] } },
      expect: { decision: 'ImplicitDeny', missingContextKeys: [], nearestMiss: { at: 'identity:W#0', messages: ['Resource: "arn:aws:s3:::b/env/x" does not match ["arn:aws:s3:::b/${aws:TagKeys}/*"] (policy variable ${aws:TagKeys} has no value)'] } },
    },
  ]);
});

describe('variables in condition values', () => {
  runConditionVectors([
    { name: 'StringEquals with ${aws:PrincipalTag/team}', rule: `${VARS} — variables in String condition values: aws:ResourceTag/team = \${aws:PrincipalTag/team}`, condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } }, context: { 'aws:ResourceTag/team': 'blue', 'aws:PrincipalTag/team': 'blue' }, allowed: true },
    {
      name: 'StringEquals with a different tag',
      rule: `${VARS} — variables in String condition values`,
      condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
      context: { 'aws:ResourceTag/team': 'red', 'aws:PrincipalTag/team': 'blue' },
      allowed: false,
      messages: ['Condition StringEquals aws:ResourceTag/team: expected one of ["${aws:PrincipalTag/team}"], got "red"'],
    },
    { name: 'StringLike with home/${aws:username}/*', rule: `${VARS} — "s3:prefix": ["home/\${aws:username}/*"]`, condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } }, context: { 's3:prefix': 'home/alice/docs', 'aws:username': 'alice' }, allowed: true },
    {
      name: 'positive operator with a valueless variable does not match',
      rule: `${VARS} — a variable without a value: positive String operators do not match`,
      condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } },
      context: { 's3:prefix': 'home/x/y' },
      allowed: false,
      messages: ['Condition StringLike s3:prefix: expected a match for one of ["home/${aws:username}/*"], got "home/x/y" (policy variable ${aws:username} has no value)'],
    },
    { name: 'negated operator with a valueless variable matches', rule: `${VARS} — a variable without a value: negated operators match`, condition: { StringNotEquals: { 's3:prefix': '${aws:username}' } }, context: { 's3:prefix': 'home' }, allowed: true },
    { name: 'ArnEquals with ${aws:username}', rule: `${VARS} — variables in ARN condition values`, condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:user/\${aws:username}` } }, context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:user/alice`, 'aws:username': 'alice' }, allowed: true },
    { name: '2008-10-17: condition values are literal', rule: `${VARS} — variables need Version 2012-10-17`, condition: { StringEquals: { 's3:prefix': '${aws:username}' } }, context: { 's3:prefix': 'alice', 'aws:username': 'alice' }, allowed: false, version: '2008-10-17' },
    { name: '${aws:userid} of a role session', rule: `${VARS} — aws:userid is "role-id:caller-specified-role-name" for role sessions`, condition: { StringLike: { 'aws:userid': 'AROAEXAMPLEID:${aws:PrincipalTag/login}' } }, context: { 'aws:userid': 'AROAEXAMPLEID:alice', 'aws:PrincipalTag/login': 'alice' }, allowed: true },
  ]);

  test('variables are not supported in Numeric, Date or IP values (rejected as malformed)', () => {
    for (const [op, key] of [['NumericLessThan', 'aws:MultiFactorAuthAge'], ['DateLessThan', 'aws:CurrentTime'], ['IpAddress', 'aws:SourceIp']] as const) {
      const text = JSON.stringify(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { [op]: { [key]: '${aws:PrincipalTag/limit}' } } }));
      assert.throws(() => parsePolicy(text, 'identity'), { code: 'MALFORMED_POLICY', message: new RegExp(`^Statement\\[0\\]\\.Condition\\.${op}: "\\$\\{aws:PrincipalTag/limit\\}" is not a valid`) });
    }
  });
});
