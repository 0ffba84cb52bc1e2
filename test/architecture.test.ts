/**
 * The layer rules of DESIGN.md, enforced on the import specifiers under src/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** src-relative target for relative imports, else the package name. */
  readonly target: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function edges(): ImportEdge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const from = relative(SRC, file);
    return [...text.matchAll(IMPORT)].map((m) => {
      const specifier = (m[1] ?? m[2] ?? m[3])!;
      const target = specifier.startsWith('.') ? relative(SRC, resolve(dirname(file), specifier)) : specifier;
      return { from, specifier, target };
    });
  });
}

const layerOf = (path: string) => path.split('/')[0]!.replace(/\.ts$/, '');
const ALL = edges();

function violations(rule: (edge: ImportEdge) => boolean): string[] {
  return ALL.filter(rule).map((e) => `${e.from} → ${e.specifier}`);
}

const ADAPTERS = ['sts', 'iam', 'saml', 'oidc', 'console', 'downstream', 'vending', 's3', 'idp'];

describe('architecture (DESIGN.md layer rules)', () => {
  it('finds the sources', () => {
    assert.ok(ALL.length > 50);
  });

  it('policy/ is pure: it imports only itself, errors.ts and node built-ins without I/O', () => {
    assert.deepEqual(
      violations((e) => layerOf(e.from) === 'policy' && !(e.target.startsWith('policy/') || e.target === 'errors.js' || e.target === 'errors.ts' || e.specifier === 'node:net')),
      [],
    );
  });

  it('core/ reaches the outside only through its ports: no Express, Redis, XML or JWT libraries, no outer layers', () => {
    assert.deepEqual(
      violations((e) => {
        if (layerOf(e.from) !== 'core') return false;
        if (e.specifier.startsWith('.')) return !['core', 'policy', 'errors.js'].includes(layerOf(e.target));
        return !['node:crypto', 'node:zlib', 'otpauth'].includes(e.specifier);
      }),
      [],
    );
  });

  it('only http/ and app.ts import express', () => {
    assert.deepEqual(violations((e) => e.specifier === 'express' && !(layerOf(e.from) === 'http' || e.from === 'app.ts')), []);
  });

  it('only store/ imports a Redis client', () => {
    assert.deepEqual(violations((e) => /^(redis|ioredis|@redis\/)/.test(e.specifier) && layerOf(e.from) !== 'store'), []);
  });

  it('protocol adapters do not import one another', () => {
    assert.deepEqual(
      violations((e) => ADAPTERS.includes(layerOf(e.from)) && e.specifier.startsWith('.') && ADAPTERS.includes(layerOf(e.target)) && layerOf(e.target) !== layerOf(e.from)),
      [],
    );
  });

  it('no inner layer imports an outer one (adapters, http, app, compose, main, store, config)', () => {
    const inner = ['policy', 'core', 'aws-query', 'sigv4', 'auth', 'errors'];
    const outer = [...ADAPTERS, 'http', 'app', 'compose', 'main', 'store', 'config'];
    assert.deepEqual(violations((e) => inner.includes(layerOf(e.from)) && e.specifier.startsWith('.') && outer.includes(layerOf(e.target))), []);
  });

  it('only config/ reads process.env, and nothing imports main.ts', () => {
    const readers = sourceFiles(SRC)
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f))
      .filter((f) => layerOf(f) !== 'config' && f !== 'main.ts');
    assert.deepEqual(readers, []);
    assert.deepEqual(violations((e) => e.target === 'main.js' || e.target === 'main.ts'), []);
  });

  it('other folders import a folder through its index.ts, not its deep files', () => {
    const FOLDERS_WITH_INDEX = ['policy', 'core', 'config', 'aws-query', 'sigv4', 'sts', 'store', 'http', 's3', 'auth', 'downstream', 'iam', 'vending'];
    assert.deepEqual(
      violations((e) => {
        if (!e.specifier.startsWith('.')) return false;
        const targetLayer = layerOf(e.target);
        if (!FOLDERS_WITH_INDEX.includes(targetLayer) || targetLayer === layerOf(e.from)) return false;
        // core may import policy/types through the index only; the same holds for every folder.
        // store/ implements the core's ports and may import that one file directly (type-only).
        if (layerOf(e.from) === 'store' && e.target === 'core/ports.js') return false;
        return !/^[^/]+\/index\.(js|ts)$/.test(e.target);
      }),
      [],
    );
  });

  it('named exports only (no default exports in src/)', () => {
    const offenders = sourceFiles(SRC).filter((f) => /export\s+default\b/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(SRC, f)), []);
  });
});
