/**
 * Permissions boundaries (IAM User Guide, "Permissions boundaries for IAM entities" and "Policy
 * evaluation logic"): effective permissions are the intersection of identity policies and the
 * boundary; resource-based grants interact as documented.
 */
import { describe } from 'node:test';
import { ACCT, doc, federatedUser, roleSession, runVectors, user } from './helpers.js';

const PB = 'Permissions boundaries for IAM entities';
// The doc example: the boundary allows only S3, CloudWatch and EC2; the identity policy grants IAM user creation.
const boundary = ['Boundary', doc({ Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*' })] as const;
const createUser = { CreateUser: doc({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }) };
const broad = { Broad: doc({ Effect: 'Allow', Action: ['s3:*', 'iam:*'], Resource: '*' }) };
const OBJ = 'arn:aws:s3:::team-data/file.csv';

describe('permissions boundaries', () => {
  runVectors([
    {
      name: 'identity allows, boundary does not: denied (doc example iam:CreateUser)',
      rule: `${PB} — "the entity can perform only the actions that are allowed by both its identity-based policies and its permissions boundaries"`,
      policies: { identity: createUser, boundary },
      request: { action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCT}:user/new` },
      expect: {
        decision: 'ImplicitDeny',
        summary: 'Denied: allowed by identity policy CreateUser statement 0 but the permissions boundary Boundary does not allow iam:CreateUser',
        verdicts: { identity: 'allow', boundary: 'none' },
        nearestMiss: { at: 'boundary:Boundary#0', elements: ['Action'], messages: ['Action: "iam:CreateUser" does not match ["s3:*","cloudwatch:*","ec2:*"]'] },
      },
    },
    {
      name: 'boundary allows, identity does not: denied (a boundary grants nothing)',
      rule: `${PB} — "Permissions boundaries do not grant permissions on their own"`,
      policies: { identity: createUser, boundary },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', verdicts: { identity: 'none', boundary: 'allow' }, nearestMiss: { at: 'identity:CreateUser#0', elements: ['Action'] } },
    },
    {
      name: 'both allow: allowed, with both statements determining',
      rule: `${PB} — the intersection of identity-based policy and boundary`,
      policies: { identity: broad, boundary },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:Broad#0', 'boundary:Boundary#0'], summary: 'Allowed by identity policy Broad statement 0 and permissions boundary Boundary statement 0' },
    },
    {
      name: 'the boundary never widens: iam:* stays denied',
      rule: `${PB} — the boundary sets the maximum permissions`,
      policies: { identity: broad, boundary },
      request: { action: 'iam:DeleteUser', resource: `arn:aws:iam::${ACCT}:user/x` },
      expect: { decision: 'ImplicitDeny', summary: 'Denied: allowed by identity policy Broad statement 0 but the permissions boundary Boundary does not allow iam:DeleteUser', nearestMiss: { at: 'boundary:Boundary#0', elements: ['Action'] } },
    },
    {
      name: 'a boundary condition applies (boundary limited to one region)',
      rule: `${PB} — boundary statements are evaluated with their conditions`,
      policies: { identity: broad, boundary: ['Region', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })] },
      request: { action: 's3:GetObject', resource: OBJ, context: { 'aws:RequestedRegion': 'us-east-1' } },
      expect: { decision: 'ImplicitDeny', nearestMiss: { at: 'boundary:Region#0', elements: ['Condition'], keys: ['aws:RequestedRegion'] } },
    },
    {
      name: 'same-account resource grant to the IAM user ARN is not limited by the boundary',
      rule: 'Policy evaluation logic — "Within the same account, resource-based policies that grant permissions to an IAM user ARN … are not limited by an implicit deny in an identity-based policy or permissions boundary"',
      policies: { identity: createUser, boundary, resource: ['kms-key', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'kms:Decrypt', Resource: '*' })] },
      request: { principal: user('alice'), action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCT}:key/k1` },
      expect: { decision: 'Allow', determining: ['resource:kms-key#0'], verdicts: { identity: 'none', boundary: 'none', resource: 'allow' } },
    },
    {
      name: 'same-account resource grant to the role ARN is limited by the boundary',
      rule: 'Policy evaluation logic — resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session policy',
      policies: { identity: createUser, boundary, resource: ['kms-key', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/App` }, Action: 'kms:Decrypt', Resource: '*' })] },
      request: { principal: roleSession('App', 'i-0abc'), action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCT}:key/k1` },
      expect: {
        decision: 'ImplicitDeny',
        summary: 'Denied: resource policy kms-key statement 0 names the role of this session but the permissions boundary Boundary does not allow kms:Decrypt',
      },
    },
    {
      name: 'role ARN grant with a boundary that allows: the identity policy is not needed',
      rule: 'Policy evaluation logic — within one account an allow in the resource-based policy suffices, limited by the boundary',
      policies: { identity: createUser, boundary: ['KmsBoundary', doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })], resource: ['kms-key', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/App` }, Action: 'kms:Decrypt', Resource: '*' })] },
      request: { principal: roleSession('App', 'i-0abc'), action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCT}:key/k1` },
      expect: { decision: 'Allow', determining: ['resource:kms-key#0', 'boundary:KmsBoundary#0'] },
    },
    {
      name: 'same-account resource grant to the session ARN is not limited by the boundary',
      rule: 'Policy evaluation logic — resource-based policies that grant permissions directly to the role session ARN are not limited by an implicit deny in the boundary',
      policies: { identity: createUser, boundary, resource: ['kms-key', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ACCT}:assumed-role/App/i-0abc` }, Action: 'kms:Decrypt', Resource: '*' })] },
      request: { principal: roleSession('App', 'i-0abc'), action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCT}:key/k1` },
      expect: { decision: 'Allow', determining: ['resource:kms-key#0'] },
    },
    {
      name: 'grant to the IAM user behind a federated-user session is limited by the boundary',
      rule: 'Policy evaluation logic — a grant to the IAM user that called GetFederationToken still leaves the federated session limited by the boundary',
      policies: {
        identity: createUser,
        boundary,
        session: { Inline: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
        resource: ['kms-key', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/broker` }, Action: 'kms:Decrypt', Resource: '*' })],
      },
      request: { principal: federatedUser('carol', 'broker'), action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCT}:key/k1` },
      expect: {
        decision: 'ImplicitDeny',
        verdicts: { resource: 'allow', boundary: 'none', session: 'allow' },
        summary: 'Denied: resource policy kms-key statement 0 names the user of this session but the permissions boundary Boundary does not allow kms:Decrypt',
      },
    },
    {
      name: 'an explicit deny in the boundary overrides a direct resource grant',
      rule: 'Policy evaluation logic — an explicit deny in any policy overrides any allow',
      policies: { identity: {}, boundary: ['Boundary', doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }])], resource: ['kms-key', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/alice` }, Action: 'kms:Decrypt', Resource: '*' })] },
      request: { principal: user('alice'), action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCT}:key/k1` },
      expect: { decision: 'ExplicitDeny', determining: ['boundary:Boundary#1'] },
    },
  ]);
});
