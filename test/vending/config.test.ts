/**
 * Instances and instance profiles in configuration: every mistake is refused at start-up with the
 * file, the path and the reason — above all a profile whose role does not trust ec2.amazonaws.com
 * (decided by the policy engine). Also the vending environment settings and the container-token CLI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { ConfigError, loadDirectoryData, loadVendingSettings, checkVendingSettings } from '../../src/config/index.js';
import { createDirectory } from '../../src/core/index.js';
import { verifyContainerToken } from '../../src/vending/index.js';
import { loadSettings } from '../../src/config/index.js';
import { runToExit } from '../helpers/processes.js';
import { APP_SERVER_INSTANCE, APP_SERVER_ROLE, cleanEnv, demoConfigWith } from './helpers.js';

function issuesOf(dir: string): ConfigError['issues'] {
  try {
    loadDirectoryData(dir);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}

const appServerRole = (production: Record<string, any>) => production.roles.find((r: { name: string }) => r.name === 'AppServerRole');

describe('instances and instance profiles in configuration', () => {
  it('the demo has an instance in Production whose profile carries AppServerRole, and instances without a profile', () => {
    const directory = createDirectory(loadDirectoryData('config'));
    const held = directory.instanceRole(APP_SERVER_INSTANCE);
    assert.equal(held?.instance.name, 'app-server-1');
    assert.equal(held?.profile?.arn, 'arn:aws:iam::222222222222:instance-profile/AppServerProfile');
    assert.equal(held?.role?.arn, APP_SERVER_ROLE);
    const others = directory.instancesOf('222222222222').filter((i) => i.instanceProfile === undefined);
    assert.ok(others.length >= 1);
    assert.ok(others.some((i) => i.tags['critical'] === 'true'));
  });

  it('a profile whose role does not trust ec2.amazonaws.com is refused with file, path and the policy engine’s reason', () => {
    const dir = demoConfigWith((production) => {
      appServerRole(production).trustPolicy.Statement[0].Principal = { Service: 'lambda.amazonaws.com' };
    });
    const issue = issuesOf(dir).find((i) => i.path === 'instanceProfiles[0].role');
    assert.ok(issue, 'an issue at instanceProfiles[0].role');
    assert.match(issue.file, /accounts\/production\.json$/);
    assert.match(issue.message, /role "AppServerRole" does not trust the service principal ec2\.amazonaws\.com \(sts:AssumeRole\)/);
  });

  it('an explicit Deny for EC2, or a condition the instance id does not meet, is refused too', () => {
    const denied = demoConfigWith((production) => {
      appServerRole(production).trustPolicy.Statement.push({ Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    });
    assert.ok(issuesOf(denied).some((i) => i.path === 'instanceProfiles[0].role' && /ec2\.amazonaws\.com/.test(i.message)));
    const conditioned = demoConfigWith((production) => {
      appServerRole(production).trustPolicy.Statement[0].Condition = { StringLike: { 'sts:RoleSessionName': ['i-0a1b*'] } };
      production.instances.push({ id: 'i-0999999999999999a', name: 'other', instanceProfile: 'AppServerProfile' });
    });
    const issues = issuesOf(conditioned);
    const index = 3; // appended after the three demo instances
    assert.ok(issues.some((i) => i.path === `instances[${index}].instanceProfile` && /does not trust/.test(i.message)), JSON.stringify(issues));
    assert.ok(!issues.some((i) => i.path === 'instances[0].instanceProfile'), 'the demo instance id matches the condition');
  });

  it('references, ids and duplicates are checked', () => {
    const dir = demoConfigWith((production) => {
      production.instanceProfiles.push({ name: 'Broken', role: 'NoSuchRole' }, { name: 'AppServerProfile', role: 'AppServerRole' });
      production.instances.push(
        { id: 'i-12345', name: 'bad-id' },
        { id: APP_SERVER_INSTANCE, name: 'twin' },
        { id: 'i-0aaaaaaaaaaaaaaaa', name: 'orphan', instanceProfile: 'NoSuchProfile' },
      );
    });
    const text = issuesOf(dir)
      .map((i) => `${i.file}|${i.path}|${i.message}`)
      .join('\n');
    assert.match(text, /production\.json\|instances\[3\]\.id\|must be "i-" followed by 8 or 17 lower-case hex digits/);
    // Schema errors stop the file's deeper checks; fix the id and look again.
    const fixed = demoConfigWith((production) => {
      production.instanceProfiles.push({ name: 'Broken', role: 'NoSuchRole' }, { name: 'AppServerProfile', role: 'AppServerRole' });
      production.instances.push({ id: APP_SERVER_INSTANCE, name: 'twin' }, { id: 'i-0aaaaaaaaaaaaaaaa', name: 'orphan', instanceProfile: 'NoSuchProfile' });
    });
    const again = issuesOf(fixed)
      .map((i) => `${i.path}|${i.message}`)
      .join('\n');
    assert.match(again, /instanceProfiles\[1\]\.role\|unknown role "NoSuchRole"/);
    assert.match(again, /instanceProfiles\[2\]\.name\|duplicate instance profile name "AppServerProfile"/);
    assert.match(again, /instances\[3\]\.id\|duplicate instance id "i-0a1b2c3d4e5f67890"/);
    assert.match(again, /instances\[4\]\.instanceProfile\|unknown instance profile "NoSuchProfile"/);
  });

  it('the process exits 1 and prints the refused profile', async () => {
    const dir = demoConfigWith((production) => {
      appServerRole(production).trustPolicy.Statement[0].Principal = { Service: 'ecs-tasks.amazonaws.com' };
    });
    const result = await runToExit([process.execPath, '--import', 'tsx', 'src/main.ts'], { ROLEGATE_CONFIG: dir, PORT: '0', IMDS_PORT: '0' });
    assert.equal(result.code, 1);
    assert.match(result.output, /production\.json: instanceProfiles\[0\]\.role: role "AppServerRole" does not trust the service principal ec2\.amazonaws\.com/);
  });
});

describe('vending environment settings', () => {
  it('defaults: IMDS on 127.0.0.1:8082, 6 h sessions', () => {
    const settings = loadVendingSettings({});
    assert.equal(settings.imdsPort, 8082);
    assert.equal(settings.imdsHost, '127.0.0.1');
    assert.equal(settings.sessionSeconds, 21600);
    assert.equal(loadVendingSettings({ IMDS_PORT: 'off' }).imdsPort, undefined);
  });

  it('mistakes are ConfigErrors naming the variable', () => {
    const directory = createDirectory(loadDirectoryData('config'));
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
      }
      assert.fail('expected a ConfigError');
    };
    assert.match(path(() => loadVendingSettings({ IMDS_PORT: 'eighty' })), /^IMDS_PORT/);
    assert.match(path(() => loadVendingSettings({ ROLEGATE_VENDING_SESSION_SECONDS: '600' })), /^ROLEGATE_VENDING_SESSION_SECONDS/);
    assert.match(path(() => loadVendingSettings({ IMDS_INSTANCE_PORTS: 'i-0a1b2c3d4e5f67890:8083' })), /^IMDS_INSTANCE_PORTS: .*not i-INSTANCE=PORT/);
    assert.match(path(() => checkVendingSettings(loadVendingSettings({ ROLEGATE_IMDS_INSTANCE: 'i-0000000000000000f' }), directory)), /ROLEGATE_IMDS_INSTANCE: unknown instance/);
  });

  it('an unknown ROLEGATE_IMDS_INSTANCE stops the process', async () => {
    const result = await runToExit([process.execPath, '--import', 'tsx', 'src/main.ts'], { PORT: '0', IMDS_PORT: '0', ROLEGATE_IMDS_INSTANCE: 'i-0000000000000000f' });
    assert.equal(result.code, 1);
    assert.match(result.output, /environment: ROLEGATE_IMDS_INSTANCE: unknown instance "i-0000000000000000f"/);
  });
});

describe('npm run container-token', () => {
  function containerToken(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli/container-token.ts', ...args],
        { env: cleanEnv({ ROLEGATE_CONFIG: 'config', ...extra }), timeout: 60_000 },
        (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
      );
    });
  }

  it('prints the two environment variables; the token verifies with the server key and is bound to the role session', async () => {
    const result = await containerToken(['--role-arn', APP_SERVER_ROLE, '--session-name', 'web-task', '--ttl-seconds', '3600'], { IMDS_PORT: '9182' });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines[0], 'export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9182/v1/credentials');
    const token = /^export AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)$/.exec(lines[1]!)?.[1];
    assert.ok(token);
    const claims = verifyContainerToken({ master: loadSettings({}).masterKey }, token, Date.now());
    assert.equal(claims.role, APP_SERVER_ROLE);
    assert.equal(claims.session, 'web-task');
    assert.ok(Math.abs(claims.exp - claims.iat - 3600) <= 1);
  });

  it('refuses a role that does not trust ecs-tasks.amazonaws.com, and usage mistakes', async () => {
    const refused = await containerToken(['--role-arn', 'arn:aws:iam::222222222222:role/UpdateAPP', '--session-name', 'x1']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not trust the service principal ecs-tasks\.amazonaws\.com/);
    assert.equal(refused.stdout, '');
    const usage = await containerToken(['--role-arn', APP_SERVER_ROLE]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--session-name is required/);
  });
});
