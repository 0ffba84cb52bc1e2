/**
 * The `credential_process` helper: prints the documented JSON for a role session from rolegate's
 * STS AssumeRole, fails with a message on stderr and a non-zero exit, and works as the
 * `credential_process` of an AWS CLI profile. All child processes are async (rolegate runs here).
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ALICE, BOB, stsClient, UPDATE_APP } from '../helpers/demo.js';
import { startRolegate, type TestServer } from '../helpers/rolegate-server.js';
import { cleanEnv } from './helpers.js';

const run = promisify(execFile);
const WRAPPER = resolve('bin/rolegate-credential-process');
const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
const inCi = process.env['CI'] === 'true';

/** Arguments for `node` running the helper (async execFile with a clean environment). */
function helper(args: string[]): string[] {
  return [process.execPath, '--import', 'tsx', 'src/cli/credential-process.ts', ...args];
}

describe('credential_process helper', () => {
  let server: TestServer;
  before(async () => {
    server = await startRolegate();
  });
  after(() => server?.close());

  it('prints Version 1 JSON with working credentials of the role session (source keys from its environment)', async () => {
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey });
    const { stdout } = await run(process.execPath, helper(['--endpoint', server.url, '--role-arn', UPDATE_APP, '--role-session-name', 'proc']).slice(1), {
      env,
      timeout: 60_000,
    });
    const output = JSON.parse(stdout);
    assert.deepEqual(Object.keys(output), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'AccountId']);
    assert.equal(output.Version, 1);
    assert.equal(output.AccountId, '222222222222');
    assert.match(output.AccessKeyId, /^ASIA/);
    assert.ok(Math.abs(Date.parse(output.Expiration) - (Date.now() + 3600_000)) < 60_000, 'Expiration is ISO-8601, one hour ahead');
    const identity = await stsClient(server.url, { accessKeyId: output.AccessKeyId, secretAccessKey: output.SecretAccessKey, sessionToken: output.SessionToken }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/proc');
  });

  it('the bin/ wrapper works from any directory, with source credentials from a named profile', async () => {
    const env = cleanEnv({ AWS_ENDPOINT_URL_STS: server.url });
    writeFileSync(env['AWS_SHARED_CREDENTIALS_FILE']!, `[dev]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
    const { stdout } = await run(WRAPPER, ['--profile', 'dev', '--role-arn', UPDATE_APP, '--role-session-name', 'wrapped', '--duration-seconds', '900'], {
      env,
      cwd: env['HOME']!,
      timeout: 60_000,
    });
    const output = JSON.parse(stdout);
    assert.equal(output.Version, 1);
    assert.ok(Math.abs(Date.parse(output.Expiration) - (Date.now() + 900_000)) < 60_000);
  });

  it('errors: a message on stderr, nothing on stdout, a non-zero exit', async () => {
    const cases: Array<{ args: string[]; env: Record<string, string>; code: number; message: RegExp }> = [
      { args: ['--endpoint', server.url, '--role-arn', UPDATE_APP], env: { AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) }, code: 1, message: /SignatureDoesNotMatch/ },
      { args: ['--endpoint', server.url, '--role-arn', UPDATE_APP], env: { AWS_ACCESS_KEY_ID: BOB.accessKeyId, AWS_SECRET_ACCESS_KEY: BOB.secretAccessKey }, code: 1, message: /AccessDenied.*not authorized to perform: sts:AssumeRole/ },
      { args: ['--endpoint', server.url], env: { AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey }, code: 2, message: /--role-arn is required/ },
      { args: ['--role-arn', UPDATE_APP], env: { AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey }, code: 2, message: /--endpoint .* is required/ },
      { args: ['--endpoint', server.url, '--role-arn', UPDATE_APP], env: {}, code: 2, message: /no source credentials/ },
      { args: ['--endpoint', server.url, '--role-arn', UPDATE_APP, '--bogus'], env: {}, code: 2, message: /Unknown option '--bogus'/ },
    ];
    for (const c of cases) {
      const env = cleanEnv(c.env) as Record<string, string>;
      const outcome = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, helper(c.args).slice(1), { env, timeout: 60_000 }, (error, stdout, stderr) => {
          done({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
        });
      });
      assert.equal(outcome.code, c.code, `${c.args.join(' ')}: ${outcome.stderr}`);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, c.message);
      assert.doesNotMatch(outcome.stderr, /wJalrXUtnFEMI/, 'the source secret never appears');
    }
  });
});

describe('AWS CLI profile with credential_process', { skip: !hasAwsCli && !inCi ? 'aws CLI not installed' : false }, () => {
  let server: TestServer;
  before(async () => {
    assert.ok(hasAwsCli, 'the aws CLI must be installed in CI');
    server = await startRolegate();
  });
  after(() => server?.close());

  it('aws sts get-caller-identity --profile vended answers the role session', async () => {
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: ALICE.accessKeyId, AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey });
    writeFileSync(
      env['AWS_CONFIG_FILE']!,
      `[profile vended]\ncredential_process = ${WRAPPER} --endpoint ${server.url} --role-arn ${UPDATE_APP} --role-session-name cli-proc\nregion = us-east-1\nendpoint_url = ${server.url}\n`,
    );
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--profile', 'vended', '--output', 'json'], { env, timeout: 60_000 });
    assert.equal(JSON.parse(stdout).Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/cli-proc');
  });

  it('a source profile instead of environment keys works too', async () => {
    const env = cleanEnv({});
    writeFileSync(env['AWS_SHARED_CREDENTIALS_FILE']!, `[dev]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`);
    writeFileSync(
      env['AWS_CONFIG_FILE']!,
      `[profile vended]\ncredential_process = ${WRAPPER} --endpoint ${server.url} --profile dev --role-arn ${UPDATE_APP} --role-session-name cli-src\nregion = us-east-1\nendpoint_url = ${server.url}\n`,
    );
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--profile', 'vended', '--output', 'json'], { env, cwd: join(env['HOME']!), timeout: 60_000 });
    assert.equal(JSON.parse(stdout).Arn, 'arn:aws:sts::222222222222:assumed-role/UpdateAPP/cli-src');
  });
});
