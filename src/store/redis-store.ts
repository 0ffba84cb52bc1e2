/**
 * @module store/redis-store — the production `KeyValueStore`, on Redis via node-redis.
 *
 * Fails closed (security.md §5): every failure — not connected, timed out, error reply — rejects
 * with `STORE_UNAVAILABLE` within `commandTimeoutMs`; nothing is queued to run later. The store
 * can be created while Redis is down (calls fail until it answers) and recovers by itself.
 * A timed-out write may still have been applied by Redis; callers treat it as failed, which for
 * one-time consumption (`getDel`) means the token is spent — the safe direction.
 *
 * Commands used (for a least-privilege ACL user, with `~rg:*` and `&rg:*` for the default prefix):
 * get set getdel del evalsha eval exists incr pexpireat xadd xrevrange publish subscribe
 * unsubscribe ping, plus `config|get` if `evictionPolicy()` should see the real policy.
 */

import { ErrorReply } from 'redis';
import type { KeyValueStore, SetOptions } from '../core/ports.js';
import { isBridgeError } from '../errors.js';
import type { StoreLogger } from './logger.js';
import { consoleStoreLogger, describeError } from './logger.js';
import type { RedisClient } from './redis-connection.js';
import { closeClient, createRedisClient, redisTarget, startConnecting, watchConnection } from './redis-connection.js';
import { guarded } from './redis-guard.js';
import { createRedisSubscriber } from './redis-pubsub.js';
import { incrWithExpiry } from './redis-scripts.js';
import { storeUnavailable } from './unavailable.js';
import { assertEpochMs, assertPositiveInteger, assertStreamFields } from './validate.js';

export interface RedisStoreOptions {
  url: string;
  /** Prepended to every key and pub/sub channel. Default `rg:` (the ACL key pattern is `~rg:*`). */
  prefix?: string;
  logger?: StoreLogger;
  /** Deadline for every call. Default 500 ms. */
  commandTimeoutMs?: number;
  /** TCP connect timeout, and how long `createRedisStore` waits for a first connection. Default 2 s. */
  connectTimeoutMs?: number;
}

export interface RedisKeyValueStore extends KeyValueStore {
  readonly kind: 'redis';
  /**
   * The server's `maxmemory-policy` (anything but `noeviction` can silently drop replay-cache
   * entries and revocation markers), or `'unknown'` when CONFIG is refused (ACL, renamed command).
   * Rejects with STORE_UNAVAILABLE when Redis cannot be reached.
   */
  evictionPolicy(): Promise<string>;
}

const DEFAULT_PREFIX = 'rg:';
const DEFAULT_COMMAND_TIMEOUT_MS = 500;
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

export async function createRedisStore(options: RedisStoreOptions): Promise<RedisKeyValueStore> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const logger = options.logger ?? consoleStoreLogger;
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  assertPositiveInteger(timeoutMs, 'commandTimeoutMs');
  assertPositiveInteger(connectTimeoutMs, 'connectTimeoutMs');
  const target = redisTarget(options.url);

  const client = createRedisClient({ url: options.url, commandTimeoutMs: timeoutMs, connectTimeoutMs });
  watchConnection(client, 'commands', target, logger);
  const outcome = await startConnecting(client, connectTimeoutMs);
  if (!outcome.ready) {
    logger.warn(
      { target, err: describeError(outcome.reason) },
      'redis not reachable at startup; store calls fail with STORE_UNAVAILABLE until it answers',
    );
  }

  const subscriber = createRedisSubscriber({ parent: client, target, timeoutMs, connectTimeoutMs, logger });
  let closed = false;
  const key = (name: string): string => prefix + name;

  const call = <T>(operation: string, run: (redis: RedisClient) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(storeUnavailable(`${operation}: redis store is closed`));
    // Checked here so a disconnected store answers at once, without even building the command.
    if (!client.isReady) return Promise.reject(storeUnavailable(`${operation}: redis is not connected (${target})`));
    return guarded(operation, timeoutMs, () => run(client));
  };

  return {
    kind: 'redis',

    get: (name) => call('get', (redis) => redis.get(key(name))),

    async set(name, value, setOptions: SetOptions = {}) {
      const { expiresAtMs, onlyIfAbsent = false } = setOptions;
      if (expiresAtMs !== undefined) assertEpochMs(expiresAtMs, 'expiresAtMs');
      const reply = await call('set', (redis) =>
        redis.set(key(name), value, {
          ...(expiresAtMs !== undefined ? { expiration: { type: 'PXAT' as const, value: expiresAtMs } } : {}),
          ...(onlyIfAbsent ? { condition: 'NX' as const } : {}),
        }),
      );
      // SET … NX answers nil when the key exists; otherwise OK.
      return reply !== null;
    },

    getDel: (name) => call('getDel', (redis) => redis.getDel(key(name))),

    async del(name) {
      await call('del', (redis) => redis.del(key(name)));
    },

    async incr(name, expiresAtMs) {
      assertEpochMs(expiresAtMs, 'expiresAtMs');
      return call('incr', (redis) => incrWithExpiry(redis, key(name), expiresAtMs));
    },

    async append(stream, fields, maxLength) {
      assertStreamFields(fields);
      assertPositiveInteger(maxLength, 'maxLength');
      // `~` lets Redis trim whole macro-nodes only: cheap, and never fewer than maxLength entries.
      return call('append', (redis) =>
        redis.xAdd(key(stream), '*', fields, {
          TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: maxLength },
        }),
      );
    },

    async readLatest(stream, count) {
      assertPositiveInteger(count, 'count');
      const reply = await call('readLatest', (redis) => redis.xRevRange(key(stream), '+', '-', { COUNT: count }));
      // node-redis types the reply as possibly nil; a missing stream is an empty list.
      return (reply ?? []).map(({ id, message }) => ({ id, fields: { ...message } }));
    },

    async publish(channel, message) {
      await call('publish', (redis) => redis.publish(key(channel), message));
    },

    async subscribe(channel, onMessage) {
      if (closed) throw storeUnavailable('subscribe: redis store is closed');
      return subscriber.subscribe(key(channel), onMessage);
    },

    async ping() {
      await call('ping', (redis) => redis.ping());
    },

    async evictionPolicy() {
      try {
        const reply = await call('evictionPolicy', (redis) => redis.configGet('maxmemory-policy'));
        return reply['maxmemory-policy'] ?? 'unknown';
      } catch (err) {
        // An error *reply* means Redis answered but refused CONFIG (ACL NOPERM, renamed command).
        if (isBridgeError(err) && err.cause instanceof ErrorReply) return 'unknown';
        throw err;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([subscriber.close(), closeClient(client, timeoutMs)]);
    },
  };
}

/**
 * For the composition root: the `maxmemory-policy` to warn about when it is not `noeviction`.
 * Kept outside `KeyValueStore` because only the Redis store has such a thing.
 */
export function checkEvictionPolicy(store: Pick<RedisKeyValueStore, 'evictionPolicy'>): Promise<string> {
  return store.evictionPolicy();
}
