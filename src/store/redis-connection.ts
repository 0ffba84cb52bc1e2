/**
 * @module store/redis-connection — building, watching, connecting and closing node-redis clients.
 *
 * Fail closed and fast: no offline queue (a command issued while disconnected is rejected at once
 * instead of running, maybe much later, after a reconnect), a per-command timeout, and a reconnect
 * strategy that backs off but never gives up, so service resumes by itself when Redis returns.
 */

import { createClient } from 'redis';
import type { StoreLogger } from './logger.js';
import { describeError } from './logger.js';
import { guarded } from './redis-guard.js';

export interface RedisClientSettings {
  readonly url: string;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

const FIRST_RETRY_DELAY_MS = 50;
/** Cap on the backoff: also the worst-case delay between Redis coming back and us noticing. */
const MAX_RETRY_DELAY_MS = 2_000;
const RETRY_JITTER_MS = 100;

/** Exponential backoff, capped, never `false`: a store that stops retrying would stay down forever. */
export function reconnectDelayMs(retries: number): number {
  const backoff = Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.min(retries, 16), MAX_RETRY_DELAY_MS);
  // Jitter so that a fleet of bridges does not reconnect in lockstep after an outage.
  return backoff + Math.floor(Math.random() * RETRY_JITTER_MS);
}

export function createRedisClient(settings: RedisClientSettings) {
  return createClient({
    url: settings.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: settings.commandTimeoutMs },
    // Redis Enterprise maintenance hand-offs would relax the command timeout during maintenance;
    // we want the opposite (fail fast), and a plain handshake that a least-privilege ACL allows.
    maintNotifications: 'disabled',
    socket: {
      connectTimeout: settings.connectTimeoutMs,
      reconnectStrategy: (retries: number) => reconnectDelayMs(retries),
    },
  });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/** `host:port` for logs; the URL itself may carry a password. */
export function redisTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

/**
 * Logs connection loss and recovery once per transition (not once per retry), and keeps an
 * `error` listener attached at all times: without one, node-redis' error events crash the process.
 * A failure before the first connection is left to whoever started the connection to report.
 */
export function watchConnection(client: RedisClient, role: string, target: string, logger: StoreLogger): void {
  let state: 'starting' | 'up' | 'down' = 'starting';
  client.on('ready', () => {
    if (state === 'down') logger.warn({ role, target }, 'redis connection restored');
    state = 'up';
  });
  client.on('error', (err: unknown) => {
    if (state === 'up') {
      logger.error(
        { role, target, err: describeError(err) },
        'redis connection lost; store calls fail with STORE_UNAVAILABLE until it returns',
      );
    }
    state = 'down';
  });
}

export type ConnectOutcome = { readonly ready: true } | { readonly ready: false; readonly reason: unknown };

/**
 * Starts connecting and reports the first outcome (ready, error, or nothing within `waitMs`).
 * node-redis' `connect()` settles only once connected — with a never-give-up strategy it would
 * block startup for as long as Redis is down — so it keeps retrying in the background instead.
 */
export function startConnecting(client: RedisClient, waitMs: number): Promise<ConnectOutcome> {
  client.connect().catch(() => undefined); // settles with ClientClosedError if we close first
  return new Promise((resolve) => {
    const finish = (outcome: ConnectOutcome): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      resolve(outcome);
    };
    const onReady = (): void => finish({ ready: true });
    const onError = (err: unknown): void => finish({ ready: false, reason: err });
    const timer = setTimeout(() => finish({ ready: false, reason: `not connected within ${waitMs} ms` }), waitMs);
    client.on('ready', onReady);
    client.on('error', onError);
  });
}

/** Graceful `close()` when connected (lets in-flight replies arrive), `destroy()` otherwise or if it stalls. */
export async function closeClient(client: RedisClient, timeoutMs: number): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  try {
    await guarded('close', timeoutMs, () => client.close());
  } catch {
    if (client.isOpen) client.destroy();
  }
}
