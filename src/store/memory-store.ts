/**
 * @module store/memory-store — a single-process `KeyValueStore` for development and tests.
 *
 * It mirrors the Redis semantics the core relies on: absolute expiry (judged against the injected
 * clock, so tests can move time), `SET NX`, `GETDEL` and `INCR` are atomic (every operation runs
 * to completion inside one synchronous turn of the event loop), and type errors (`WRONGTYPE`,
 * non-integer `INCR`) surface as `STORE_UNAVAILABLE` exactly as the Redis store reports them.
 * It is NOT a fallback for Redis: with more than one process it would reopen the replay window.
 */

import type { Clock, KeyValueStore, SetOptions } from '../core/ports.js';
import type { StoreLogger } from './logger.js';
import { consoleStoreLogger } from './logger.js';
import { createMemoryPubSub } from './memory-pubsub.js';
import type { MemoryStream } from './memory-stream.js';
import { createMemoryStream } from './memory-stream.js';
import { storeUnavailable } from './unavailable.js';
import { assertEpochMs, assertPositiveInteger, assertStreamFields } from './validate.js';

export interface MemoryStoreOptions {
  clock: Clock;
  /** Applied inside the store, as in Redis; instances never share data whatever the prefix. */
  prefix?: string;
  /** How often expired keys are dropped even if nobody reads them (bounds memory). Default 10 s. */
  sweepIntervalMs?: number;
  /** Receives errors thrown by subscribers. Defaults to the console. */
  logger?: StoreLogger;
}

export interface MemoryKeyValueStore extends KeyValueStore {
  readonly kind: 'memory';
  /** Number of keys held, including expired ones not yet swept (diagnostics and tests). */
  size(): number;
}

type Entry =
  | { readonly type: 'string'; value: string; readonly expiresAtMs: number | undefined }
  | { readonly type: 'stream'; readonly stream: MemoryStream };

const DEFAULT_SWEEP_INTERVAL_MS = 10_000;
/** Same text as Redis, so logs read the same whichever store is behind them. */
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';
/** Redis accepts only canonical base-10 integers for INCR ("010", "+1", " 1" are rejected). */
const CANONICAL_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;

export function createMemoryStore(options: MemoryStoreOptions): MemoryKeyValueStore {
  const { clock } = options;
  const prefix = options.prefix ?? '';
  const logger = options.logger ?? consoleStoreLogger;
  const entries = new Map<string, Entry>();
  const pubsub = createMemoryPubSub(logger);
  let closed = false;

  const sweep = (): void => {
    const now = clock.now();
    for (const [key, entry] of entries) {
      if (entry.type === 'string' && isExpired(entry.expiresAtMs, now)) entries.delete(key);
    }
  };
  const sweeper = setInterval(sweep, options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  // The sweep only bounds memory; it must never keep a process (or a test run) alive.
  sweeper.unref();

  const ensureOpen = (): void => {
    if (closed) throw storeUnavailable('memory store is closed');
  };

  /** The live entry for a prefixed key, dropping it first if it has expired (lazy expiry, as Redis). */
  const live = (fullKey: string): Entry | undefined => {
    const entry = entries.get(fullKey);
    if (entry?.type === 'string' && isExpired(entry.expiresAtMs, clock.now())) {
      entries.delete(fullKey);
      return undefined;
    }
    return entry;
  };

  const liveString = (fullKey: string): Extract<Entry, { type: 'string' }> | undefined => {
    const entry = live(fullKey);
    if (entry !== undefined && entry.type !== 'string') throw storeUnavailable(WRONGTYPE);
    return entry;
  };

  return {
    kind: 'memory',

    async get(key) {
      ensureOpen();
      return liveString(prefix + key)?.value ?? null;
    },

    async set(key, value, setOptions: SetOptions = {}) {
      const { expiresAtMs, onlyIfAbsent = false } = setOptions;
      if (expiresAtMs !== undefined) assertEpochMs(expiresAtMs, 'expiresAtMs');
      ensureOpen();
      const fullKey = prefix + key;
      // NX looks at any live key, whatever its type, as Redis does.
      if (onlyIfAbsent && live(fullKey) !== undefined) return false;
      // A plain SET also drops any previous TTL (no KEEPTTL), matching Redis.
      if (isAlreadyExpired(expiresAtMs, clock.now())) entries.delete(fullKey);
      else entries.set(fullKey, { type: 'string', value, expiresAtMs });
      return true;
    },

    async getDel(key) {
      ensureOpen();
      const fullKey = prefix + key;
      const entry = liveString(fullKey);
      if (entry === undefined) return null;
      entries.delete(fullKey);
      return entry.value;
    },

    async del(key) {
      ensureOpen();
      entries.delete(prefix + key);
    },

    async incr(key, expiresAtMs) {
      assertEpochMs(expiresAtMs, 'expiresAtMs');
      ensureOpen();
      const fullKey = prefix + key;
      const entry = liveString(fullKey);
      if (entry === undefined) {
        if (!isAlreadyExpired(expiresAtMs, clock.now())) {
          entries.set(fullKey, { type: 'string', value: '1', expiresAtMs });
        }
        return 1;
      }
      const current = CANONICAL_INTEGER.test(entry.value) ? Number(entry.value) : Number.NaN;
      if (!Number.isSafeInteger(current + 1)) throw storeUnavailable(NOT_AN_INTEGER);
      // The expiry is set on creation only; later increments keep the window's original end.
      entry.value = String(current + 1);
      return current + 1;
    },

    async append(stream, fields, maxLength) {
      assertStreamFields(fields);
      assertPositiveInteger(maxLength, 'maxLength');
      ensureOpen();
      const fullKey = prefix + stream;
      let entry = live(fullKey);
      if (entry === undefined) {
        entry = { type: 'stream', stream: createMemoryStream() };
        entries.set(fullKey, entry);
      }
      if (entry.type !== 'stream') throw storeUnavailable(WRONGTYPE);
      return entry.stream.append(clock.now(), fields, maxLength);
    },

    async readLatest(stream, count) {
      assertPositiveInteger(count, 'count');
      ensureOpen();
      const entry = live(prefix + stream);
      if (entry === undefined) return [];
      if (entry.type !== 'stream') throw storeUnavailable(WRONGTYPE);
      return entry.stream.latest(count);
    },

    async publish(channel, message) {
      ensureOpen();
      pubsub.publish(prefix + channel, message);
    },

    async subscribe(channel, onMessage) {
      ensureOpen();
      const unsubscribe = pubsub.subscribe(prefix + channel, onMessage);
      return async () => unsubscribe();
    },

    async ping() {
      ensureOpen();
    },

    size() {
      return entries.size;
    },

    async close() {
      closed = true;
      clearInterval(sweeper);
      pubsub.clear();
      entries.clear();
    },
  };
}

/** Redis' read-side rule (`keyIsExpired`): a key lives through its expiry millisecond. */
function isExpired(expiresAtMs: number | undefined, nowMs: number): boolean {
  return expiresAtMs !== undefined && nowMs > expiresAtMs;
}

/** Redis' write-side rule: SET/PEXPIREAT with a time not in the future deletes the key at once. */
function isAlreadyExpired(expiresAtMs: number | undefined, nowMs: number): boolean {
  return expiresAtMs !== undefined && expiresAtMs <= nowMs;
}
