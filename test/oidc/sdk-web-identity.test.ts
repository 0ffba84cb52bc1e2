/**
 * The AWS SDK's own web identity flow (sts.md §10.4): a child node process with only
 * AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ENDPOINT_URL_STS set (clean environment, no
 * keys), a default STSClient: the SDK calls AssumeRoleWithWebIdentity itself, then signs
 * GetCallerIdentity with the session credentials. Spawned asynchronously (the server runs in-process).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MOBILE_ROLE, startWebIdentityFixture, type WebIdentityFixture } from './helpers.js';

const CHILD = `
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
const client = new STSClient({});
const out = await client.send(new GetCallerIdentityCommand({}));
process.stdout.write(JSON.stringify({ Arn: out.Arn, Account: out.Account, UserId: out.UserId }));
`;

function runChild(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('AWS SDK web identity token file flow', () => {
  let fx: WebIdentityFixture;
  let dir: string;
  before(async () => {
    fx = await startWebIdentityFixture();
    dir = mkdtempSync(join(tmpdir(), 'rg-wi-'));
  });
  after(async () => fx.close());

  function cleanEnv(tokenFile: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: MOBILE_ROLE,
      AWS_ENDPOINT_URL_STS: fx.rg.url,
      ...extra,
    };
  }

  it('a corporate OIDC token file: GetCallerIdentity answers the assumed-role ARN', async () => {
    const tokenFile = join(dir, 'corp-token');
    writeFileSync(tokenFile, await fx.sims.mintIdToken('corp', { sub: 'build-agent-7' }));
    const result = await runChild(cleanEnv(tokenFile, { AWS_ROLE_SESSION_NAME: 'ci-job-42' }));
    assert.equal(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { Arn: string; Account: string; UserId: string };
    assert.equal(identity.Arn, 'arn:aws:sts::222222222222:assumed-role/MobileAppUser/ci-job-42');
    assert.equal(identity.Account, '222222222222');
    assert.match(identity.UserId, /^AROA[A-Z0-9]+:ci-job-42$/);
  });

  it('a Google token file with the SDK default session name', async () => {
    const tokenFile = join(dir, 'google-token');
    writeFileSync(tokenFile, await fx.sims.mintIdToken('google'));
    const result = await runChild(cleanEnv(tokenFile));
    assert.equal(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { Arn: string };
    assert.match(identity.Arn, /^arn:aws:sts::222222222222:assumed-role\/MobileAppUser\/aws-sdk-js-session-\d+$/);
  });

  it('the AWS CLI (botocore) with the same environment', async () => {
    const tokenFile = join(dir, 'cli-token');
    writeFileSync(tokenFile, await fx.sims.mintIdToken('corp', { sub: 'cli-user' }));
    const env = { ...cleanEnv(tokenFile), AWS_DEFAULT_REGION: 'us-east-1' };
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('aws', ['sts', 'get-caller-identity', '--output', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match((JSON.parse(result.stdout) as { Arn: string }).Arn, /^arn:aws:sts::222222222222:assumed-role\/MobileAppUser\/botocore-session-\d+$/);
  });

  it('an expired token file: the SDK surfaces ExpiredTokenException and gets no credentials', async () => {
    const tokenFile = join(dir, 'expired-token');
    writeFileSync(tokenFile, await fx.sims.mintIdToken('google', { fault: 'expired' }));
    const mark = fx.rg.store.writes.length;
    const result = await runChild(cleanEnv(tokenFile));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /ExpiredTokenException|Token expired/);
    assert.deepEqual(fx.rg.store.writtenSince(mark), []);
  });
});
