/**
 * @module store/redis-guard — turns every Redis failure into a prompt `STORE_UNAVAILABLE`.
 *
 * node-redis already has a per-command timeout, but a few paths bypass it (pub/sub commands,
 * the connection handshake), so each call is also raced against our own deadline. Whatever
 * happens, the caller gets an answer within the deadline and never a late, stale success.
 */

import { isBridgeError } from '../errors.js';
import { describeError } from './logger.js';
import { storeUnavailable } from './unavailable.js';

export async function guarded<T>(operation: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  // Through `then` so a synchronous throw inside `run` becomes a rejection like any other failure.
  const attempt = Promise.resolve().then(run);
  // If the deadline wins, the attempt may still fail later; that must not be an unhandled rejection.
  attempt.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(storeUnavailable(`${operation}: no reply within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([attempt, deadline]);
  } catch (err) {
    if (isBridgeError(err)) throw err;
    const { name, message } = describeError(err);
    throw storeUnavailable(`${operation}: ${name}: ${message}`, err);
  } finally {
    clearTimeout(timer);
  }
}
