/**
 * Configuration mistakes are reported with file, path and reason, and stop the process.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyOfDemoConfig, edit, issuesOf } from '../helpers/config-copy.js';
import { ConfigError, loadDirectoryData, loadSettings } from '../../src/config/index.js';
import { runToExit } from '../helpers/processes.js';

describe('configuration validation', () => {
  it('the shipped demo configuration loads', () => {
    const data = loadDirectoryData('config');
    assert.deepEqual(data.accounts.map((a) => a.alias).sort(), ['auditor', 'development', 'production']);
    assert.ok(data.roles.some((r) => r.arn === 'arn:aws:iam::222222222222:role/UpdateAPP'));
  });

  it('reports every mistake with file, path and reason', () => {
    const dir = copyOfDemoConfig();
    edit(dir, 'accounts/production.json', (json) => {
      json.roles[0].maxSessionDuration = 50000;
      json.roles[1].trustPolicy.Statement[0].Effect = 'Perhaps';
      json.roles[2].managedPolicies = ['arn:aws:iam::222222222222:policy/Missing'];
    });
    edit(dir, 'accounts/development.json', (json) => {
      json.id = '12345';
      json.users[0].groups.push('NoSuchGroup');
      json.users[1].accessKeys[0].secret = 'short';
    });
    const issues = issuesOf(dir);
    const find = (file: string, path: string) => issues.find((i) => i.file.endsWith(file) && i.path === path);
    assert.match(find('development.json', 'id')?.message ?? '', /12-digit/);
    assert.match(find('development.json', 'users[1].accessKeys[0].secret')?.message ?? '', /40 base64/);
    assert.match(find('production.json', 'roles[0].maxSessionDuration')?.message ?? '', /43200/);
  });

  it('reports policy and reference mistakes once the files are well-formed', () => {
    const dir = copyOfDemoConfig();
    edit(dir, 'accounts/production.json', (json) => {
      json.roles[1].trustPolicy.Statement[0].Effect = 'Perhaps';
      json.roles[2].managedPolicies = ['arn:aws:iam::222222222222:policy/Missing'];
    });
    edit(dir, 'accounts/development.json', (json) => {
      json.users[0].groups.push('NoSuchGroup');
    });
    edit(dir, 'accounts/auditor.json', (json) => {
      json.users[0].accessKeys[0].id = 'AKIAIOSFODNN7EXAMPLE';
    });
    const issues = issuesOf(dir);
    const text = issues.map((i) => `${i.file}|${i.path}|${i.message}`).join('\n');
    assert.match(text, /production\.json\|roles\[1\]\.trustPolicy\|.*Effect/);
    assert.match(text, /production\.json\|roles\[2\]\.managedPolicies\[0\]\|unknown managed policy arn:aws:iam::222222222222:policy\/Missing/);
    assert.match(text, /development\.json\|users\[0\]\.groups\[1\]\|unknown group "NoSuchGroup"/);
    assert.match(text, /duplicate access key id "AKIAIOSFODNN7EXAMPLE"/);
  });

  it('environment settings are validated too', () => {
    assert.throws(() => loadSettings({ PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && e.issues[0]!.path === 'PORT');
    assert.throws(() => loadSettings({ NODE_ENV: 'production' }), (e: unknown) => e instanceof ConfigError && e.issues[0]!.path === 'ROLEGATE_MASTER_KEY');
    assert.throws(() => loadSettings({ ROLEGATE_MASTER_KEY: 'tooshort' }), ConfigError);
    assert.equal(loadSettings({}).port, 8080);
  });

  it('the process exits non-zero and prints the mistakes', async () => {
    const dir = copyOfDemoConfig();
    edit(dir, 'accounts/auditor.json', (json) => {
      json.alias = 'Not An Alias';
    });
    const result = await runToExit([process.execPath, '--import', 'tsx', 'src/main.ts'], { ROLEGATE_CONFIG: dir, PORT: '0' });
    assert.equal(result.code, 1);
    assert.match(result.output, /auditor\.json: alias: must be 3-63 lower-case letters/);
  });
});
