/**
 * docker-compose.yml is valid for `docker-compose config` (Debian's compose v1, stack.md §3.7).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const available = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

describe('docker-compose.yml', { skip: !available && process.env['CI'] !== 'true' ? 'docker-compose not installed' : false }, () => {
  it('validates and runs rolegate with Redis', () => {
    const result = spawnSync('docker-compose', ['config'], { env: { ...process.env, ROLEGATE_MASTER_KEY: 'x'.repeat(64) }, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /REDIS_URL: redis:\/\/redis:6379/);
    assert.match(result.stdout, /noeviction/);
  });
});
