/**
 * @module core/ports — the only ways the domain core reaches the outside world.
 *
 * The core is given these interfaces by the composition root; it never imports a Redis client,
 * reads `Date.now()` or calls `crypto.randomBytes` on its own.
 */

export interface SetOptions {
  /** Absolute expiry, epoch milliseconds (Redis `PXAT`). Omitted = no expiry (only for durable records). */
  readonly expiresAtMs?: number;
  /** Only set when the key does not exist (Redis `NX`). */
  readonly onlyIfAbsent?: boolean;
}

/**
 * The one storage interface. Keys are namespaced by the implementation (`rg:` prefix by default);
 * callers pass the key without the prefix. Every method rejects with a `BridgeError('STORE_UNAVAILABLE')`
 * when the backing store cannot be reached, so callers fail closed.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Returns true when the value was written (false only when `onlyIfAbsent` and the key exists). */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Atomically read and delete (Redis `GETDEL`): the basis of one-time consumption. */
  getDel(key: string): Promise<string | null>;
  del(key: string): Promise<void>;
  /** Atomically increment an integer counter, setting its absolute expiry on creation. Returns the new value. */
  incr(key: string, expiresAtMs: number): Promise<number>;
  /** Append to a capped log stream (Redis `XADD … MAXLEN ~ max`). Returns the entry id. */
  append(stream: string, fields: Readonly<Record<string, string>>, maxLength: number): Promise<string>;
  /** Newest-first read of a log stream. */
  readLatest(stream: string, count: number): Promise<Array<{ id: string; fields: Record<string, string> }>>;
  /** Publish on a channel (Redis pub/sub); delivered to every subscriber in every process. */
  publish(channel: string, message: string): Promise<void>;
  /** Subscribe to a channel; returns an unsubscribe function. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Readiness probe: resolves when the store answers, rejects with STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Human-readable kind for logs and /readyz (`memory` or `redis`). */
  readonly kind: 'memory' | 'redis';
  close(): Promise<void>;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface RandomSource {
  /** Cryptographically strong random bytes. */
  bytes(length: number): Buffer;
}

/**
 * Server key material. The secret access keys of temporary credentials are derived from `master`
 * (HMAC), so Redis never holds a usable secret; session tokens are stored only as SHA-256 digests.
 */
export interface KeyMaterial {
  /** ≥ 32 bytes. Rotating it invalidates every temporary credential. */
  readonly master: Buffer;
}
