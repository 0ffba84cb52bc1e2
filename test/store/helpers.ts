/**
 * Shared test helpers for the store suites.
 */

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { BridgeError } from '../../src/errors.js';
import type { StoreLogger } from '../../src/store/index.js';

export { sleep };

export async function assertUnavailable(promise: Promise<unknown>, label = 'call'): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof BridgeError, `${label}: expected BridgeError, got ${String(err)}`);
    assert.equal(err.code, 'STORE_UNAVAILABLE', `${label}: wrong code`);
    return true;
  });
}

/** A clock the tests move by hand. */
export function manualClock(startMs = 1_700_000_000_000): { now(): number; advance(ms: number): void } {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
  };
}

export interface CapturedLog {
  readonly level: 'warn' | 'error';
  readonly obj: object;
  readonly msg: string;
}

/** A logger that records instead of printing, so tests can assert on warnings and stay quiet. */
export function captureLogger(): StoreLogger & { readonly entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  return {
    entries,
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
  };
}

/** Collects messages and lets a test wait for the n-th one. */
export function inbox(): { readonly messages: string[]; push(message: string): void; waitFor(count: number, timeoutMs?: number): Promise<void> } {
  const messages: string[] = [];
  let waiters: Array<() => void> = [];
  return {
    messages,
    push(message) {
      messages.push(message);
      const current = waiters;
      waiters = [];
      for (const wake of current) wake();
    },
    async waitFor(count, timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) assert.fail(`expected ${count} message(s), got ${JSON.stringify(messages)}`);
        // A cleared timer, not `sleep`, so a finished wait leaves nothing keeping the process alive.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

/** Polls `probe` until it resolves, or fails the test after `timeoutMs`. */
export async function eventually(probe: () => Promise<unknown>, timeoutMs: number, intervalMs = 100): Promise<number> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      await probe();
      return Date.now() - started;
    } catch (err) {
      lastError = err;
      await sleep(intervalMs);
    }
  }
  assert.fail(`not recovered within ${timeoutMs} ms; last error: ${String(lastError)}`);
}
