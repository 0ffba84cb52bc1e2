/**
 * The AWS CLI and boto3 work against rolegate with only the endpoint changed
 * (`--endpoint-url`, `AWS_ENDPOINT_URL_STS`).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanEnv, failure, hasAwsCli, inCi, output, python } from '../helpers/aws-clients.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { ALICE, BOB, UPDATE_APP } from '../helpers/demo.js';


describe('AWS CLI', { skip: !hasAwsCli && !inCi ? 'aws CLI not installed' : false }, () => {
  let server: TestServer;
  before(async () => {
    assert.ok(hasAwsCli, 'the aws CLI must be installed in CI');
    server = await startRolegate();
  });
  after(() => server?.close());

  it('assume-role with --endpoint-url, then get-caller-identity with AWS_ENDPOINT_URL_STS and the new credentials', async () => {
    const assumed = JSON.parse(
      await output('aws', ['sts', 'assume-role', '--endpoint-url', server.url, '--role-arn', UPDATE_APP, '--role-session-name', 'cli', '--output', 'json'], {
        env: cleanEnv({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey }),
      }),
    );
    assert.equal(assumed.AssumedRoleUser.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/cli');
    const identity = JSON.parse(
      await output('aws', ['sts', 'get-caller-identity', '--output', 'json'], {
        env: cleanEnv({
          AWS_ENDPOINT_URL_STS: server.url,
          AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
          AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
          AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
        }),
      }),
    );
    assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/cli');
  });

  it('an assume-role profile (role_arn + source_profile) works against rolegate', async () => {
    const home = mkdtempSync(join(tmpdir(), 'rolegate-aws-profile-'));
    writeFileSync(join(home, 'credentials'), `[dev]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
    writeFileSync(join(home, 'config'), `[profile prod]\nrole_arn = ${UPDATE_APP}\nsource_profile = dev\nregion = us-east-1\nendpoint_url = ${server.url}\n`);
    const identity = JSON.parse(
      await output('aws', ['sts', 'get-caller-identity', '--profile', 'prod', '--output', 'json'], {
        env: { PATH: process.env['PATH'], HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), ...(process.env['PYENV_ROOT'] ? { PYENV_ROOT: process.env['PYENV_ROOT'] } : {}) },
      }),
    );
    assert.match(identity.Arn, /^arn:aws:sts::222222222222:assumed-role\/UpdateAPP\/botocore-session-\d+$/);
  });

  it("bob's assume-role fails with AccessDenied and a non-zero exit", async () => {
    const result = await failure('aws', ['sts', 'assume-role', '--endpoint-url', server.url, '--role-arn', UPDATE_APP, '--role-session-name', 'bob'], {
      env: cleanEnv({ AWS_ACCESS_KEY_ID: BOB.accessKeyId, AWS_SECRET_ACCESS_KEY: BOB.secretAccessKey }),
    });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /AccessDenied/);
  });
});

describe('boto3', { skip: !python && !inCi ? 'boto3 not installed' : false }, () => {
  let server: TestServer;
  before(async () => {
    assert.ok(python, 'boto3 must be installed in CI');
    server = await startRolegate();
  });
  after(() => server?.close());

  it('assume_role and get_caller_identity with AWS_ENDPOINT_URL_STS', async () => {
    const script = `
import boto3, json
sts = boto3.client("sts")
r = sts.assume_role(RoleArn=${JSON.stringify(UPDATE_APP)}, RoleSessionName="boto3", DurationSeconds=900)
c = r["Credentials"]
s = boto3.client("sts", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
me = s.get_caller_identity()
try:
    boto3.client("sts").assume_role(RoleArn=${JSON.stringify(UPDATE_APP)}, RoleSessionName="bad name")
    err = None
except Exception as e:
    err = e.response["Error"]["Code"]
print(json.dumps({"arn": me["Arn"], "expiration": c["Expiration"].isoformat(), "err": err}))
`;
    const printed = await output(python!, ['-c', script], {
      env: cleanEnv({ AWS_ENDPOINT_URL_STS: server.url, AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey }),
    });
    const parsed = JSON.parse(printed.trim().split('\n').pop()!);
    assert.equal(parsed.arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/boto3');
    assert.match(parsed.expiration, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    assert.equal(parsed.err, 'ValidationError');
  });
});
