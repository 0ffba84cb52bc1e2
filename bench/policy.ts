/**
 * Policy engine benchmark: decisions per second on a realistic policy set, next to an in-run
 * reference loop (JSON.parse of a small object) so that figures compare across machines as a ratio.
 * Run directly with `tsx bench/policy.ts`, or import `runPolicyBench`.
 */
import { pathToFileURL } from 'node:url';
import { evaluate, parsePolicy } from '../src/policy/index.js';
import type { AuthorizationRequest, NamedPolicy, PolicySet } from '../src/policy/index.js';

const ACCT = '111111111111';
const OTHER = '222222222222';

function identityPolicies(): NamedPolicy[] {
  const services = ['ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'cloudwatch', 'kms', 'ssm', 'secretsmanager'];
  const broad = {
    Version: '2012-10-17',
    Statement: services.map((svc, i) => ({
      Sid: `Svc${i}`,
      Effect: 'Allow',
      Action: [`${svc}:Describe*`, `${svc}:List*`, `${svc}:Get*`],
      Resource: `arn:aws:${svc}:*:${ACCT}:*`,
      Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
    })),
  };
  const s3 = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Home', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::corp-home/${aws:username}/*' },
      { Sid: 'Team', Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::corp-teams/${aws:PrincipalTag/team, \'shared\'}/*' },
      { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: ['arn:aws:s3:::corp-home', 'arn:aws:s3:::corp-teams'], Condition: { StringLike: { 's3:prefix': ['${aws:username}/*', 'shared/*'] } } },
      { Sid: 'Office', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::reports-*/*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] }, Bool: { 'aws:SecureTransport': 'true' } } },
      { Sid: 'Window', Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:eu-west-1:${ACCT}:table/app-*`, Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } },
      { Sid: 'Tags', Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } },
      { Sid: 'CreateTagged', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env', 'owner'] } } },
    ],
  };
  const guard = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'NoIam', Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*', 'sts:GetCallerIdentity'], Resource: 'arn:aws:iam::*:*' },
      { Sid: 'MfaForDelete', Effect: 'Deny', Action: ['s3:DeleteBucket', 'ec2:TerminateInstances'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      { Sid: 'Regions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 's3:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } },
      { Sid: 'OldTokens', Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2021-01-01T00:00:00Z' } } },
    ],
  };
  return [
    { id: `arn:aws:iam::${ACCT}:policy/ReadServices`, document: parsePolicy(JSON.stringify(broad), 'identity') },
    { id: `arn:aws:iam::${ACCT}:policy/S3Home`, document: parsePolicy(JSON.stringify(s3), 'identity') },
    { id: `arn:aws:iam::${ACCT}:policy/Guardrails`, document: parsePolicy(JSON.stringify(guard), 'identity') },
  ];
}

export function benchPolicySets(): PolicySet[] {
  const identity = identityPolicies();
  const bucket: NamedPolicy = {
    id: 'bucket/partner-drop',
    document: parsePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: [OTHER, `arn:aws:iam::${ACCT}:role/Ingest`] }, Action: ['s3:PutObject', 's3:GetObject'], Resource: 'arn:aws:s3:::partner-drop/*', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
          { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::partner-drop', 'arn:aws:s3:::partner-drop/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ],
      }),
      'resource',
    ),
  };
  const boundary: NamedPolicy = {
    id: 'boundary/Developer',
    document: parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'dynamodb:*', 'logs:*', 'sts:*'], Resource: '*' }] }), 'boundary'),
  };
  const session: NamedPolicy = {
    id: 'session/inline',
    document: parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'dynamodb:Query'], Resource: '*' }] }), 'session'),
  };
  return [{ identity }, { identity, resource: bucket }, { identity, boundary, session: [session] }, { identity, resource: bucket, boundary }];
}

export function benchRequests(): AuthorizationRequest[] {
  const user = { kind: 'user' as const, account: ACCT, arn: `arn:aws:iam::${ACCT}:user/alice` };
  const role = { kind: 'assumed-role' as const, account: ACCT, arn: `arn:aws:sts::${ACCT}:assumed-role/Dev/alice`, roleArn: `arn:aws:iam::${ACCT}:role/Dev` };
  const partner = { kind: 'user' as const, account: OTHER, arn: `arn:aws:iam::${OTHER}:user/bot` };
  const context = {
    'aws:username': 'alice',
    'aws:PrincipalTag/team': 'blue',
    'aws:ResourceTag/team': 'blue',
    'aws:SourceIp': '203.0.113.7',
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': '2026-11-22T10:00:00Z',
    'aws:RequestedRegion': 'eu-west-1',
    'aws:TagKeys': ['team', 'env'],
  };
  const mk = (principal: AuthorizationRequest['principal'], action: string, resource: string, extra: Record<string, string> = {}): AuthorizationRequest => ({
    principal,
    action,
    resource,
    resourceAccount: resource.startsWith('arn:aws:s3:::partner') ? ACCT : undefined,
    context: { ...context, ...extra },
  });
  return [
    mk(user, 's3:GetObject', 'arn:aws:s3:::corp-home/alice/notes.txt'),
    mk(user, 's3:PutObject', 'arn:aws:s3:::corp-teams/blue/plan.md'),
    mk(user, 's3:DeleteObject', 'arn:aws:s3:::corp-home/bob/x'),
    mk(user, 's3:ListBucket', 'arn:aws:s3:::corp-home', { 's3:prefix': 'alice/docs' }),
    mk(user, 's3:GetObject', 'arn:aws:s3:::reports-2026/q3.pdf'),
    mk(role, 'dynamodb:Query', `arn:aws:dynamodb:eu-west-1:${ACCT}:table/app-orders`),
    mk(role, 'ec2:StopInstances', `arn:aws:ec2:eu-west-1:${ACCT}:instance/i-0abc`),
    mk(role, 'ec2:TerminateInstances', `arn:aws:ec2:eu-west-1:${ACCT}:instance/i-0abc`),
    mk(user, 'iam:CreateUser', `arn:aws:iam::${ACCT}:user/mallory`),
    mk(user, 'lambda:ListFunctions', '*', { 'aws:RequestedRegion': 'ap-south-1' }),
    mk(partner, 's3:PutObject', 'arn:aws:s3:::partner-drop/in/file.csv', { 's3:x-amz-acl': 'bucket-owner-full-control' }),
    mk(role, 'kms:Decrypt', `arn:aws:kms:eu-west-1:${ACCT}:key/1234`),
  ];
}

function measure(durationMs: number, step: (i: number) => void): number {
  for (let i = 0; i < 2000; i++) step(i); // warm-up
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < 1000; i++) step(ops + i);
    ops += 1000;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

export async function runPolicyBench(): Promise<{ name: string; opsPerSec: number; referenceOpsPerSec: number; ratio: number }> {
  const sets = benchPolicySets();
  const reqs = benchRequests();
  const pairs = sets.flatMap((set) => reqs.map((req) => [req, set] as const));
  let allowed = 0;
  const opsPerSec = measure(2400, (i) => {
    const [req, set] = pairs[i % pairs.length] as (typeof pairs)[number];
    if (evaluate(req, set).allowed) allowed++;
  });
  const small = '{"action":"s3:GetObject","resource":"arn:aws:s3:::b/k","ok":true}';
  let sink = 0;
  const referenceOpsPerSec = measure(600, () => {
    sink += (JSON.parse(small) as { ok: boolean }).ok ? 1 : 0;
  });
  if (allowed < 0 || sink < 0) throw new Error('unreachable'); // keeps the loops observable
  return { name: 'policy.evaluate', opsPerSec, referenceOpsPerSec, ratio: opsPerSec / referenceOpsPerSec };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runPolicyBench();
  console.log(`${r.name}: ${Math.round(r.opsPerSec).toLocaleString('en-US')} decisions/s`);
  console.log(`reference (JSON.parse small object): ${Math.round(r.referenceOpsPerSec).toLocaleString('en-US')} ops/s`);
  console.log(`ratio: ${r.ratio.toFixed(3)}`);
}
