/**
 * Test helper: a writable copy of the demo configuration, JSON edits, and the issues it reports.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadDirectoryData } from '../../src/config/index.js';

export function copyOfDemoConfig(prefix = 'rolegate-config-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync('config', dir, { recursive: true });
  return dir;
}

export function edit(dir: string, file: string, change: (json: Record<string, any>) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  change(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

export function issuesOf(dir: string): ConfigError['issues'] {
  try {
    loadDirectoryData(dir);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}
