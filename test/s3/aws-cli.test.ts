/**
 * The AWS CLI works against the S3-compatible service with `--endpoint-url`, path-style
 * addressing and UpdateAPP credentials issued by rolegate. In CI a missing `aws` fails.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { AwsCredentialIdentity } from '@smithy/types';
import { assumeUpdateApp, startRolegateWithS3, type S3TestServer } from '../helpers/s3.js';

const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
const inCi = process.env['CI'] === 'true';
// Async: the rolegate under test runs in this process and must keep serving while the CLI runs.
const run = promisify(execFile);

/** A clean HOME whose config asks for path-style addressing; only the credentials come from the environment. */
function cliEnv(credentials: AwsCredentialIdentity): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'rolegate-aws-s3-'));
  writeFileSync(join(home, 'config'), '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
  };
  for (const key of ['PYENV_ROOT', 'PYENV_VERSION', 'LANG']) if (process.env[key]) env[key] = process.env[key];
  return env;
}

describe('AWS CLI against the S3 demo service', { skip: !hasAwsCli && !inCi ? 'aws CLI not installed' : false }, () => {
  let server: S3TestServer;
  let env: NodeJS.ProcessEnv;
  const aws = async (...args: string[]) => (await run('aws', [...args, '--endpoint-url', server.s3Url], { env, encoding: 'utf8', timeout: 60_000 })).stdout;

  before(async () => {
    assert.ok(hasAwsCli, 'the aws CLI must be installed in CI');
    server = await startRolegateWithS3();
    env = cliEnv(await assumeUpdateApp(server, 'cli'));
  });
  after(() => server?.close());

  it('aws s3 ls lists the production buckets, and the objects of productionapp', async () => {
    const buckets = await aws('s3', 'ls');
    assert.deepEqual(buckets.trim().split('\n').map((line) => line.split(/\s+/).pop()), ['production-reports', 'production-secrets', 'productionapp']);
    const objects = await aws('s3', 'ls', 's3://productionapp/', '--recursive');
    assert.match(objects, /\s77 index\.html$/m);
    assert.match(objects, /config\/app\.json$/m);
  });

  it('aws s3 cp uploads and downloads; aws s3api get-object reads with metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-cli-files-'));
    const local = join(dir, 'release notes.txt');
    writeFileSync(local, 'v1.5.0: faster checkout\n');
    await aws('s3', 'cp', local, 's3://productionapp/cli/release notes.txt');
    assert.equal(await aws('s3', 'cp', 's3://productionapp/cli/release notes.txt', '-'), 'v1.5.0: faster checkout\n');
    const listed = await aws('s3', 'ls', 's3://productionapp/cli/');
    assert.match(listed, /release notes\.txt$/m);

    const out = join(dir, 'index.html');
    const result = JSON.parse(await aws('s3api', 'get-object', '--bucket', 'productionapp', '--key', 'index.html', out, '--output', 'json'));
    assert.match(result.ETag, /^"[0-9a-f]{32}"$/);
    assert.equal(result.ContentType, 'text/html');
    assert.equal(result.ContentLength, 77);
    assert.match(readFileSync(out, 'utf8'), /Production app v1\.4\.2/);
  });

  it('a denied copy fails with a non-zero exit and AccessDenied / 403', async () => {
    try {
      await aws('s3', 'cp', 's3://production-secrets/database/credentials.txt', '-');
      assert.fail('expected the copy to fail');
    } catch (error) {
      const e = error as { code: number; stderr: string };
      assert.notEqual(e.code, 0);
      assert.match(e.stderr, /403|Forbidden|AccessDenied/);
    }
    try {
      await aws('s3api', 'put-object', '--bucket', 'production-reports', '--key', 'x.txt', '--body', '/etc/hostname');
      assert.fail('expected the put to fail');
    } catch (error) {
      assert.match((error as { stderr: string }).stderr, /AccessDenied/);
    }
  });
});
