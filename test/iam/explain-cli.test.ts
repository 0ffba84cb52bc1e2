/**
 * `npm run explain` (src/cli/explain.ts): explains a decision offline from the configuration files.
 * Exit status 0 allowed, 2 denied, 1 usage or configuration error. The exit statuses are checked on
 * real child processes (spawned asynchronously, in parallel); the many variations run the same
 * `runExplain` in-process, since each child costs a second of TypeScript start-up.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { runExplain } from '../../src/cli/explain.js';
import { EXTERNAL_ID, THIRD_PARTY_AUDITOR, UPDATE_APP } from '../helpers/demo.js';

const run = promisify(execFile);

/** The CLI as a child process: `node --import tsx src/cli/explain.ts …`. */
async function explainProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/explain.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: unknown; stdout: string; stderr: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The same command in-process (stdout/stderr captured, lines joined as the CLI writes them). */
async function explain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = runExplain(args, Date.now(), (text) => (stdout += `${text}\n`), (text) => (stderr += `${text}\n`));
  return { code, stdout, stderr };
}

const BOB_ARN = 'arn:aws:iam::111111111111:user/bob';
const ALICE_ARN = 'arn:aws:iam::111111111111:user/alice';
const AUDITOR_ARN = 'arn:aws:iam::333333333333:user/auditor';

describe('explain CLI', () => {
  it('as a child process: exit 2 when denied, 0 when allowed, 1 on usage and configuration errors', async () => {
    const [denied, allowed, usage, config] = await Promise.all([
      explainProcess(['--principal', BOB_ARN, '--action', 'sts:AssumeRole', '--resource', UPDATE_APP]),
      explainProcess(['--principal', ALICE_ARN, '--action', 'sts:AssumeRole', '--resource', UPDATE_APP]),
      explainProcess(['--principal', BOB_ARN]),
      explainProcess(['--config', join(tmpdir(), 'rolegate-no-such-config-dir'), '--principal', BOB_ARN, '--action', 'sts:AssumeRole']),
    ]);
    assert.equal(denied.code, 2);
    assert.match(denied.stdout, /^Decision: ImplicitDeny$/m);
    assert.equal(allowed.code, 0);
    assert.match(allowed.stdout, /^Decision: Allow$/m);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /--action is required/);
    assert.equal(config.code, 1);
    assert.match(config.stderr, /^Invalid configuration:/);
  });

  it('bob → sts:AssumeRole on UpdateAPP: exit 2 with the identity ∩ trust explanation', async () => {
    const { code, stdout } = await explain(['--principal', BOB_ARN, '--action', 'sts:AssumeRole', '--resource', UPDATE_APP]);
    assert.equal(code, 2);
    assert.match(stdout, /^Principal: arn:aws:iam::111111111111:user\/bob$/m);
    assert.match(stdout, /Evaluated: identity policies ∩ the trust policy of arn:aws:iam::222222222222:role\/UpdateAPP/);
    assert.match(stdout, /^Decision: ImplicitDeny$/m);
    assert.match(stdout, /no identity policy allows sts:AssumeRole/);
    assert.match(stdout, /^Nearest miss: Allow identity arn:aws:iam::111111111111:group\/Testers#inline\/TesterTools/m);
    assert.match(stdout, /Action: "sts:AssumeRole" does not match/);
  });

  it('alice → sts:AssumeRole on UpdateAPP: exit 0 with the determining statements', async () => {
    const { code, stdout } = await explain(['--principal', ALICE_ARN, '--action', 'sts:AssumeRole', '--resource', UPDATE_APP]);
    assert.equal(code, 0);
    assert.match(stdout, /^Decision: Allow$/m);
    assert.match(stdout, /Determining statements:\n {2}- Allow identity .*SwitchToProduction statement 0 \(Sid AssumeProductionRoles\)\n {2}- Allow resource .*UpdateAPP#trust statement 0/);
  });

  it('the auditor: --context supplies the external id; without it the nearest miss names the key', async () => {
    const without = await explain(['--principal', AUDITOR_ARN, '--action', 'sts:AssumeRole', '--resource', THIRD_PARTY_AUDITOR]);
    assert.equal(without.code, 2);
    assert.match(without.stdout, /Missing context keys: sts:ExternalId/);
    const wrong = await explain(['--principal', AUDITOR_ARN, '--action', 'sts:AssumeRole', '--resource', THIRD_PARTY_AUDITOR, '--context', 'sts:ExternalId=nope']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stdout, /Condition StringEquals sts:ExternalId: expected one of \["Audit-7f3c9e"\], got "nope"/);
    const right = await explain(['--principal', AUDITOR_ARN, '--action', 'sts:AssumeRole', '--resource', THIRD_PARTY_AUDITOR, '--context', `sts:ExternalId=${EXTERNAL_ID}`]);
    assert.equal(right.code, 0);
  });

  it('--json prints the decision as JSON; a repeated --context key is multi-valued', async () => {
    const { code, stdout } = await explain([
      '--principal', ALICE_ARN, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::dev-builds/a.zip',
      '--context', 'aws:TagKeys=a', '--context', 'aws:TagKeys=b', '--json',
    ]);
    assert.equal(code, 0);
    const parsed = JSON.parse(stdout);
    assert.equal(parsed.decision, 'Allow');
    assert.equal(parsed.allowed, true);
    assert.deepEqual(parsed.context['aws:TagKeys'], ['a', 'b']);
    assert.equal(parsed.determining[0].sid, 'DevelopmentBuckets');
    assert.match(parsed.explanation, /Decision: Allow/);
  });

  it('--session-policy @file narrows a role session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-explain-'));
    const file = join(dir, 'session.json');
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }));
    const args = ['--principal', UPDATE_APP, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::productionapp/x'];
    assert.equal((await explain(args)).code, 0);
    const narrowed = await explain([...args, '--session-policy', `@${file}`]);
    assert.equal(narrowed.code, 2);
    assert.match(narrowed.stdout, /no session policy allows s3:GetObject/);
  });

  it('usage errors exit 1 with the usage text', async () => {
    for (const args of [[], ['--principal', BOB_ARN], ['--principal', BOB_ARN, '--action', 'sts:AssumeRole', '--bogus'], ['--principal', BOB_ARN, '--action', 'sts:AssumeRole', '--context', 'novalue']]) {
      const { code, stderr, stdout } = await explain(args);
      assert.equal(code, 1, args.join(' '));
      assert.match(stderr, /^usage: npm run explain/m);
      assert.equal(stdout, '');
    }
  });

  it('an unknown principal, a bad action or a malformed session policy exit 1 naming the problem', async () => {
    const unknown = await explain(['--principal', 'arn:aws:iam::111111111111:user/mallory', '--action', 'sts:AssumeRole']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /NOT_FOUND: No user, role or role session arn:aws:iam::111111111111:user\/mallory/);
    const badAction = await explain(['--principal', BOB_ARN, '--action', 'AssumeRole']);
    assert.equal(badAction.code, 1);
    assert.match(badAction.stderr, /VALIDATION: action must be/);
    const malformed = await explain(['--principal', UPDATE_APP, '--action', 's3:GetObject', '--session-policy', '{"Statement":[]}']);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /MALFORMED_POLICY: sessionPolicy: Statement/);
  });

  it('a broken configuration exits 1 with the file, path and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-explain-config-'));
    mkdirSync(join(dir, 'accounts'));
    writeFileSync(join(dir, 'aws-managed-policies.json'), JSON.stringify({ policies: [] }));
    writeFileSync(join(dir, 'accounts', 'dev.json'), JSON.stringify({ id: 'not-an-account', alias: 'dev' }));
    const { code, stderr } = await explain(['--config', dir, '--principal', BOB_ARN, '--action', 'sts:AssumeRole']);
    assert.equal(code, 1);
    assert.match(stderr, /^Invalid configuration:/);
    assert.match(stderr, /dev\.json: id: /);
    const missing = await explain(['--config', join(dir, 'nope'), '--principal', BOB_ARN, '--action', 'sts:AssumeRole']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Invalid configuration:/);
  });
});
