/**
 * The IAM policy simulator (SimulateCustomPolicy, SimulatePrincipalPolicy) driven by the real
 * `@aws-sdk/client-iam` against a running rolegate: decisions, matched statements with their
 * positions, context entries of every common type, missing context values, permissions
 * boundaries, resource policies across accounts, the trust-policy extension, pagination and errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  IAMClient,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  paginateSimulateCustomPolicy,
  type ContextEntry,
  type EvaluationResult,
  type SimulateCustomPolicyCommandInput,
} from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ADMIN, ALICE, BOB, EXTERNAL_ID, CRITICAL_OPS, PRODUCTION_READ_ONLY, THIRD_PARTY_AUDITOR, UPDATE_APP, sdkError } from '../helpers/demo.js';

const ALICE_ARN = 'arn:aws:iam::111111111111:user/alice';
const BOB_ARN = 'arn:aws:iam::111111111111:user/bob';
const AUDITOR_ARN = 'arn:aws:iam::333333333333:user/auditor';
const DEVELOPERS_ARN = 'arn:aws:iam::111111111111:group/Developers';

/** The policy of the AWS CLI documentation example for simulate-custom-policy (one line). */
const DOC_EXAMPLE_POLICY =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

function iamClient(url: string, credentials: AwsCredentialIdentity): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function only(results: EvaluationResult[] | undefined): EvaluationResult {
  assert.equal(results?.length, 1, 'exactly one evaluation result');
  return results![0]!;
}

describe('IAM policy simulator through @aws-sdk/client-iam', () => {
  let server: TestServer;
  let alice: IAMClient;
  let admin: IAMClient;
  let mark: number;
  before(async () => {
    server = await startRolegate();
    alice = iamClient(server.url, ALICE);
    admin = iamClient(server.url, ADMIN);
    mark = server.store.writes.length;
  });
  after(async () => {
    // The simulator is read-only: no request of this suite stored anything.
    assert.deepEqual(server.store.writtenSince(mark), []);
    await server.close();
  });

  const custom = (input: Omit<SimulateCustomPolicyCommandInput, 'ActionNames'> & { ActionNames: string[] }) =>
    alice.send(new SimulateCustomPolicyCommand(input));

  describe('SimulateCustomPolicy', () => {
    it('allowed: the AWS documentation example, with the statement positions AWS reports', async () => {
      const result = only(
        (
          await custom({
            PolicyInputList: [DOC_EXAMPLE_POLICY],
            ActionNames: ['dynamodb:CreateBackup'],
            ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2019-04-25T11:00:00Z'], ContextKeyType: 'date' }],
          })
        ).EvaluationResults,
      );
      assert.equal(result.EvalActionName, 'dynamodb:CreateBackup');
      assert.equal(result.EvalResourceName, '*');
      assert.equal(result.EvalDecision, 'allowed');
      assert.deepEqual(result.MatchedStatements, [
        { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } },
      ]);
      assert.deepEqual(result.MissingContextValues, []);
      assert.equal(result.EvalDecisionDetails, undefined, 'same account and "*": no decision details (AWS)');
      assert.equal(result.ResourceSpecificResults, undefined);
    });

    it('implicitDeny: the same example with a date before the condition, nothing matched', async () => {
      const result = only(
        (
          await custom({
            PolicyInputList: [DOC_EXAMPLE_POLICY],
            ActionNames: ['dynamodb:CreateBackup'],
            ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2014-04-25T11:00:00Z'], ContextKeyType: 'date' }],
          })
        ).EvaluationResults,
      );
      assert.equal(result.EvalDecision, 'implicitDeny');
      assert.deepEqual(result.MatchedStatements, []);
      assert.deepEqual(result.MissingContextValues, []);
    });

    it('explicitDeny: only the deny statement is reported, with its position in a multi-line policy', async () => {
      const allowAll = policy({ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' });
      const denyDelete = JSON.stringify(
        { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] },
        null,
        2,
      );
      const results = (
        await custom({ PolicyInputList: [allowAll, denyDelete], ActionNames: ['s3:DeleteObject', 's3:GetObject', 'ec2:RunInstances'] })
      ).EvaluationResults!;
      assert.deepEqual(
        results.map((r) => [r.EvalActionName, r.EvalDecision]),
        [
          ['s3:DeleteObject', 'explicitDeny'],
          ['s3:GetObject', 'allowed'],
          ['ec2:RunInstances', 'implicitDeny'],
        ],
      );
      const lines = denyDelete.split('\n');
      const denyLine = lines.findIndex((l) => l.includes('"Sid": "NoDelete"'));
      // Lines are 1-based: the deny statement's "{" is on line `denyLine` (the line before its Sid),
      // its "}" four lines after the Sid; the column is the one just past the brace.
      assert.deepEqual(results[0]!.MatchedStatements, [
        {
          SourcePolicyId: 'PolicyInputList.2',
          SourcePolicyType: 'none',
          StartPosition: { Line: denyLine, Column: lines[denyLine - 1]!.indexOf('{') + 2 },
          EndPosition: { Line: denyLine + 5, Column: lines[denyLine + 4]!.indexOf('}') + 2 },
        },
      ]);
      assert.deepEqual(
        results[1]!.MatchedStatements!.map((s) => s.SourcePolicyId),
        ['PolicyInputList.1', 'PolicyInputList.2'],
        'every allowing statement is reported',
      );
      assert.deepEqual(results[2]!.MatchedStatements, []);
    });

    describe('context entries of several types', () => {
      const conditioned = policy({
        Sid: 'Conditioned',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:PrincipalTag/team': 'app' },
          NumericLessThanEquals: { 's3:max-keys': '100' },
          Bool: { 'aws:SecureTransport': 'true' },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
          DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost-center'] },
        },
      });
      const good: ContextEntry[] = [
        { ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['app'], ContextKeyType: 'string' },
        { ContextKeyName: 's3:max-keys', ContextKeyValues: ['50'], ContextKeyType: 'numeric' },
        { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['TRUE'], ContextKeyType: 'boolean' },
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['203.0.113.7'], ContextKeyType: 'ip' },
        { ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2026-03-01T12:00:00Z'], ContextKeyType: 'date' },
        { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['team', 'cost-center'], ContextKeyType: 'stringList' },
      ];
      const run = async (entries: ContextEntry[]) =>
        only((await custom({ PolicyInputList: [conditioned], ActionNames: ['s3:ListBucket'], ContextEntries: entries })).EvaluationResults);

      it('all conditions hold → allowed', async () => {
        const result = await run(good);
        assert.equal(result.EvalDecision, 'allowed');
        assert.equal(result.MatchedStatements![0]!.SourcePolicyId, 'PolicyInputList.1');
        assert.deepEqual(result.MissingContextValues, []);
      });

      const variations: Array<[string, ContextEntry]> = [
        ['string', { ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['qa'], ContextKeyType: 'string' }],
        ['numeric', { ContextKeyName: 's3:max-keys', ContextKeyValues: ['500'], ContextKeyType: 'numeric' }],
        ['boolean', { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['false'], ContextKeyType: 'boolean' }],
        ['ip', { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['198.51.100.1'], ContextKeyType: 'ip' }],
        ['date', { ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2031-01-01T00:00:00Z'], ContextKeyType: 'date' }],
        ['stringList', { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['team', 'secret'], ContextKeyType: 'stringList' }],
      ];
      for (const [type, entry] of variations) {
        it(`one ${type} value outside its condition → implicitDeny`, async () => {
          const entries = good.map((e) => (e.ContextKeyName === entry.ContextKeyName ? entry : e));
          const result = await run(entries);
          assert.equal(result.EvalDecision, 'implicitDeny');
          assert.deepEqual(result.MatchedStatements, []);
        });
      }

      it('keys the policy needs but the request lacks are MissingContextValues', async () => {
        const entries = good.filter((e) => e.ContextKeyName !== 'aws:SourceIp' && e.ContextKeyName !== 's3:max-keys');
        const result = await run(entries);
        assert.equal(result.EvalDecision, 'implicitDeny');
        assert.deepEqual([...result.MissingContextValues!].sort(), ['aws:SourceIp', 's3:max-keys']);
      });

      it('with a specific resource, missing keys move under ResourceSpecificResults (AWS)', async () => {
        const result = only(
          (
            await custom({
              PolicyInputList: [conditioned],
              ActionNames: ['s3:ListBucket'],
              ResourceArns: ['arn:aws:s3:::dev-reports'],
              ContextEntries: good.filter((e) => e.ContextKeyName !== 'aws:SourceIp'),
            })
          ).EvaluationResults,
        );
        assert.equal(result.EvalResourceName, 'arn:aws:s3:::dev-reports');
        assert.deepEqual(result.MissingContextValues, []);
        assert.deepEqual(result.ResourceSpecificResults, [
          {
            EvalResourceName: 'arn:aws:s3:::dev-reports',
            EvalResourceDecision: 'implicitDeny',
            MatchedStatements: [],
            MissingContextValues: ['aws:SourceIp'],
            EvalDecisionDetails: { 'IAM Policy': 'implicitDeny' },
          },
        ]);
      });
    });

    it('a permissions boundary input limits the identity policies', async () => {
      const results = (
        await custom({
          PolicyInputList: [policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
          PermissionsBoundaryPolicyInputList: [policy({ Sid: 'ReadOnly', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
          ActionNames: ['s3:GetObject', 's3:PutObject'],
        })
      ).EvaluationResults!;
      assert.equal(results[0]!.EvalDecision, 'allowed');
      assert.deepEqual(results[0]!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
      assert.deepEqual(
        results[0]!.MatchedStatements!.map((s) => s.SourcePolicyId),
        ['PolicyInputList.1', 'PermissionsBoundaryPolicyInputList.1'],
      );
      assert.equal(results[1]!.EvalDecision, 'implicitDeny');
      assert.deepEqual(results[1]!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
    });

    describe('a resource policy with ResourceOwner and CallerArn', () => {
      const object = 'arn:aws:s3:::shared-reports/q1.csv';
      const readGrant = (principal: string) =>
        policy({ Sid: 'ShareReports', Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-reports/*' });
      const identityRead = policy({ Sid: 'ReadShared', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-reports/*' });
      const simulate = (identity: string[], resourcePolicy: string, owner?: string) =>
        custom({
          PolicyInputList: identity,
          ActionNames: ['s3:GetObject'],
          ResourceArns: [object],
          ResourcePolicy: resourcePolicy,
          CallerArn: ALICE_ARN,
          ...(owner ? { ResourceOwner: owner } : {}),
        }).then((r) => only(r.EvaluationResults));

      it('cross-account: both the identity policy and the resource policy allow → allowed', async () => {
        const result = await simulate([identityRead], readGrant(ALICE_ARN), 'arn:aws:iam::222222222222:root');
        assert.equal(result.EvalDecision, 'allowed');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
        assert.deepEqual(
          result.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]),
          [
            ['PolicyInputList.1', 'none'],
            ['ResourcePolicy', 'resource'],
          ],
        );
      });

      it('cross-account: the resource policy alone is not enough', async () => {
        const result = await simulate([policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })], readGrant(ALICE_ARN), '222222222222');
        assert.equal(result.EvalDecision, 'implicitDeny');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' });
      });

      it('cross-account: a resource policy that names someone else → implicitDeny', async () => {
        const result = await simulate([identityRead], readGrant(BOB_ARN), 'arn:aws:iam::222222222222:root');
        assert.equal(result.EvalDecision, 'implicitDeny');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' });
      });

      it("same account (no ResourceOwner: the caller's account): a resource policy naming the user suffices", async () => {
        const result = await simulate([policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })], readGrant(ALICE_ARN));
        assert.equal(result.EvalDecision, 'allowed');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' });
      });

      it('a ResourcePolicy without CallerArn is InvalidInput (AWS needs a principal to match)', async () => {
        const error = await sdkError(custom({ PolicyInputList: [identityRead], ActionNames: ['s3:GetObject'], ResourcePolicy: readGrant(ALICE_ARN) }));
        assert.equal(error.name, 'InvalidInputException');
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.match(error.message, /CallerArn is required/);
      });
    });
  });

  describe('SimulatePrincipalPolicy', () => {
    const principal = (client: IAMClient, source: string, actions: string[], resources?: string[], context?: ContextEntry[]) =>
      client
        .send(
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: source,
            ActionNames: actions,
            ...(resources ? { ResourceArns: resources } : {}),
            ...(context ? { ContextEntries: context } : {}),
          }),
        )
        .then((r) => r.EvaluationResults!);

    it("alice's policies come from her group, named and typed as AWS does", async () => {
      const [read, prod] = await principal(alice, ALICE_ARN, ['s3:GetObject', 's3:DeleteBucket'], ['arn:aws:s3:::dev-builds/app.zip']);
      assert.equal(read!.EvalDecision, 'allowed');
      assert.deepEqual(
        read!.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]),
        [['DeveloperTools', 'group']],
      );
      assert.equal(read!.MatchedStatements![0]!.StartPosition!.Line, 1);
      assert.equal(prod!.EvalDecision, 'allowed', 'DevelopmentBuckets allows s3:* on dev-*');
    });

    it("bob's policies (Testers) allow reading development buckets but not writing", async () => {
      const results = await principal(admin, BOB_ARN, ['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::dev-builds/app.zip']);
      assert.deepEqual(
        results.map((r) => r.EvalDecision),
        ['allowed', 'implicitDeny'],
      );
      assert.deepEqual(results[0]!.MatchedStatements!.map((s) => s.SourcePolicyId), ['TesterTools']);
    });

    it("the role UpdateAPP: its customer managed policy (user-managed) allows the productionapp bucket only", async () => {
      const results = await principal(admin, UPDATE_APP, ['s3:GetObject', 's3:DeleteBucket'], ['arn:aws:s3:::productionapp/index.html']);
      assert.equal(results[0]!.EvalDecision, 'allowed');
      assert.deepEqual(results[0]!.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['ProductionAppReadWrite', 'user-managed']]);
      assert.equal(results[1]!.EvalDecision, 'implicitDeny');
    });

    it('a group ARN simulates the group policies; PolicyInputList is appended', async () => {
      const results = await alice
        .send(
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: DEVELOPERS_ARN,
            PolicyInputList: [policy({ Sid: 'Extra', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' })],
            ActionNames: ['iam:SimulateCustomPolicy', 'sqs:SendMessage', 'sqs:DeleteQueue'],
          }),
        )
        .then((r) => r.EvaluationResults!);
      assert.deepEqual(
        results.map((r) => [r.EvalDecision, r.MatchedStatements!.map((s) => s.SourcePolicyId).join()]),
        [
          ['allowed', 'DeveloperTools'],
          ['allowed', 'PolicyInputList.1'],
          ['implicitDeny', ''],
        ],
      );
    });

    describe('trust policies (beyond AWS: sts:AssumeRole* on a role evaluates its trust policy)', () => {
      it('alice may assume UpdateAPP: her identity policy and the trust policy both allow', async () => {
        const result = only(await principal(alice, ALICE_ARN, ['sts:AssumeRole'], [UPDATE_APP]));
        assert.equal(result.EvalDecision, 'allowed');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Trust Policy': 'allowed' });
        assert.deepEqual(
          result.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]),
          [
            ['SwitchToProduction', 'group'],
            ['TrustPolicy', 'resource'],
          ],
        );
        assert.deepEqual(result.ResourceSpecificResults![0]!.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Trust Policy': 'allowed' });
      });

      it('bob may not: the trust policy delegates to his account, whose policies do not allow it', async () => {
        const result = only(await principal(alice, BOB_ARN, ['sts:AssumeRole'], [UPDATE_APP]));
        assert.equal(result.EvalDecision, 'implicitDeny');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'implicitDeny', 'Trust Policy': 'allowed' });
      });

      it('sts:TagSession and sts:SetSourceIdentity are trust actions too', async () => {
        const results = await principal(alice, ALICE_ARN, ['sts:TagSession', 'sts:SetSourceIdentity'], [UPDATE_APP, PRODUCTION_READ_ONLY]);
        assert.deepEqual(
          results.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision, r.EvalDecisionDetails?.['Trust Policy']]),
          [
            ['sts:TagSession', UPDATE_APP, 'allowed', 'allowed'],
            ['sts:TagSession', PRODUCTION_READ_ONLY, 'implicitDeny', 'implicitDeny'],
            ['sts:SetSourceIdentity', UPDATE_APP, 'allowed', 'allowed'],
            ['sts:SetSourceIdentity', PRODUCTION_READ_ONLY, 'implicitDeny', 'implicitDeny'],
          ],
        );
      });

      it('ThirdPartyAuditor needs the external id: missing → implicitDeny naming sts:ExternalId, right → allowed', async () => {
        const without = only(await principal(admin, AUDITOR_ARN, ['sts:AssumeRole'], [THIRD_PARTY_AUDITOR]));
        assert.equal(without.EvalDecision, 'implicitDeny');
        assert.deepEqual(without.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Trust Policy': 'implicitDeny' });
        assert.deepEqual(without.ResourceSpecificResults![0]!.MissingContextValues, ['sts:ExternalId']);

        const wrong = only(
          await principal(admin, AUDITOR_ARN, ['sts:AssumeRole'], [THIRD_PARTY_AUDITOR], [
            { ContextKeyName: 'sts:ExternalId', ContextKeyValues: ['guess'], ContextKeyType: 'string' },
          ]),
        );
        assert.equal(wrong.EvalDecision, 'implicitDeny');
        assert.deepEqual(wrong.ResourceSpecificResults![0]!.MissingContextValues, []);

        const right = only(
          await principal(admin, AUDITOR_ARN, ['sts:AssumeRole'], [THIRD_PARTY_AUDITOR], [
            { ContextKeyName: 'sts:ExternalId', ContextKeyValues: [EXTERNAL_ID], ContextKeyType: 'string' },
          ]),
        );
        assert.equal(right.EvalDecision, 'allowed');
        assert.deepEqual(right.MatchedStatements!.map((s) => s.SourcePolicyId), ['AuditProduction', 'TrustPolicy']);
      });

      it('CriticalOps needs MFA (a boolean context entry)', async () => {
        const without = only(await principal(alice, ALICE_ARN, ['sts:AssumeRole'], [CRITICAL_OPS]));
        assert.equal(without.EvalDecision, 'implicitDeny');
        assert.deepEqual(without.ResourceSpecificResults![0]!.MissingContextValues, ['aws:MultiFactorAuthPresent']);
        const withMfa = only(
          await principal(alice, ALICE_ARN, ['sts:AssumeRole'], [CRITICAL_OPS], [
            { ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
          ]),
        );
        assert.equal(withMfa.EvalDecision, 'allowed');
      });

      it('a role as PolicySourceArn is simulated as a session of that role (role chaining into ProductionReadOnly)', async () => {
        const result = only(await principal(admin, UPDATE_APP, ['sts:AssumeRole'], [PRODUCTION_READ_ONLY]));
        assert.equal(result.EvalDecision, 'allowed', 'the trust policy names the UpdateAPP role itself');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'implicitDeny', 'Trust Policy': 'allowed' });
      });

      it('an explicit ResourcePolicy replaces the trust policy', async () => {
        const result = only(
          await alice
            .send(
              new SimulatePrincipalPolicyCommand({
                PolicySourceArn: ALICE_ARN,
                ActionNames: ['sts:AssumeRole'],
                ResourceArns: [UPDATE_APP],
                ResourcePolicy: policy({ Effect: 'Deny', Principal: { AWS: ALICE_ARN }, Action: 'sts:AssumeRole', Resource: '*' }),
              }),
            )
            .then((r) => r.EvaluationResults),
        );
        assert.equal(result.EvalDecision, 'explicitDeny');
        assert.deepEqual(result.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'explicitDeny' });
        assert.deepEqual(result.MatchedStatements!.map((s) => s.SourcePolicyId), ['ResourcePolicy']);
      });

      it('SimulateCustomPolicy with CallerArn evaluates the trust policy too; without a principal it does not', async () => {
        const identity = policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
        const withCaller = only(
          (await custom({ PolicyInputList: [identity], ActionNames: ['sts:AssumeRole'], ResourceArns: [THIRD_PARTY_AUDITOR], CallerArn: ALICE_ARN })).EvaluationResults,
        );
        assert.equal(withCaller.EvalDecision, 'implicitDeny', 'the auditor role trusts only account 333333333333');
        assert.equal(withCaller.EvalDecisionDetails?.['Trust Policy'], 'implicitDeny');
        const withoutCaller = only((await custom({ PolicyInputList: [identity], ActionNames: ['sts:AssumeRole'], ResourceArns: [THIRD_PARTY_AUDITOR] })).EvaluationResults);
        assert.equal(withoutCaller.EvalDecision, 'allowed');
        assert.deepEqual(withoutCaller.EvalDecisionDetails, { 'IAM Policy': 'allowed' });
      });
    });
  });

  describe('pagination', () => {
    const input = {
      PolicyInputList: [policy({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' })],
      ActionNames: ['s3:GetObject', 's3:PutObject', 's3:GetBucketPolicy'],
      ResourceArns: ['arn:aws:s3:::a/1', 'arn:aws:s3:::b/2'],
    };
    const expected = [
      ['s3:GetObject', 'arn:aws:s3:::a/1', 'allowed'],
      ['s3:GetObject', 'arn:aws:s3:::b/2', 'allowed'],
      ['s3:PutObject', 'arn:aws:s3:::a/1', 'implicitDeny'],
      ['s3:PutObject', 'arn:aws:s3:::b/2', 'implicitDeny'],
      ['s3:GetBucketPolicy', 'arn:aws:s3:::a/1', 'allowed'],
      ['s3:GetBucketPolicy', 'arn:aws:s3:::b/2', 'allowed'],
    ];
    const rows = (results: EvaluationResult[]) => results.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]);

    it('MaxItems truncates, Marker continues, IsTruncated ends', async () => {
      const first = await alice.send(new SimulateCustomPolicyCommand({ ...input, MaxItems: 4 }));
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      assert.deepEqual(rows(first.EvaluationResults!), expected.slice(0, 4));
      const second = await alice.send(new SimulateCustomPolicyCommand({ ...input, MaxItems: 4, Marker: first.Marker }));
      assert.equal(second.IsTruncated, false);
      assert.equal(second.Marker, undefined);
      assert.deepEqual(rows(second.EvaluationResults!), expected.slice(4));
    });

    it("the SDK's paginator walks every page", async () => {
      const all: EvaluationResult[] = [];
      let pages = 0;
      // The paginator writes Marker/MaxItems into the input it is given: hand it a copy.
      for await (const page of paginateSimulateCustomPolicy({ client: alice, pageSize: 1 }, { ...input })) {
        pages++;
        all.push(...page.EvaluationResults!);
      }
      assert.equal(pages, 6);
      assert.deepEqual(rows(all), expected);
    });

    it("a marker from another request is InvalidInput", async () => {
      const first = await alice.send(new SimulateCustomPolicyCommand({ ...input, MaxItems: 1 }));
      const error = await sdkError(
        alice.send(new SimulateCustomPolicyCommand({ ...input, ActionNames: ['s3:GetObject', 's3:ListBucket'], MaxItems: 1, Marker: first.Marker })),
      );
      assert.equal(error.name, 'InvalidInputException');
      assert.match(error.message, /Marker/);
      const forged = await sdkError(alice.send(new SimulateCustomPolicyCommand({ ...input, Marker: first.Marker!.replace(/^v1\.1\./, 'v1.5000.') })));
      assert.equal(forged.name, 'InvalidInputException');
    });
  });

  describe('errors', () => {
    it('bob may not simulate: AccessDenied (403) in IAM terms, for both actions', async () => {
      const bob = iamClient(server.url, BOB);
      const custom = await sdkError(bob.send(new SimulateCustomPolicyCommand({ PolicyInputList: [DOC_EXAMPLE_POLICY], ActionNames: ['s3:GetObject'] })));
      assert.equal(custom.name, 'AccessDenied');
      assert.equal(custom.$metadata.httpStatusCode, 403);
      assert.equal(custom.message, `User: ${BOB_ARN} is not authorized to perform: iam:SimulateCustomPolicy on resource: *`);
      const byPrincipal = await sdkError(bob.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: BOB_ARN, ActionNames: ['s3:GetObject'] })));
      assert.equal(byPrincipal.name, 'AccessDenied');
      assert.equal(byPrincipal.message, `User: ${BOB_ARN} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${BOB_ARN}`);
    });

    it('a malformed policy is MalformedPolicyDocument naming the input and the element', async () => {
      const error = await sdkError(
        custom({ PolicyInputList: [DOC_EXAMPLE_POLICY, '{"Version":"2012-10-17","Statement":[{"Effect":"Perhaps","Action":"s3:*","Resource":"*"}]}'], ActionNames: ['s3:GetObject'] }),
      );
      assert.equal(error.name, 'MalformedPolicyDocumentException');
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /^PolicyInputList\.2: Statement\[0\]/);
      const notJson = await sdkError(custom({ PolicyInputList: ['{"Version":'], ActionNames: ['s3:GetObject'] }));
      assert.equal(notJson.name, 'MalformedPolicyDocumentException');
      const principalInIdentity = await sdkError(
        custom({ PolicyInputList: [policy({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })], ActionNames: ['s3:GetObject'] }),
      );
      assert.equal(principalInIdentity.name, 'MalformedPolicyDocumentException');
      assert.match(principalInIdentity.message, /Principal/);
    });

    it('an unknown PolicySourceArn is NoSuchEntity (404); a non-entity ARN is InvalidInput', async () => {
      const error = await sdkError(alice.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::111111111111:user/mallory', ActionNames: ['s3:GetObject'] })));
      assert.equal(error.name, 'NoSuchEntityException');
      assert.equal(error.$metadata.httpStatusCode, 404);
      assert.equal(error.message, 'The user with name mallory cannot be found.');
      const role = await sdkError(alice.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::222222222222:role/Nope', ActionNames: ['s3:GetObject'] })));
      assert.equal(role.name, 'NoSuchEntityException');
      const bucket = await sdkError(alice.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:s3:::some-bucket-name', ActionNames: ['s3:GetObject'] })));
      assert.equal(bucket.name, 'InvalidInputException');
    });

    it('bob cannot probe whether an entity exists: AccessDenied comes before NoSuchEntity', async () => {
      const error = await sdkError(
        iamClient(server.url, BOB).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::111111111111:user/mallory', ActionNames: ['s3:GetObject'] })),
      );
      assert.equal(error.name, 'AccessDenied');
    });

    it('model constraints are InvalidInput: wildcard action, MaxItems out of range, two boundaries', async () => {
      for (const input of [
        { PolicyInputList: [DOC_EXAMPLE_POLICY], ActionNames: ['s3:*'] },
        { PolicyInputList: [DOC_EXAMPLE_POLICY], ActionNames: ['GetObject'] },
        { PolicyInputList: [DOC_EXAMPLE_POLICY], ActionNames: ['s3:GetObject'], MaxItems: 1001 },
        { PolicyInputList: [DOC_EXAMPLE_POLICY], ActionNames: ['s3:GetObject'], PermissionsBoundaryPolicyInputList: [DOC_EXAMPLE_POLICY, DOC_EXAMPLE_POLICY] },
        { PolicyInputList: [DOC_EXAMPLE_POLICY], ActionNames: ['s3:GetObject'], CallerArn: UPDATE_APP },
      ]) {
        const error = await sdkError(alice.send(new SimulateCustomPolicyCommand(input)));
        assert.equal(error.name, 'InvalidInputException', JSON.stringify(input));
        assert.equal(error.$metadata.httpStatusCode, 400);
      }
    });
  });
});
