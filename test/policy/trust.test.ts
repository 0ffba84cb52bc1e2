/**
 * Role trust policies (IAM User Guide, "AWS JSON policy elements: Principal", "Policy evaluation
 * logic" — trust policies must always allow the principal; "Passing session tags in AWS STS";
 * "Monitor and control actions taken with assumed roles"; reference §4).
 */
import { describe } from 'node:test';
import { ACCT, OTHER, doc, federated, root, roleSession, runVectors, service, user } from './helpers.js';
import type { Doc, Vector } from './helpers.js';

const ROLE = `arn:aws:iam::${ACCT}:role/UpdateApp`;
const TP = 'role/UpdateApp#trust';
const trust = (statements: Doc | Doc[]): Vector['policies'] => ({ trust: [TP, doc(statements)] });
const assume = (principal: Vector['request']['principal'], context: Vector['request']['context'] = {}, action = 'sts:AssumeRole'): Vector['request'] => ({
  principal,
  action,
  resource: ROLE,
  resourceAccount: ACCT,
  context,
});
const canAssume = { AssumeApp: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }) };
const ASSUME = 'Granting a user permissions to switch roles / STS AssumeRole';
const SAML = `arn:aws:iam::${ACCT}:saml-provider/Okta`;

describe('sts:AssumeRole with AWS principals', () => {
  runVectors([
    {
      name: 'same account, the trust policy names the user: no identity policy needed',
      rule: `${ASSUME} — same account: a trust policy that names the user acts as a resource policy and suffices`,
      policies: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'sts:AssumeRole' }),
      request: assume(user('alice')),
      expect: { decision: 'Allow', determining: [`resource:${TP}#0`], summary: `Allowed by trust policy ${TP} statement 0` },
    },
    {
      name: 'same account, the trust policy trusts the account: the identity policy must allow',
      rule: `${ASSUME} — an account principal delegates to the account's identity-based policies`,
      policies: trust({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }),
      request: assume(user('alice')),
      expect: {
        decision: 'ImplicitDeny',
        summary: `Denied: trust policy ${TP} statement 0 trusts account ${ACCT}, which delegates to its identity policies, but no identity policy allows sts:AssumeRole on ${ROLE}`,
        verdicts: { identity: 'absent', resource: 'allow' },
      },
    },
    {
      name: 'same account, account trust + identity policy: allowed by both',
      rule: `${ASSUME} — delegation: trust policy and identity policy`,
      policies: { identity: canAssume, trust: [TP, doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' })] },
      request: assume(user('alice')),
      expect: { decision: 'Allow', determining: ['identity:AssumeApp#0', `resource:${TP}#0`] },
    },
    {
      name: 'an identity policy alone never suffices for a role',
      rule: 'Policy evaluation logic — "role trust policies … must always explicitly allow the principal"',
      policies: { identity: canAssume, trust: [TP, doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })] },
      request: assume(user('alice')),
      expect: {
        decision: 'ImplicitDeny',
        summary: `Denied: the trust policy ${TP} does not allow arn:aws:iam::${ACCT}:user/alice to perform sts:AssumeRole`,
        nearestMiss: { at: `resource:${TP}#0`, elements: ['Principal'], messages: [`Principal: "arn:aws:iam::${ACCT}:user/alice" is not named by {"Service":["ec2.amazonaws.com"]}`] },
      },
    },
    {
      name: 'cross account: the trust policy and the caller identity policy must both allow',
      rule: 'Cross-account policy evaluation logic — the caller needs sts:AssumeRole on the role and the trust policy must trust the caller',
      policies: { identity: canAssume, trust: [TP, doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'sts:AssumeRole' })] },
      request: assume(user('bob', OTHER)),
      expect: { decision: 'Allow', determining: ['identity:AssumeApp#0', `resource:${TP}#0`] },
    },
    {
      name: 'cross account: naming the user directly still needs the identity policy',
      rule: 'Cross-account policy evaluation logic — both accounts must allow',
      policies: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:user/bob` }, Action: 'sts:AssumeRole' }),
      request: assume(user('bob', OTHER)),
      expect: { decision: 'ImplicitDeny', summary: `Denied: trust policy ${TP} statement 0 allows arn:aws:iam::${OTHER}:user/bob but no identity policy allows sts:AssumeRole (cross-account access needs both)` },
    },
    {
      name: 'role chaining: the trust policy names the calling role',
      rule: 'AWS JSON policy elements: Principal — a role principal covers the sessions of that role',
      policies: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/Deployer` }, Action: 'sts:AssumeRole' }),
      request: assume(roleSession('Deployer', 'ci')),
      expect: { decision: 'Allow', determining: [`resource:${TP}#0`] },
    },
    {
      name: 'role chaining is still limited by the calling session policy (our reading of §8.2)',
      rule: 'Policy evaluation logic — a grant to the role ARN is limited by the session policies of the calling session',
      policies: { identity: {}, trust: [TP, doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/Deployer` }, Action: 'sts:AssumeRole' })], session: { S: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } },
      request: assume(roleSession('Deployer', 'ci')),
      expect: {
        decision: 'ImplicitDeny',
        verdicts: { resource: 'allow', session: 'none' },
        summary: `Denied: trust policy ${TP} statement 0 names the role of this session but no session policy allows sts:AssumeRole`,
        nearestMiss: { at: 'session:S#0', elements: ['Action'] },
      },
    },
    {
      name: 'a session ARN principal covers that session only',
      rule: 'AWS JSON policy elements: Principal — role session principal "arn:aws:sts::…:assumed-role/role-name/session-name"',
      policies: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ACCT}:assumed-role/Deployer/ci` }, Action: 'sts:AssumeRole' }),
      request: assume(roleSession('Deployer', 'laptop')),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, elements: ['Principal'] } },
    },
    {
      name: 'the root user cannot assume a role',
      rule: 'STS AssumeRole — "You cannot call AssumeRole by using AWS account root user credentials"',
      policies: trust({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }),
      request: assume(root()),
      expect: { decision: 'ImplicitDeny', summary: 'Denied: the root user cannot assume roles' },
    },
    {
      name: 'an explicit deny in the caller identity policy wins',
      rule: 'Policy evaluation logic — an explicit deny in any policy overrides any allow',
      policies: { identity: { NoAssume: doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }) }, trust: [TP, doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'sts:AssumeRole' })] },
      request: assume(user('alice')),
      expect: { decision: 'ExplicitDeny', determining: ['identity:NoAssume#0'], summary: 'Denied: explicitly denied by identity policy NoAssume statement 0' },
    },
  ]);
});

describe('sts:ExternalId, MFA, session tags and source identity', () => {
  const external = trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Audit-7f3c9e' } } });
  const mfa = trust([
    { Sid: 'Allow', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'sts:AssumeRole' },
    { Sid: 'RequireMfa', Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
  ]);
  const tagging = (actions: string[]) => trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: actions });
  runVectors([
    { name: 'sts:ExternalId matches', rule: 'How to use an external ID — the trust policy requires "sts:ExternalId" with StringEquals', policies: external, request: assume(user('alice'), { 'sts:ExternalId': 'Audit-7f3c9e' }), expect: { decision: 'Allow', determining: [`resource:${TP}#0`] } },
    {
      name: 'sts:ExternalId wrong',
      rule: 'How to use an external ID — a different external ID is refused',
      policies: external,
      request: assume(user('alice'), { 'sts:ExternalId': 'wrong' }),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, elements: ['Condition'], keys: ['sts:ExternalId'], messages: ['Condition StringEquals sts:ExternalId: expected one of ["Audit-7f3c9e"], got "wrong"'] } },
    },
    {
      name: 'sts:ExternalId absent',
      rule: 'IAM and AWS STS condition context keys — sts:ExternalId is present only when the caller passes ExternalId',
      policies: external,
      request: assume(user('alice')),
      expect: { decision: 'ImplicitDeny', missingContextKeys: ['sts:ExternalId'], nearestMiss: { at: `resource:${TP}#0`, messages: ['Condition StringEquals sts:ExternalId: key is absent from the request'] } },
    },
    { name: 'MFA present', rule: 'AWS global condition context keys — deny with BoolIfExists aws:MultiFactorAuthPresent "false" lets MFA sessions through', policies: mfa, request: assume(user('alice'), { 'aws:MultiFactorAuthPresent': 'true' }), expect: { decision: 'Allow', determining: [`resource:${TP}#0`] } },
    { name: 'MFA absent (long-term keys): BoolIfExists denies', rule: 'AWS global condition context keys — aws:MultiFactorAuthPresent is absent for long-term credentials; BoolIfExists treats that as matching', policies: mfa, request: assume(user('alice')), expect: { decision: 'ExplicitDeny', determining: [`resource:${TP}#1`] } },
    { name: 'MFA explicitly false: denied', rule: 'AWS global condition context keys — aws:MultiFactorAuthPresent false', policies: mfa, request: assume(user('alice'), { 'aws:MultiFactorAuthPresent': 'false' }), expect: { decision: 'ExplicitDeny', determining: [`resource:${TP}#1`] } },
    { name: 'passing session tags needs sts:TagSession', rule: 'Passing session tags in AWS STS — "the role trust policy must allow sts:TagSession"', policies: tagging(['sts:AssumeRole']), request: assume(user('alice'), { 'aws:RequestTag/team': 'blue' }, 'sts:TagSession'), expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, messages: ['Action: "sts:TagSession" does not match ["sts:AssumeRole"]'] } } },
    { name: 'sts:TagSession allowed', rule: 'Passing session tags in AWS STS — trust policy with sts:AssumeRole and sts:TagSession', policies: tagging(['sts:AssumeRole', 'sts:TagSession']), request: assume(user('alice'), { 'aws:RequestTag/team': 'blue' }, 'sts:TagSession'), expect: { decision: 'Allow', determining: [`resource:${TP}#0`] } },
    {
      name: 'sts:SetSourceIdentity bound to the user name',
      rule: 'Monitor and control actions taken with assumed roles — sts:SetSourceIdentity with StringLike sts:SourceIdentity "${aws:username}"',
      policies: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'sts:SetSourceIdentity', Condition: { StringLike: { 'sts:SourceIdentity': '${aws:username}' } } }),
      request: assume(user('alice'), { 'sts:SourceIdentity': 'alice', 'aws:username': 'alice' }, 'sts:SetSourceIdentity'),
      expect: { decision: 'Allow', determining: [`resource:${TP}#0`] },
    },
    {
      name: 'sts:SetSourceIdentity with someone else’s identity',
      rule: 'Monitor and control actions taken with assumed roles — the source identity must match the condition',
      policies: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'sts:SetSourceIdentity', Condition: { StringLike: { 'sts:SourceIdentity': '${aws:username}' } } }),
      request: assume(user('alice'), { 'sts:SourceIdentity': 'mallory', 'aws:username': 'alice' }, 'sts:SetSourceIdentity'),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, keys: ['sts:SourceIdentity'] } },
    },
  ]);
});

describe('federated and service principals', () => {
  const samlTrust = trust({ Effect: 'Allow', Principal: { Federated: SAML }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } });
  const google = trust({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': '66677788.apps.googleusercontent.com' } } });
  const github = trust({
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
  });
  const ec2 = trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  runVectors([
    { name: 'SAML provider with the sign-in audience', rule: 'Creating a role for SAML 2.0 federation — trust "Federated": saml-provider, Action sts:AssumeRoleWithSAML, StringEquals saml:aud', policies: samlTrust, request: assume(federated(SAML), { 'saml:aud': 'https://signin.aws.amazon.com/saml' }, 'sts:AssumeRoleWithSAML'), expect: { decision: 'Allow', determining: [`resource:${TP}#0`] } },
    {
      name: 'SAML with a wrong audience',
      rule: 'IAM and AWS STS condition context keys — saml:aud is the assertion Recipient',
      policies: samlTrust,
      request: assume(federated(SAML), { 'saml:aud': 'https://evil.example/acs' }, 'sts:AssumeRoleWithSAML'),
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, messages: ['Condition StringEquals saml:aud: expected one of ["https://signin.aws.amazon.com/saml"], got "https://evil.example/acs"'] } },
    },
    { name: 'another SAML provider is not trusted', rule: 'AWS JSON policy elements: Principal — Federated names one identity provider', policies: samlTrust, request: assume(federated(`arn:aws:iam::${ACCT}:saml-provider/Other`), { 'saml:aud': 'https://signin.aws.amazon.com/saml' }, 'sts:AssumeRoleWithSAML'), expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, elements: ['Principal'] } } },
    { name: 'SAML federation cannot use plain sts:AssumeRole', rule: 'Creating a role for SAML 2.0 federation — the trust policy allows sts:AssumeRoleWithSAML', policies: samlTrust, request: assume(federated(SAML), { 'saml:aud': 'https://signin.aws.amazon.com/saml' }), expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, elements: ['Action'] } } },
    { name: 'Google web identity with the right audience', rule: 'Creating a role for web identity — "Federated": "accounts.google.com" with accounts.google.com:aud', policies: google, request: assume(federated('accounts.google.com'), { 'accounts.google.com:aud': '66677788.apps.googleusercontent.com' }, 'sts:AssumeRoleWithWebIdentity'), expect: { decision: 'Allow', determining: [`resource:${TP}#0`] } },
    { name: 'Google web identity with another app', rule: 'Creating a role for web identity — the aud condition restricts the app', policies: google, request: assume(federated('accounts.google.com'), { 'accounts.google.com:aud': 'other.apps.googleusercontent.com' }, 'sts:AssumeRoleWithWebIdentity'), expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, keys: ['accounts.google.com:aud'] } } },
    { name: 'GitHub OIDC: repository and audience', rule: 'Creating a role for OIDC — provider-url:aud and provider-url:sub conditions', policies: github, request: assume(federated(`arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`), { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' }, 'sts:AssumeRoleWithWebIdentity'), expect: { decision: 'Allow', determining: [`resource:${TP}#0`] } },
    { name: 'GitHub OIDC: another repository', rule: 'Creating a role for OIDC — the sub condition restricts the repository', policies: github, request: assume(federated(`arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`), { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:evil/app:ref:refs/heads/main' }, 'sts:AssumeRoleWithWebIdentity'), expect: { decision: 'ImplicitDeny', nearestMiss: { at: `resource:${TP}#0`, keys: ['token.actions.githubusercontent.com:sub'] } } },
    { name: 'EC2 service principal', rule: 'Using an IAM role to grant permissions to applications running on EC2 — trust "Service": "ec2.amazonaws.com"', policies: ec2, request: assume(service('ec2.amazonaws.com')), expect: { decision: 'Allow', determining: [`resource:${TP}#0`] } },
    { name: 'another service is not trusted', rule: 'AWS JSON policy elements: Principal — service principals compare exactly', policies: ec2, request: assume(service('lambda.amazonaws.com')), expect: { decision: 'ImplicitDeny', summary: `Denied: the trust policy ${TP} does not allow lambda.amazonaws.com to perform sts:AssumeRole` } },
    { name: 'no trust policy at all', rule: 'Policy evaluation logic — role trust policies must always allow', policies: { identity: canAssume, resourcePolicyRequired: true }, request: assume(user('alice')), expect: { decision: 'ImplicitDeny', summary: 'Denied: there is no trust policy that allows arn:aws:iam::111111111111:user/alice to perform sts:AssumeRole', verdicts: { identity: 'allow', resource: 'absent' } } },
  ]);
});
