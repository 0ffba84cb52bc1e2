/**
 * Session policies (IAM User Guide, "Policies and permissions in IAM › Session policies" and
 * "Policy evaluation logic"): a session's permissions are the intersection of the identity
 * policies and the session policies; session policies never add permissions.
 */
import { describe } from 'node:test';
import { ACCT, doc, federatedUser, roleSession, runVectors } from './helpers.js';

const SP = 'Policies and permissions in IAM › Session policies';
const role = { RolePolicy: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
const readOnly = { Inline: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) };
const OBJ = 'arn:aws:s3:::app-data/x.json';
const session = roleSession('AppRole', 'build-42');

describe('session policies', () => {
  // Policy evaluation logic, "identity-based policies with permissions boundaries and session policies":
  // effective permissions = identity ∩ boundary ∩ session.
  const triple = {
    identity: role,
    boundary: ['Boundary', doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:Put*'], Resource: '*' })] as const,
    session: { Inline: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: '*' }) },
  };
  const TRIPLE = 'Policy evaluation logic — with a permissions boundary and a session policy, the session can do only what the identity policy, the boundary and the session policy all allow';
  runVectors([
    { name: 'identity ∩ boundary ∩ session: all three allow', rule: TRIPLE, policies: triple, request: { principal: session, action: 's3:GetObject', resource: OBJ }, expect: { decision: 'Allow', determining: ['identity:RolePolicy#0', 'boundary:Boundary#0', 'session:Inline#0'] } },
    {
      name: 'identity ∩ boundary ∩ session: the session policy is missing s3:PutObject',
      rule: TRIPLE,
      policies: triple,
      request: { principal: session, action: 's3:PutObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', summary: 'Denied: allowed by identity policy RolePolicy statement 0 but no session policy allows s3:PutObject', nearestMiss: { at: 'session:Inline#0', elements: ['Action'] } },
    },
    {
      name: 'identity ∩ boundary ∩ session: the boundary is missing s3:DeleteObject',
      rule: TRIPLE,
      policies: triple,
      request: { principal: session, action: 's3:DeleteObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', summary: 'Denied: allowed by identity policy RolePolicy statement 0 but the permissions boundary Boundary does not allow s3:DeleteObject', nearestMiss: { at: 'boundary:Boundary#0', elements: ['Action'] } },
    },
  ]);
  runVectors([
    {
      name: 'identity and session policy both allow',
      rule: `${SP} — "The resulting session's permissions are the intersection of the role's identity-based policies and the session policies"`,
      policies: { identity: role, session: readOnly },
      request: { principal: session, action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:RolePolicy#0', 'session:Inline#0'], summary: 'Allowed by identity policy RolePolicy statement 0 and session policy Inline statement 0' },
    },
    {
      name: 'the role allows but the session policy does not',
      rule: `${SP} — session policies limit the permissions of the session`,
      policies: { identity: role, session: readOnly },
      request: { principal: session, action: 's3:PutObject', resource: OBJ },
      expect: {
        decision: 'ImplicitDeny',
        summary: 'Denied: allowed by identity policy RolePolicy statement 0 but no session policy allows s3:PutObject',
        verdicts: { identity: 'allow', session: 'none' },
        nearestMiss: { at: 'session:Inline#0', elements: ['Action'], messages: ['Action: "s3:PutObject" does not match ["s3:GetObject"]'] },
      },
    },
    {
      name: 'a session policy cannot grant more than the role',
      rule: `${SP} — "You cannot use session policies to grant more permissions than those allowed by the identity-based policy of the role"`,
      policies: { identity: role, session: { Wide: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } },
      request: { principal: session, action: 'ec2:TerminateInstances', resource: '*' },
      expect: { decision: 'ImplicitDeny', verdicts: { identity: 'none', session: 'allow' }, nearestMiss: { at: 'identity:RolePolicy#0', elements: ['Action'] } },
    },
    {
      name: 'no session policy: a role session has the role permissions',
      rule: 'Policy evaluation logic — session policies are evaluated only when passed',
      policies: { identity: role },
      request: { principal: session, action: 's3:PutObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:RolePolicy#0'], verdicts: { session: 'absent' } },
    },
    {
      name: 'several session policies (inline Policy + PolicyArns): one Allow suffices',
      rule: `${SP} — the inline Policy and the managed PolicyArns are all session policies`,
      policies: { identity: role, session: { Inline: doc({ Effect: 'Allow', Action: 's3:List*', Resource: '*' }), 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess': doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }) } },
      request: { principal: session, action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:RolePolicy#0', 'session:arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess#0'] },
    },
    {
      name: 'an empty list of session policies allows nothing',
      rule: 'Policy evaluation logic — when session policies are present one must allow',
      policies: { identity: role, session: {} },
      request: { principal: session, action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', verdicts: { session: 'none' }, nearestMiss: null, summary: 'Denied: allowed by identity policy RolePolicy statement 0 but no session policy allows s3:GetObject' },
    },
    {
      name: 'GetFederationToken without a session policy has no permissions',
      rule: 'Policy evaluation logic — "federated user sessions created with GetFederationToken … if no session policy is passed, the session has no permissions"',
      policies: { identity: role },
      request: { principal: federatedUser('carol', 'broker'), action: 's3:GetObject', resource: OBJ },
      expect: {
        decision: 'ImplicitDeny',
        verdicts: { identity: 'allow', session: 'absent' },
        summary: 'Denied: allowed by identity policy RolePolicy statement 0 but a federated user session without a session policy has no permissions',
      },
    },
    {
      name: 'GetFederationToken with a session policy: intersection with the IAM user policy',
      rule: `${SP} — a federated user session gets the intersection of the calling user's policies and the session policy`,
      policies: { identity: role, session: readOnly },
      request: { principal: federatedUser('carol', 'broker'), action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['identity:RolePolicy#0', 'session:Inline#0'] },
    },
    {
      name: 'resource policy naming the session ARN: not limited by the session policy',
      rule: `${SP} — "A resource-based policy can specify the ARN of the session as a principal … the permissions from the resource-based policy are not limited by the session policy"`,
      policies: { identity: role, session: readOnly, resource: ['bucket', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ACCT}:assumed-role/AppRole/build-42` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::app-data/*' })] },
      request: { principal: session, action: 's3:PutObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['resource:bucket#0'], verdicts: { session: 'none' } },
    },
    {
      name: 'resource policy naming the role ARN: limited by the session policy',
      rule: `${SP} — "A resource-based policy can specify the ARN of the user or role as a principal … The session policy limits the total permissions granted by the resource-based policy and the identity-based policy"`,
      policies: { identity: {}, session: readOnly, resource: ['bucket', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/AppRole` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::app-data/*' })] },
      request: { principal: session, action: 's3:PutObject', resource: OBJ },
      expect: { decision: 'ImplicitDeny', summary: 'Denied: resource policy bucket statement 0 names the role of this session but no session policy allows s3:PutObject', nearestMiss: { at: 'session:Inline#0', elements: ['Action'] } },
    },
    {
      name: 'resource policy naming the role ARN with a session policy that allows: session ∩ resource',
      rule: `${SP} — result = (session ∩ resource) ∪ (session ∩ identity)`,
      policies: { identity: {}, session: readOnly, resource: ['bucket', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/AppRole` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-data/*' })] },
      request: { principal: session, action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['resource:bucket#0', 'session:Inline#0'] },
    },
    {
      name: 'resource policy naming the IAM user behind a federated session: limited by the session policy',
      rule: 'Policy evaluation logic — a grant to the IAM user that called GetFederationToken is limited by the session policy of the federated session',
      policies: { identity: {}, session: readOnly, resource: ['bucket', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/broker` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-data/*' })] },
      request: { principal: federatedUser('carol', 'broker'), action: 's3:GetObject', resource: OBJ },
      expect: { decision: 'Allow', determining: ['resource:bucket#0', 'session:Inline#0'] },
    },
  ]);
});
