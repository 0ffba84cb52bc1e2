/**
 * Action, Resource and Principal matching (IAM JSON policy elements: Action, NotAction, Resource,
 * NotResource, Principal, NotPrincipal).
 */
import { describe } from 'node:test';
import { ACCT, OTHER, anonymous, doc, federated, federatedUser, roleSession, runVectors, service, user } from './helpers.js';
import type { Doc, Vector } from './helpers.js';

const allow = (extra: Doc): Doc => doc({ Effect: 'Allow', ...extra });
const ACTION_RULE = 'IAM JSON policy elements: Action';
const RESOURCE_RULE = 'IAM JSON policy elements: Resource';
const PRINCIPAL_RULE = 'AWS JSON policy elements: Principal';

describe('Action / NotAction', () => {
  runVectors([
    {
      name: 'prefix and action name are case-insensitive', rule: `${ACTION_RULE} — "the prefix and the action name are case insensitive" (iam:ListAccessKeys ≡ IAM:listaccesskeys)`,
      policies: { identity: { P: allow({ Action: 'S3:getobject', Resource: '*' }) } }, request: { action: 's3:GetObject' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: '* wildcard in the action name', rule: `${ACTION_RULE} — wildcards (*) match any part of the action name (s3:Get*)`,
      policies: { identity: { P: allow({ Action: 's3:Get*', Resource: '*' }) } }, request: { action: 's3:GetObjectAcl' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: '* wildcard does not match another verb', rule: `${ACTION_RULE} — s3:Get* covers only actions starting with Get`,
      policies: { identity: { P: allow({ Action: ['s3:Get*', 's3:List*'], Resource: '*' }) } }, request: { action: 's3:PutObject' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Action'], messages: ['Action: "s3:PutObject" does not match ["s3:Get*","s3:List*"]'] } },
    },
    {
      name: '? matches exactly one character', rule: `${ACTION_RULE} — the ? wildcard matches a single character`,
      policies: { identity: { P: allow({ Action: 'iam:?etUser', Resource: '*' }) } }, request: { action: 'iam:GetUser' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: '? does not match two characters', rule: `${ACTION_RULE} — the ? wildcard matches a single character`,
      policies: { identity: { P: allow({ Action: 'iam:?etUser', Resource: '*' }) } }, request: { action: 'iam:ResetUser' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Action'] } },
    },
    {
      name: '"*" is every action of every service', rule: `${ACTION_RULE} — "Action": "*" allows all actions`,
      policies: { identity: { P: allow({ Action: '*', Resource: '*' }) } }, request: { action: 'kms:Decrypt' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 'wildcard in the middle of the name', rule: `${ACTION_RULE} — wildcards may appear anywhere in the action name`,
      policies: { identity: { P: allow({ Action: 'ec2:*Instances', Resource: '*' }) } }, request: { action: 'ec2:DescribeInstances' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 's3:* does not cover another service prefix (s3express)', rule: `${ACTION_RULE} — the service prefix identifies the service; s3:* is every Amazon S3 action`,
      policies: { identity: { P: allow({ Action: 's3:*', Resource: '*' }) } }, request: { action: 's3express:CreateSession' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Action'] } },
    },
    {
      name: 'NotAction with Allow allows everything else', rule: 'IAM JSON policy elements: NotAction — Allow with NotAction "iam:*" grants all actions of all services except IAM',
      policies: { identity: { P: allow({ NotAction: 'iam:*', Resource: '*' }) } }, request: { action: 's3:ListAllMyBuckets' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 'NotAction with Allow does not allow the listed actions', rule: 'IAM JSON policy elements: NotAction — the listed actions are not allowed by that statement',
      policies: { identity: { P: allow({ NotAction: 'iam:*', Resource: '*' }) } }, request: { action: 'iam:CreateUser' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['NotAction'], messages: ['NotAction: "iam:CreateUser" is excluded by ["iam:*"]'] } },
    },
    {
      name: 'NotAction with Deny denies everything except the listed actions (no MFA)',
      rule: 'IAM JSON policy elements: NotAction — "Deny" + NotAction "iam:*" + BoolIfExists aws:MultiFactorAuthPresent false denies all non-IAM actions without MFA',
      policies: {
        identity: {
          P: doc([
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Sid: 'DenyAllUsersNotUsingMFA', Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
          ]),
        },
      },
      request: { action: 'ec2:RunInstances', context: { 'aws:MultiFactorAuthPresent': 'false' } },
      expect: { decision: 'ExplicitDeny', determining: ['identity:P#1'], matched: ['identity:P#0', 'identity:P#1'] },
    },
    {
      name: 'NotAction with Deny leaves the listed actions alone', rule: 'IAM JSON policy elements: NotAction — the Deny does not apply to the listed IAM actions',
      policies: {
        identity: {
          P: doc([
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
          ]),
        },
      },
      request: { action: 'iam:ChangePassword' }, expect: { decision: 'Allow', determining: ['identity:P#0'], matched: ['identity:P#0'] },
    },
  ]);
});

describe('Resource / NotResource', () => {
  const s3 = (resource: unknown, action = 's3:GetObject'): Vector['policies'] => ({ identity: { P: allow({ Action: action, Resource: resource }) } });
  runVectors([
    {
      name: 'exact ARN', rule: `${RESOURCE_RULE} — the statement covers the resource named by its ARN`,
      policies: s3('arn:aws:s3:::reports/q1.csv'), request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 'another object does not match', rule: `${RESOURCE_RULE} — an ARN without wildcards names one resource`,
      policies: s3('arn:aws:s3:::reports/q1.csv'), request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q2.csv' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Resource'], messages: ['Resource: "arn:aws:s3:::reports/q2.csv" does not match ["arn:aws:s3:::reports/q1.csv"]'] } },
    },
    {
      name: '* in the resource part spans "/"', rule: `${RESOURCE_RULE} — wildcards in the resource part can span path separators (bucket/*)`,
      policies: s3('arn:aws:s3:::reports/*'), request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/2024/q1/summary.csv' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: '* in the resource part spans ":"', rule: `${RESOURCE_RULE} — the resource part may itself contain colons (log-group:…:log-stream:…)`,
      policies: s3(`arn:aws:logs:us-east-1:${ACCT}:log-group:app*`, 'logs:PutLogEvents'), request: { action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${ACCT}:log-group:app-prod:log-stream:web-1` },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 'wildcard within the region segment', rule: `${RESOURCE_RULE} — wildcards may be used within any ARN segment except the service`,
      policies: s3(`arn:aws:dynamodb:us-*:${ACCT}:table/Orders`, 'dynamodb:GetItem'), request: { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-west-2:${ACCT}:table/Orders` },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: '* in the account segment does not cross ":" into the resource part', rule: `${RESOURCE_RULE} — each colon-delimited ARN component is matched separately`,
      policies: s3('arn:aws:logs:us-east-1:*:app', 'logs:PutLogEvents'), request: { action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${ACCT}:log-group:app` },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Resource'] } },
    },
    {
      name: '* as a whole account segment', rule: `${RESOURCE_RULE} — a * segment matches any account`,
      policies: s3('arn:aws:iam::*:role/Admin', 'iam:GetRole'), request: { action: 'iam:GetRole', resource: `arn:aws:iam::${OTHER}:role/Admin` },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: '? in the resource part', rule: `${RESOURCE_RULE} — ? matches one character`,
      policies: s3('arn:aws:s3:::logs-202?/*'), request: { action: 's3:GetObject', resource: 'arn:aws:s3:::logs-2024/a' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 'matching is case-sensitive', rule: `${RESOURCE_RULE} — resource ARNs are case-sensitive (like ArnLike)`,
      policies: s3('arn:aws:s3:::Reports/*'), request: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Resource'] } },
    },
    {
      name: '"*" matches actions without a resource', rule: `${RESOURCE_RULE} — "Resource": "*" covers every resource, including actions that take none`,
      policies: s3('*', 's3:ListAllMyBuckets'), request: { action: 's3:ListAllMyBuckets', resource: '*' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 'an ARN pattern does not match the "*" resource of resource-less actions', rule: `${RESOURCE_RULE} — actions that do not support resource-level permissions need "*"`,
      policies: s3('arn:aws:s3:::*', 's3:ListAllMyBuckets'), request: { action: 's3:ListAllMyBuckets', resource: '*' },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'identity:P#0', elements: ['Resource'] } },
    },
    {
      name: 'NotResource with Allow: everything but the listed resource', rule: 'IAM JSON policy elements: NotResource — Allow applies to all resources except those listed',
      policies: { identity: { P: allow({ Action: 's3:*', NotResource: ['arn:aws:s3:::hr-payroll', 'arn:aws:s3:::hr-payroll/*'] }) } }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::public-site/index.html' },
      expect: { decision: 'Allow', determining: ['identity:P#0'] },
    },
    {
      name: 'NotResource with Allow: the listed resource is not allowed', rule: 'IAM JSON policy elements: NotResource — Allow applies to all resources except those listed',
      policies: { identity: { P: allow({ Action: 's3:*', NotResource: ['arn:aws:s3:::hr-payroll', 'arn:aws:s3:::hr-payroll/*'] }) } }, request: { action: 's3:GetObject', resource: 'arn:aws:s3:::hr-payroll/2024.csv' },
      expect: {
        decision: 'ImplicitDeny',
        nearestMiss: { at: 'identity:P#0', messages: ['NotResource: "arn:aws:s3:::hr-payroll/2024.csv" is excluded by ["arn:aws:s3:::hr-payroll","arn:aws:s3:::hr-payroll/*"]'] },
      },
    },
    {
      name: 'NotResource with Deny: deny every bucket but the Payroll folder', rule: 'IAM JSON policy elements: NotResource — "Deny" + NotResource [HRBucket/Payroll, HRBucket/Payroll/*] denies all other S3 resources',
      policies: {
        identity: {
          P: doc([
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] },
          ]),
        },
      },
      request: { action: 's3:PutObject', resource: 'arn:aws:s3:::HRBucket/Marketing/x' }, expect: { decision: 'ExplicitDeny', determining: ['identity:P#1'] },
    },
    {
      name: 'NotResource with Deny: the Payroll folder stays allowed', rule: 'IAM JSON policy elements: NotResource — the Deny does not apply to the listed resources',
      policies: {
        identity: {
          P: doc([
            { Effect: 'Allow', Action: 's3:*', Resource: '*' },
            { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] },
          ]),
        },
      },
      request: { action: 's3:PutObject', resource: 'arn:aws:s3:::HRBucket/Payroll/jan.csv' }, expect: { decision: 'Allow', determining: ['identity:P#0'], matched: ['identity:P#0'] },
    },
  ]);
});

describe('Principal / NotPrincipal', () => {
  const OBJ = `arn:aws:s3:::shared/report.csv`;
  const bucket = (principal: unknown, extra: Doc = {}): Vector['policies'] => ({
    resource: ['bucket', doc({ Sid: 'Grant', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*', ...extra })],
  });
  const get = (principal: Vector['request']['principal'], resourceAccount?: string): Vector['request'] => ({
    principal,
    action: 's3:GetObject',
    resource: OBJ,
    ...(resourceAccount ? { resourceAccount } : {}),
  });
  const crossIdentity = { X: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }) };
  runVectors([
    {
      name: '12-digit account id matches any principal of that account (cross-account user)', rule: `${PRINCIPAL_RULE} — "AWS": "123456789012" is the account; principals of that account are covered when their own policies allow`,
      policies: { identity: crossIdentity, ...bucket({ AWS: OTHER }) }, request: get(user('bob', OTHER), ACCT),
      expect: { decision: 'Allow', determining: ['identity:X#0', 'resource:bucket#0'] },
    },
    {
      name: 'root ARN is equivalent to the account id (cross-account role session)', rule: `${PRINCIPAL_RULE} — "AWS": "arn:aws:iam::123456789012:root" ≡ "AWS": "123456789012"`,
      policies: { identity: crossIdentity, ...bucket({ AWS: `arn:aws:iam::${OTHER}:root` }) }, request: get(roleSession('Reader', 's1', OTHER), ACCT),
      expect: { decision: 'Allow', determining: ['identity:X#0', 'resource:bucket#0'] },
    },
    {
      name: 'another account does not match', rule: `${PRINCIPAL_RULE} — an account principal covers only that account`,
      policies: { identity: crossIdentity, ...bucket({ AWS: OTHER }) }, request: get(user('eve', '333333333333'), ACCT),
      expect: {
        decision: 'ImplicitDeny',
        nearestMiss: { at: 'resource:bucket#0', elements: ['Principal'], messages: ['Principal: "arn:aws:iam::333333333333:user/eve" is not named by {"AWS":["222222222222"]}'] },
      },
    },
    {
      name: 'user ARN with path matches exactly', rule: `${PRINCIPAL_RULE} — IAM user principals are named by their full ARN (with path)`,
      policies: bucket({ AWS: `arn:aws:iam::${ACCT}:user/division/alice` }), request: get(user('alice', ACCT, '/division/')),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
    {
      name: 'user ARN without the path does not match a user with a path', rule: `${PRINCIPAL_RULE} — principal ARNs compare exactly`,
      policies: bucket({ AWS: `arn:aws:iam::${ACCT}:user/alice` }), request: get(user('alice', ACCT, '/division/')),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'resource:bucket#0', elements: ['Principal'] } },
    },
    {
      name: 'role ARN matches sessions of that role', rule: `${PRINCIPAL_RULE} — a role principal covers the sessions of the role`,
      policies: bucket({ AWS: `arn:aws:iam::${ACCT}:role/Reader` }), request: get(roleSession('Reader', 'alice')),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
    {
      name: 'assumed-role session ARN matches only that session', rule: `${PRINCIPAL_RULE} — role session principals name one session ("arn:aws:sts::…:assumed-role/role-name/role-session-name")`,
      policies: bucket({ AWS: `arn:aws:sts::${ACCT}:assumed-role/Reader/alice` }), request: get(roleSession('Reader', 'bob')),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'resource:bucket#0', elements: ['Principal'] } },
    },
    {
      name: 'federated-user session ARN', rule: `${PRINCIPAL_RULE} — AWS STS federated user sessions are named by their federated-user ARN`,
      policies: bucket({ AWS: `arn:aws:sts::${ACCT}:federated-user/carol` }), request: get(federatedUser('carol', 'broker')),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
    {
      name: 'a wildcard cannot match part of a principal ARN', rule: `${PRINCIPAL_RULE} — "You cannot use a wildcard to match part of a principal name or ARN"`,
      policies: bucket({ AWS: `arn:aws:iam::${ACCT}:user/*` }), request: get(user('alice')),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'resource:bucket#0', elements: ['Principal'] } },
    },
    {
      name: '"Principal": "*" includes anonymous callers', rule: `${PRINCIPAL_RULE} — "Principal": "*" grants access to everyone, including anonymous users`,
      policies: bucket('*'), request: get(anonymous()),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
    {
      name: '"AWS": "*" is equivalent to "*"', rule: `${PRINCIPAL_RULE} — "Principal": {"AWS": "*"} is equivalent to "Principal": "*"`,
      policies: bucket({ AWS: '*' }), request: get(anonymous()),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
    {
      name: 'Service principal', rule: `${PRINCIPAL_RULE} — service principals are named "Service": "service.amazonaws.com"`,
      policies: bucket({ Service: 'cloudtrail.amazonaws.com' }), request: get(service('cloudtrail.amazonaws.com')),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
    {
      name: 'Federated principal does not match a service', rule: `${PRINCIPAL_RULE} — each principal type matches only principals of that type`,
      policies: bucket({ Federated: 'accounts.google.com' }), request: get(service('accounts.google.com')),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'resource:bucket#0', elements: ['Principal'] } },
    },
    {
      name: 'Federated principal matches the identity provider', rule: `${PRINCIPAL_RULE} — "Federated" names the identity provider`,
      policies: bucket({ Federated: `arn:aws:iam::${ACCT}:saml-provider/Okta` }), request: get(federated(`arn:aws:iam::${ACCT}:saml-provider/Okta`)),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
    {
      name: 'NotPrincipal with Deny denies everyone not listed', rule: 'AWS JSON policy elements: NotPrincipal — "Deny" + NotPrincipal denies all principals except the ones named',
      policies: {
        identity: { X: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) },
        resource: ['bucket', doc({ Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${ACCT}:user/admin`, `arn:aws:iam::${ACCT}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::shared/*' })],
      },
      request: get(user('mallory', '333333333333'), ACCT), expect: { decision: 'ExplicitDeny', determining: ['resource:bucket#0'] },
    },
    {
      name: 'NotPrincipal with Deny spares the listed principal', rule: 'AWS JSON policy elements: NotPrincipal — the named principals are excluded from the Deny',
      policies: {
        identity: { X: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) },
        resource: ['bucket', doc({ Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${ACCT}:user/admin`, `arn:aws:iam::${ACCT}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::shared/*' })],
      },
      request: get(user('admin')), expect: { decision: 'Allow', determining: ['identity:X#0'], verdicts: { resource: 'none' } },
    },
  ]);
});
