/**
 * The AWS CLI and boto3 drive rolegate's IAM policy simulator with only the endpoint changed
 * (`--endpoint-url`, `endpoint_url=`). In CI a missing CLI or boto3 fails these tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanEnv, failure, hasAwsCli, inCi, output, python } from '../helpers/aws-clients.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, BOB, EXTERNAL_ID, THIRD_PARTY_AUDITOR, UPDATE_APP } from '../helpers/demo.js';


const DOC_EXAMPLE_POLICY =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
const AUDITOR_ARN = 'arn:aws:iam::333333333333:user/auditor';

// The CLI starts slowly (Python); its independent invocations run concurrently.
describe('AWS CLI: aws iam simulate-*', { skip: !hasAwsCli && !inCi ? 'aws CLI not installed' : false, concurrency: true }, () => {
  let server: TestServer;
  before(async () => {
    assert.ok(hasAwsCli, 'the aws CLI must be installed in CI');
    server = await startRolegate();
  });
  after(() => server?.close());
  const asAlice = () => cleanEnv({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey });

  it('simulate-custom-policy reproduces the AWS documentation example (allowed, then implicitDeny)', async () => {
    const simulate = async (time: string) =>
      JSON.parse(
        await output(
          'aws',
          [
            'iam', 'simulate-custom-policy', '--endpoint-url', server.url, '--output', 'json',
            '--policy-input-list', DOC_EXAMPLE_POLICY,
            '--action-names', 'dynamodb:CreateBackup',
            '--context-entries', `ContextKeyName='aws:CurrentTime',ContextKeyValues='${time}',ContextKeyType=date`,
          ],
          { env: asAlice() },
        ),
      );
    const [allowed, denied] = await Promise.all([simulate('2019-04-25T11:00:00Z'), simulate('2014-04-25T11:00:00Z')]);
    assert.deepEqual(allowed.EvaluationResults, [
      {
        EvalActionName: 'dynamodb:CreateBackup',
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }],
        MissingContextValues: [],
      },
    ]);
    assert.equal(denied.EvaluationResults[0].EvalDecision, 'implicitDeny');
    assert.deepEqual(denied.EvaluationResults[0].MatchedStatements, []);
  });

  it('simulate-principal-policy: the trust policy decides sts:AssumeRole, and the CLI follows Marker pages', async () => {
    const result = JSON.parse(
      await output(
        'aws',
        [
          'iam', 'simulate-principal-policy', '--endpoint-url', server.url, '--output', 'json',
          '--policy-source-arn', 'arn:aws:iam::111111111111:user/alice',
          '--action-names', 'sts:AssumeRole', 's3:GetObject', 's3:PutObject',
          '--resource-arns', UPDATE_APP,
          '--page-size', '1',
        ],
        { env: asAlice() },
      ),
    );
    assert.deepEqual(
      result.EvaluationResults.map((r: { EvalActionName: string; EvalDecision: string }) => [r.EvalActionName, r.EvalDecision]),
      [
        ['sts:AssumeRole', 'allowed'],
        ['s3:GetObject', 'implicitDeny'],
        ['s3:PutObject', 'implicitDeny'],
      ],
    );
    assert.deepEqual(result.EvaluationResults[0].EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Trust Policy': 'allowed' });
    assert.deepEqual(
      result.EvaluationResults[0].MatchedStatements.map((s: { SourcePolicyId: string }) => s.SourcePolicyId),
      ['SwitchToProduction', 'TrustPolicy'],
    );
  });

  it('bob is refused with AccessDenied and a non-zero exit', async () => {
    const result = await failure(
      'aws',
      ['iam', 'simulate-principal-policy', '--endpoint-url', server.url, '--policy-source-arn', 'arn:aws:iam::111111111111:user/bob', '--action-names', 's3:GetObject'],
      { env: cleanEnv({ AWS_ACCESS_KEY_ID: BOB.accessKeyId, AWS_SECRET_ACCESS_KEY: BOB.secretAccessKey }) },
    );
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /AccessDenied/);
    assert.match(result.stderr, /iam:SimulatePrincipalPolicy/);
  });
});

describe('boto3: simulate_principal_policy', { skip: !python && !inCi ? 'boto3 not installed' : false }, () => {
  let server: TestServer;
  before(async () => {
    assert.ok(python, 'boto3 must be installed in CI');
    server = await startRolegate();
  });
  after(() => server?.close());

  it('the third-party role: the external id decides; unknown entities raise NoSuchEntityException', async () => {
    const script = `
import boto3, json
iam = boto3.client("iam", endpoint_url=${JSON.stringify(server.url)}, region_name="us-east-1")
def simulate(entries):
    r = iam.simulate_principal_policy(PolicySourceArn=${JSON.stringify(AUDITOR_ARN)}, ActionNames=["sts:AssumeRole"],
                                      ResourceArns=[${JSON.stringify(THIRD_PARTY_AUDITOR)}], ContextEntries=entries)
    e = r["EvaluationResults"][0]
    return {"decision": e["EvalDecision"], "details": e.get("EvalDecisionDetails"),
            "missing": e["ResourceSpecificResults"][0]["MissingContextValues"],
            "matched": [s["SourcePolicyId"] for s in e["MatchedStatements"]], "truncated": r["IsTruncated"]}
without = simulate([])
right = simulate([{"ContextKeyName": "sts:ExternalId", "ContextKeyValues": [${JSON.stringify(EXTERNAL_ID)}], "ContextKeyType": "string"}])
try:
    iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::222222222222:role/NoSuchRole", ActionNames=["s3:GetObject"])
    missing = None
except iam.exceptions.NoSuchEntityException as e:
    missing = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps({"without": without, "right": right, "missing": missing}))
`;
    const printed = await output(python!, ['-c', script], {
      env: cleanEnv({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey }),
    });
    const parsed = JSON.parse(printed.trim().split('\n').pop()!);
    assert.deepEqual(parsed.without, {
      decision: 'implicitDeny',
      details: { 'IAM Policy': 'allowed', 'Trust Policy': 'implicitDeny' },
      missing: ['sts:ExternalId'],
      matched: [],
      truncated: false,
    });
    assert.deepEqual(parsed.right, {
      decision: 'allowed',
      details: { 'IAM Policy': 'allowed', 'Trust Policy': 'allowed' },
      missing: [],
      matched: ['AuditProduction', 'TrustPolicy'],
      truncated: false,
    });
    assert.deepEqual(parsed.missing, ['NoSuchEntity', 404]);
  });
});
