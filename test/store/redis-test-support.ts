/**
 * Support for the Redis suites: a raw client for inspection, reachability gating, key cleanup.
 */

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createClient } from 'redis';

function createRaw(url: string) {
  return createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 1_000 } });
}

export type RawClient = ReturnType<typeof createRaw>;

/** A plain client for looking behind the store's back (TTL, prefixes); no retries, short timeouts. */
export async function connectRaw(url: string): Promise<RawClient> {
  const client = createRaw(url);
  client.on('error', () => undefined); // failures surface through connect() and the commands
  try {
    await client.connect();
    return client;
  } catch (err) {
    if (client.isOpen) client.destroy();
    throw err;
  }
}

/**
 * When a prerequisite (a reachable Redis, the redis-server binary) is missing: in CI the run must
 * fail loudly — a silently skipped store suite would let fail-open bugs ship — elsewhere it skips.
 */
export function registerMissingPrerequisite(what: string, reason: string): void {
  if (process.env.CI === 'true') {
    it(`${what} (required in CI)`, () => assert.fail(`${what} is not available: ${reason}`));
  } else {
    it(what, { skip: `${what} is not available (${reason}); skipped outside CI` }, () => undefined);
  }
}

/** Deletes every key under `pattern` with SCAN + DEL (never KEYS). */
export async function deleteMatching(client: RawClient, pattern: string): Promise<number> {
  let deleted = 0;
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1_000 })) {
    if (keys.length > 0) deleted += await client.del(keys);
  }
  return deleted;
}
