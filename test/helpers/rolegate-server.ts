/**
 * Test helper: a real rolegate (real composition, real config) listening on an ephemeral port,
 * with either the in-memory store or a real Redis under a unique key prefix.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { composeRolegate, LOG_REDACTIONS, type Rolegate } from '../../src/compose.js';
import { loadSettings } from '../../src/config/index.js';
import type { Clock, KeyValueStore } from '../../src/core/index.js';
import { createMemoryStore, createRedisStore } from '../../src/store/index.js';
import { CountingStore } from './counting-store.js';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestServer {
  readonly url: string;
  readonly rolegate: Rolegate;
  readonly store: CountingStore;
  readonly clock: AdjustableClock;
  readonly logLines: string[];
  close(): Promise<void>;
}

export class AdjustableClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

export interface StartOptions {
  readonly storeKind?: 'memory' | 'redis';
  readonly env?: Record<string, string>;
  /** Key prefix for the Redis store (unique per test run by default). */
  readonly redisPrefix?: string;
}

export async function startRolegate(options: StartOptions = {}): Promise<TestServer> {
  const clock = new AdjustableClock();
  const settings = loadSettings({ ROLEGATE_CONFIG: 'config', PORT: '0', LOG_LEVEL: 'info', ...options.env });
  const logLines: string[] = [];
  const logger = pino({ level: 'info', redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } }, { write: (line: string) => void logLines.push(line) });
  let inner: KeyValueStore;
  if (options.storeKind === 'redis') {
    inner = await createRedisStore({ url: REDIS_URL, prefix: options.redisPrefix ?? `rgtest:${randomBytes(6).toString('hex')}:` });
  } else {
    inner = createMemoryStore({ clock });
  }
  const store = new CountingStore(inner);
  const rolegate = await composeRolegate(settings, { clock, logger, store });
  const server: Server = await new Promise((resolve) => {
    const s = rolegate.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rolegate,
    store,
    clock,
    logLines,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rolegate.close();
    },
  };
}
