/**
 * Test helper: the AWS CLI and boto3 as real clients, run asynchronously (the rolegate under
 * test serves from the same process) in an environment holding only what a test sets.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export function findPythonWithBoto3(): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

export const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
export const python = findPythonWithBoto3();
export const inCi = process.env['CI'] === 'true';

const run = promisify(execFile);

export async function output(file: string, args: string[], options: { env: NodeJS.ProcessEnv }): Promise<string> {
  return (await run(file, args, { ...options, encoding: 'utf8', timeout: 60_000 })).stdout;
}

export async function failure(file: string, args: string[], options: { env: NodeJS.ProcessEnv }): Promise<{ code: number; stderr: string }> {
  try {
    await run(file, args, { ...options, encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
  throw new Error('expected the command to fail');
}

/** Only the endpoint and credentials are set: no config file, no profile, nothing else. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'rolegate-aws-home-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
  for (const key of ['PYENV_ROOT', 'PYENV_VERSION', 'LANG']) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}
