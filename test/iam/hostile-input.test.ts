/**
 * Hostile and malformed IAM Query requests: each gets IAM's error envelope with the right code and
 * status, and nothing is stored. Requests are built and signed by hand (the SDK would refuse some).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ERROR_CODES } from '../../src/errors.js';
import { IAM_ERROR_TABLE } from '../../src/iam/index.js';
import { ALICE, BOB } from '../helpers/demo.js';
import { send, signedStsRequest, xmlValue } from '../helpers/raw-sts.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';

const POLICY = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';

function form(params: Record<string, string>): string {
  return new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
}

const simulate = (extra: Record<string, string> = {}) =>
  form({ Action: 'SimulateCustomPolicy', 'PolicyInputList.member.1': POLICY, 'ActionNames.member.1': 's3:GetObject', ...extra });

/** The IAM error envelope, exactly. */
function assertIamError(body: string, code: string): string {
  assert.match(
    body,
    new RegExp(
      `^<ErrorResponse xmlns="https://iam\\.amazonaws\\.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>[^<]*</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`,
    ),
    body,
  );
  return xmlValue(body, 'Message') ?? '';
}

describe('IAM Query API: hostile input', () => {
  let server: TestServer;
  let mark: number;
  before(async () => {
    server = await startRolegate();
    mark = server.store.writes.length;
  });
  after(async () => {
    assert.deepEqual(server.store.writtenSince(mark), [], 'no rejected (or accepted) simulator request stored anything');
    await server.close();
  });

  const signed = async (body: string, credentials = ALICE, service = 'iam') => send(await signedStsRequest(server.url, credentials, body, { service }));

  it('a well-formed signed request succeeds (the baseline the other cases vary)', async () => {
    const response = await signed(simulate());
    assert.equal(response.status, 200);
    assert.match(response.body, /^<SimulateCustomPolicyResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><SimulateCustomPolicyResult>/);
    assert.equal(xmlValue(response.body, 'EvalDecision'), 'allowed');
    assert.equal(xmlValue(response.body, 'IsTruncated'), 'false');
    assert.ok(response.headers.get('x-amzn-requestid'));
  });

  it('unsigned → MissingAuthenticationToken (403)', async () => {
    const response = await send({ method: 'POST', url: `${server.url}/`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: simulate() });
    assert.equal(response.status, 403);
    assertIamError(response.body, 'MissingAuthenticationToken');
  });

  it('wrong secret → SignatureDoesNotMatch (403); signed for sts → SignatureDoesNotMatch naming iam', async () => {
    const wrong = await signed(simulate(), { ...ALICE, secretAccessKey: BOB.secretAccessKey });
    assert.equal(wrong.status, 403);
    assertIamError(wrong.body, 'SignatureDoesNotMatch');
    const sts = await signed(simulate(), ALICE, 'sts');
    assert.equal(sts.status, 403);
    assert.match(assertIamError(sts.body, 'SignatureDoesNotMatch'), /'iam'/);
  });

  it('a body changed after signing → SignatureDoesNotMatch', async () => {
    const request = await signedStsRequest(server.url, BOB, simulate(), { service: 'iam' });
    const response = await send({ ...request, body: simulate({ 'ActionNames.member.2': 's3:PutObject' }) });
    assert.equal(response.status, 403);
    assertIamError(response.body, 'SignatureDoesNotMatch');
  });

  it('bob → AccessDenied in IAM envelope, without an encoded authorization message', async () => {
    const response = await signed(simulate(), BOB);
    assert.equal(response.status, 403);
    const message = assertIamError(response.body, 'AccessDenied');
    assert.equal(message, 'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: iam:SimulateCustomPolicy on resource: *');
  });

  it('an IAM action rolegate does not serve → InvalidAction (400)', async () => {
    const response = await signed(form({ Action: 'CreateUser', UserName: 'eve' }));
    assert.equal(response.status, 400);
    assertIamError(response.body, 'InvalidAction');
  });

  it('an oversized policy (over the 131 072-character model limit) → InvalidInput', async () => {
    const huge = `{"Version":"2012-10-17","Statement":{"Sid":"${'x'.repeat(131_100)}","Effect":"Allow","Action":"s3:*","Resource":"*"}}`;
    const response = await signed(simulate({ 'PolicyInputList.member.1': huge }));
    assert.equal(response.status, 400);
    assert.match(assertIamError(response.body, 'InvalidInput'), /policyInputList\.1\.member.*length less than or equal to 131072/);
  });

  it('too many actions, resources or policies → InvalidInput', async () => {
    const actions: Record<string, string> = {};
    for (let i = 1; i <= 1001; i++) actions[`ActionNames.member.${i}`] = `s3:Action${i}`;
    const tooManyActions = await signed(simulate(actions));
    assert.equal(tooManyActions.status, 400);
    assert.match(assertIamError(tooManyActions.body, 'InvalidInput'), /actionNames.*less than or equal to 1000/);

    const resources: Record<string, string> = {};
    for (let i = 1; i <= 1001; i++) resources[`ResourceArns.member.${i}`] = `arn:aws:s3:::b/${i}`;
    const tooManyResources = await signed(simulate(resources));
    assert.equal(tooManyResources.status, 400);
    assertIamError(tooManyResources.body, 'InvalidInput');

    const policies: Record<string, string> = {};
    for (let i = 1; i <= 51; i++) policies[`PolicyInputList.member.${i}`] = POLICY;
    const tooManyPolicies = await signed(simulate(policies));
    assert.equal(tooManyPolicies.status, 400);
    assertIamError(tooManyPolicies.body, 'InvalidInput');
  });

  it('garbage context entries → InvalidInput naming the problem', async () => {
    const entry = (n: number, name: string, type: string | undefined, values: string[]) => {
      const out: Record<string, string> = { [`ContextEntries.member.${n}.ContextKeyName`]: name };
      if (type !== undefined) out[`ContextEntries.member.${n}.ContextKeyType`] = type;
      values.forEach((v, i) => (out[`ContextEntries.member.${n}.ContextKeyValues.member.${i + 1}`] = v));
      return out;
    };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [entry(1, 'aws:SourceIp', 'uuid', ['1']), /enum value set: \[string, stringList, numeric/],
      [entry(1, 'aws:SourceIp', undefined, ['203.0.113.1']), /contextKeyType' failed to satisfy constraint: Member must not be null/],
      [entry(1, 'aws:SourceIp', 'ip', ['999.1.1.1']), /not a valid ip/],
      [entry(1, 'aws:SourceIp', 'ipList', ['10.0.0.0/8', '10.0.0.0/33']), /not a valid ip/],
      [entry(1, 's3:max-keys', 'numeric', ['ten']), /not a valid numeric/],
      [entry(1, 'aws:SecureTransport', 'boolean', ['yes']), /not a valid boolean/],
      [entry(1, 'aws:CurrentTime', 'date', ['yesterday']), /not a valid date/],
      [entry(1, 'aws:PrincipalTag/x', 'binary', ['***']), /not a valid binary/],
      [entry(1, 'aws:PrincipalTag/x', 'string', ['a', 'b']), /exactly one value/],
      [entry(1, 'nocolon', 'string', ['a']), /prefix:name|length greater than or equal to 5/],
      [{ ...entry(1, 'aws:SourceIp', 'ip', ['10.0.0.1']), ...entry(2, 'AWS:sourceip', 'ip', ['10.0.0.2']) }, /more than once/],
      [{ ...entry(1, 'aws:SourceIp', 'ip', ['10.0.0.1']), ...entry(3, 'aws:UserAgent', 'string', ['x']) }, /without gaps/],
      [{ 'ContextEntries.member.1.Bogus': 'x' }, /Invalid parameter/],
    ];
    for (const [extra, pattern] of cases) {
      const response = await signed(simulate(extra));
      assert.equal(response.status, 400, JSON.stringify(extra));
      assert.match(assertIamError(response.body, 'InvalidInput'), pattern);
    }
  });

  it('other invalid members → InvalidInput; a malformed ResourcePolicy → MalformedPolicyDocument', async () => {
    const invalid: Array<Record<string, string>> = [
      { MaxItems: '0' },
      { MaxItems: 'many' },
      { Marker: 'v1.1.000000000000000000000000' },
      { ResourceOwner: 'arn:aws:iam::12345:root' },
      { 'ResourceArns.member.1': 'not-an-arn' },
      { ResourceHandlingOption: 'EC2-Classic' },
      { ResourceHandlingOption: 'EC2-VPC-EBS', 'ResourceArns.member.1': 'arn:aws:ec2:us-east-1:111111111111:instance/i-1' },
      { 'PolicyInputList.member.1': 'caf\u00e9 \u2603' },
    ];
    for (const extra of invalid) {
      const response = await signed(simulate(extra));
      assert.equal(response.status, 400, JSON.stringify(extra));
      assertIamError(response.body, 'InvalidInput');
    }
    const malformed = await signed(simulate({ ResourcePolicy: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', CallerArn: 'arn:aws:iam::111111111111:user/alice' }));
    assert.equal(malformed.status, 400);
    assert.match(assertIamError(malformed.body, 'MalformedPolicyDocument'), /^ResourcePolicy: /);
  });

  it('with Accept: application/json the error comes as JSON', async () => {
    const request = await signedStsRequest(server.url, BOB, simulate(), { service: 'iam' });
    const response = await send({ ...request, headers: { ...request.headers, accept: 'application/json' } });
    assert.equal(response.status, 403);
    const body = JSON.parse(response.body);
    assert.equal(body.Error.Code, 'AccessDenied');
    assert.equal(body.Error.Type, 'Sender');
  });

  it("the IAM error table covers every catalog code with one of IAM's wire codes", () => {
    const known = new Set([
      'MissingAuthenticationToken', 'IncompleteSignature', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken',
      'InvalidInput', 'InvalidAction', 'MissingParameter', 'RequestEntityTooLarge', 'MalformedPolicyDocument', 'LimitExceeded',
      'AccessDenied', 'NoSuchEntity', 'ServiceUnavailable', 'Throttling', 'ServiceFailure',
    ]);
    for (const code of ERROR_CODES) {
      const wire = IAM_ERROR_TABLE[code];
      assert.ok(wire, `no IAM wire error for ${code}`);
      assert.ok(known.has(wire.code), `${code} → ${wire.code}`);
      assert.equal(wire.type, wire.status >= 500 ? 'Receiver' : 'Sender', code);
    }
    assert.deepEqual(IAM_ERROR_TABLE.VALIDATION, { code: 'InvalidInput', status: 400, type: 'Sender' });
    assert.deepEqual(IAM_ERROR_TABLE.NOT_FOUND, { code: 'NoSuchEntity', status: 404, type: 'Sender' });
    assert.deepEqual(IAM_ERROR_TABLE.MALFORMED_POLICY, { code: 'MalformedPolicyDocument', status: 400, type: 'Sender' });
  });
});
