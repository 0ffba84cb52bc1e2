/**
 * The order of evaluation within one account (IAM User Guide, "Policy evaluation logic":
 * default deny → explicit deny → allows).
 */
import { describe } from 'node:test';
import { ACCT, anonymous, doc, root, roleSession, runVectors, user } from './helpers.js';

const EVAL = 'Policy evaluation logic';
const allowS3 = doc({ Sid: 'AllowS3', Effect: 'Allow', Action: 's3:*', Resource: '*' });
const denyDelete = doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' });
const OBJ = 'arn:aws:s3:::data/report.csv';

describe('evaluation order', () => {
  runVectors([
    {
      name: 'no policy at all: implicit deny',
      rule: `${EVAL} — "By default, all requests are implicitly denied" (except for the root user)`,
      policies: {},
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', determining: [], matched: [], nearestMiss: null, summary: `Denied: no policy allows s3:GetObject on ${OBJ} (implicit deny)`, verdicts: { identity: 'absent', resource: 'absent', boundary: 'absent', session: 'absent' } },
    },
    {
      name: 'an identity-based Allow allows',
      rule: `${EVAL} — "An explicit allow in an identity-based or resource-based policy overrides this default"`,
      policies: { identity: { P: allowS3 } },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:P#0'], matched: ['identity:P#0'], summary: 'Allowed by identity policy P statement 0', verdicts: { identity: 'allow' } },
    },
    {
      name: 'an explicit deny in the same policy overrides the allow',
      rule: `${EVAL} — "An explicit deny in any policy overrides any allows"`,
      policies: { identity: { P: doc([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }]) } },
      request: { action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ExplicitDeny', determining: ['identity:P#1'], matched: ['identity:P#0', 'identity:P#1'], nearestMiss: null, summary: 'Denied: explicitly denied by identity policy P statement 1 (Sid NoDelete)', verdicts: { identity: 'deny' } },
    },
    {
      name: 'statement order does not matter (deny first)',
      rule: `${EVAL} — the order of statements and policies does not affect the result`,
      policies: { identity: { P: doc([{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }]) } },
      request: { action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ExplicitDeny', determining: ['identity:P#0'], matched: ['identity:P#0', 'identity:P#1'] },
    },
    {
      name: 'an explicit deny in another identity policy overrides',
      rule: `${EVAL} — all identity-based policies of the principal (user and groups) are evaluated together`,
      policies: { identity: { P: allowS3, Guard: denyDelete } },
      request: { action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ExplicitDeny', determining: ['identity:Guard#0'], matched: ['identity:P#0', 'identity:Guard#0'] },
    },
    {
      name: 'an explicit deny in the resource policy overrides an identity allow',
      rule: `${EVAL} — an explicit deny in a resource-based policy is final`,
      policies: { identity: { P: allowS3 }, resource: ['bucket', doc({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::data/*' })] },
      request: { action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ExplicitDeny', determining: ['resource:bucket#0'], verdicts: { identity: 'allow', resource: 'deny' } },
    },
    {
      name: 'an explicit deny in the permissions boundary overrides',
      rule: `${EVAL} — an explicit deny in a permissions boundary is final`,
      policies: { identity: { P: allowS3 }, boundary: ['B', doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }])] },
      request: { action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ExplicitDeny', determining: ['boundary:B#1'], matched: ['identity:P#0', 'boundary:B#0', 'boundary:B#1'] },
    },
    {
      name: 'an explicit deny in a session policy overrides',
      rule: `${EVAL} — an explicit deny in a session policy is final`,
      policies: { identity: { P: allowS3 }, session: { S: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }]) } },
      request: { principal: roleSession('Dev', 'a'), action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ExplicitDeny', determining: ['session:S#1'] },
    },
    {
      name: 'explicit denies from several roles are all reported, in role order',
      rule: `${EVAL} — every applicable explicit deny denies`,
      policies: { identity: { P: allowS3, Guard: denyDelete }, boundary: ['B', doc({ Effect: 'Deny', Action: 's3:Delete*', Resource: '*' })] },
      request: { action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ExplicitDeny', determining: ['identity:Guard#0', 'boundary:B#0'], summary: 'Denied: explicitly denied by identity policy Guard statement 0 (Sid NoDelete) (and 1 other deny statement)' },
    },
    {
      name: 'a Deny whose condition does not hold does not apply',
      rule: `${EVAL} — a statement applies only when its conditions are met`,
      policies: { identity: { P: allowS3, Guard: doc({ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) } },
      request: { action: 's3:GetObject', resource: OBJ, context: { 'aws:SecureTransport': 'true' } },
      expect: { decision: 'Allow', determining: ['identity:P#0'], matched: ['identity:P#0'], verdicts: { identity: 'allow' } },
    },
    {
      name: 'all matching Allow statements are reported as determining',
      rule: `${EVAL} — any matching Allow grants; the explanation lists each`,
      policies: { identity: { P: allowS3, Q: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: OBJ }) } },
      request: { action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:P#0', 'identity:Q#0'], summary: 'Allowed by identity policy P statement 0 and identity policy Q statement 0' },
    },
    {
      name: 'the root user needs no policy in its own account',
      rule: `${EVAL} — the default deny does not apply to the account root user`,
      policies: {},
      request: { principal: root(), action: 's3:DeleteBucket', resource: 'arn:aws:s3:::data', resourceAccount: ACCT },
      expect: { decision: 'Allow', determining: [], summary: "Allowed by the root user's implicit permissions in its own account" },
    },
    {
      name: 'an explicit deny in a resource policy still applies to the root user',
      rule: `${EVAL} — an explicit deny in a resource-based policy applies to every principal it names`,
      policies: { resource: ['bucket', doc({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::data' })] },
      request: { principal: root(), action: 's3:DeleteBucket', resource: 'arn:aws:s3:::data' },
      expect: { decision: 'ExplicitDeny', determining: ['resource:bucket#0'] },
    },
    {
      name: 'an anonymous caller needs a resource policy grant',
      rule: `${EVAL} — anonymous requests are allowed only by resource-based policies with Principal "*"`,
      policies: { identity: { P: allowS3 } },
      request: { principal: anonymous(), action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', summary: `Denied: no policy allows s3:GetObject on ${OBJ} (implicit deny)` },
    },
    {
      name: 'policies of other users do not matter: a Deny for another action does not apply',
      rule: `${EVAL} — a Deny applies only when its Action matches`,
      policies: { identity: { P: allowS3, Guard: denyDelete } },
      request: { principal: user('bob'), action: 's3:PutObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:P#0'], matched: ['identity:P#0'] },
    },
  ]);
});
