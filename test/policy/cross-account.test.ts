/**
 * Cross-account access (IAM User Guide, "Cross-account policy evaluation logic"): the trusting
 * account's resource policy and the trusted account's identity side must both allow.
 */
import { describe } from 'node:test';
import { ACCT, OTHER, doc, root, roleSession, runVectors, user } from './helpers.js';

const X = 'Cross-account policy evaluation logic';
const BUCKET = 'arn:aws:s3:::account-a-bucket';
const OBJ = `${BUCKET}/shared/report.csv`;
// The doc example: a principal in account B (OTHER) reads an S3 object in account A (ACCT).
const bucketPolicy = (principal: unknown, action: unknown = 's3:GetObject'): readonly [string, Record<string, unknown>] => [
  'bucket',
  doc({ Sid: 'AccountBRead', Effect: 'Allow', Principal: principal, Action: action, Resource: `${BUCKET}/*` }),
];
const identityB = { ReadA: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [BUCKET, `${BUCKET}/*`] }) };
const get = (principal = user('bob', OTHER)) => ({ principal, action: 's3:GetObject', resource: OBJ, resourceAccount: ACCT });

describe('cross-account evaluation', () => {
  runVectors([
    {
      name: 'both the identity policy (account B) and the bucket policy (account A) allow',
      rule: `${X} — "the requesting principal must have an identity-based policy allowing the action AND the resource-based policy must allow it"`,
      policies: { identity: identityB, resource: bucketPolicy({ AWS: OTHER }) },
      request: get(),
      expect: { decision: 'Allow', determining: ['identity:ReadA#0', 'resource:bucket#0'], summary: 'Allowed by identity policy ReadA statement 0 and resource policy bucket statement 0' },
    },
    {
      name: 'no bucket policy: denied even though the identity policy allows',
      rule: `${X} — without a resource-based policy in the trusting account the request is denied`,
      policies: { identity: identityB },
      request: get(),
      expect: { decision: 'ImplicitDeny', summary: `Denied: allowed by identity policy ReadA statement 0 but there is no resource policy in account ${ACCT} that allows it (cross-account access needs both)`, nearestMiss: null },
    },
    {
      name: 'the bucket policy names another principal',
      rule: `${X} — the resource-based policy must allow the requesting principal`,
      policies: { identity: identityB, resource: bucketPolicy({ AWS: `arn:aws:iam::${OTHER}:user/carol` }) },
      request: get(),
      expect: {
        decision: 'ImplicitDeny',
        summary: `Denied: allowed by identity policy ReadA statement 0 but the resource policy bucket does not allow arn:aws:iam::${OTHER}:user/bob (cross-account access needs both)`,
        nearestMiss: { at: 'resource:bucket#0', elements: ['Principal'], messages: [`Principal: "arn:aws:iam::${OTHER}:user/bob" is not named by {"AWS":["arn:aws:iam::${OTHER}:user/carol"]}`] },
      },
    },
    {
      name: 'the bucket policy allows but account B grants nothing',
      rule: `${X} — the trusted account must delegate with an identity-based policy`,
      policies: { identity: { Other: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }, resource: bucketPolicy({ AWS: OTHER }) },
      request: get(),
      expect: {
        decision: 'ImplicitDeny',
        summary: `Denied: resource policy bucket statement 0 allows arn:aws:iam::${OTHER}:user/bob but no identity policy allows s3:GetObject (cross-account access needs both)`,
        nearestMiss: { at: 'identity:Other#0', elements: ['Action'] },
      },
    },
    {
      name: 'a bucket grant naming the user directly still needs the identity policy',
      rule: `${X} — even a grant to the principal's ARN requires the trusted account's permission`,
      policies: { identity: {}, resource: bucketPolicy({ AWS: `arn:aws:iam::${OTHER}:user/bob` }) },
      request: get(),
      expect: {
        decision: 'ImplicitDeny',
        verdicts: { identity: 'absent', resource: 'allow' },
        nearestMiss: null,
        summary: `Denied: resource policy bucket statement 0 allows arn:aws:iam::${OTHER}:user/bob but no identity policy allows s3:GetObject (cross-account access needs both)`,
      },
    },
    {
      name: 'a cross-account role session: role policy, session policy and bucket policy',
      rule: `${X} — the role session's permissions (identity ∩ session policies) and the resource policy must allow`,
      policies: { identity: identityB, resource: bucketPolicy({ AWS: `arn:aws:iam::${OTHER}:role/Reader` }), session: { S: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) } },
      request: get(roleSession('Reader', 'job-1', OTHER)),
      expect: { decision: 'Allow', determining: ['identity:ReadA#0', 'resource:bucket#0', 'session:S#0'] },
    },
    {
      name: 'a cross-account role session limited by its session policy',
      rule: `${X} — limits of the trusted account (session policies) apply`,
      policies: { identity: identityB, resource: bucketPolicy({ AWS: `arn:aws:iam::${OTHER}:role/Reader` }), session: { S: doc({ Effect: 'Allow', Action: 's3:List*', Resource: '*' }) } },
      request: get(roleSession('Reader', 'job-1', OTHER)),
      expect: { decision: 'ImplicitDeny', summary: 'Denied: allowed by identity policy ReadA statement 0 but no session policy allows s3:GetObject', nearestMiss: { at: 'session:S#0', elements: ['Action'] } },
    },
    {
      name: 'a cross-account permissions boundary limits too',
      rule: `${X} — the trusted account's permissions boundary applies`,
      policies: { identity: identityB, resource: bucketPolicy({ AWS: OTHER }), boundary: ['Limit', doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })] },
      request: get(),
      expect: { decision: 'ImplicitDeny', summary: 'Denied: allowed by identity policy ReadA statement 0 but the permissions boundary Limit does not allow s3:GetObject', nearestMiss: { at: 'boundary:Limit#0' } },
    },
    {
      name: "an explicit deny in the trusting account's bucket policy",
      rule: `${X} — an explicit deny in either account denies`,
      policies: { identity: identityB, resource: ['bucket', doc([{ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:*', Resource: `${BUCKET}/*` }, { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/shared/*` }])] },
      request: get(),
      expect: { decision: 'ExplicitDeny', determining: ['resource:bucket#1'], matched: ['identity:ReadA#0', 'resource:bucket#0', 'resource:bucket#1'] },
    },
    {
      name: 'the root user of account B needs only the bucket policy',
      rule: `${X} — the root user has full permissions in its own account; account A must still allow`,
      policies: { resource: bucketPolicy({ AWS: OTHER }) },
      request: get(root(OTHER)),
      expect: { decision: 'Allow', determining: ['resource:bucket#0'], summary: "Allowed by the root user's implicit permissions in its own account and resource policy bucket statement 0" },
    },
    {
      name: 'same account: the bucket policy alone suffices for a named user',
      rule: `${X} / Policy evaluation logic — within one account an allow in either the identity or the resource policy suffices`,
      policies: { identity: {}, resource: bucketPolicy({ AWS: `arn:aws:iam::${ACCT}:user/alice` }) },
      request: { principal: user('alice'), action: 's3:GetObject', resource: OBJ, resourceAccount: ACCT },
      expect: { decision: 'Allow', determining: ['resource:bucket#0'] },
    },
  ]);
});
