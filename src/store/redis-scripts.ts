/**
 * @module store/redis-scripts — Lua for the operations Redis has no single command for.
 */

import { createHash } from 'node:crypto';
import { ErrorReply } from 'redis';
import type { RedisClient } from './redis-connection.js';

/**
 * INCR, and PEXPIREAT only when this call created the key: a rate-limit window keeps its original
 * end however often it is hit. One script, so no other client can observe the key without expiry.
 * (`value == 1` would misfire on a key someone set to "0"; EXISTS states the intent exactly.)
 */
const INCR_WITH_EXPIRY = `local created = redis.call('EXISTS', KEYS[1]) == 0
local value = redis.call('INCR', KEYS[1])
if created then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
return value`;

const INCR_WITH_EXPIRY_SHA = createHash('sha1').update(INCR_WITH_EXPIRY).digest('hex');

export async function incrWithExpiry(client: RedisClient, key: string, expiresAtMs: number): Promise<number> {
  const args = { keys: [key], arguments: [String(expiresAtMs)] };
  let reply: unknown;
  try {
    // EVALSHA first: the script body is sent only once per server (and again after a restart).
    reply = await client.evalSha(INCR_WITH_EXPIRY_SHA, args);
  } catch (err) {
    if (!(err instanceof ErrorReply && err.message.startsWith('NOSCRIPT'))) throw err;
    reply = await client.eval(INCR_WITH_EXPIRY, args);
  }
  if (typeof reply !== 'number') throw new TypeError(`unexpected INCR script reply: ${String(reply)}`);
  return reply;
}
