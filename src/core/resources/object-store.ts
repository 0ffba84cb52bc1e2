/**
 * @module core/resources/object-store — the objects of the simulated buckets, kept in the KeyValueStore.
 *
 * Model: a bucket's objects are its configured initial objects overlaid by what PutObject and
 * DeleteObject did at runtime. The overlay lives in the store, so every instance sharing one Redis
 * sees the same objects and they survive a restart (with Redis):
 * - `s3:index:<bucket>` — the bucket's key index: JSON `[[key, entry | null], …]`, one entry per key
 *   written at runtime (its metadata and the id of the blob holding its bytes), `null` for a
 *   deleted initial object (a tombstone). Listing reads this one record.
 * - `s3:blob:<bucket>:<id>` — an object's bytes (base64) under a random id, written before the index
 *   points at it, so a reader never sees an index entry whose bytes are missing (an overwrite
 *   deletes the old blob only after the index moved on; a reader that loses that race re-reads).
 * - `s3:lock:<bucket>` — index updates are serialised per bucket: in-process by a promise chain,
 *   across instances by a `SET NX PXAT` lock (5 s lease), released only by its holder.
 * Reads never write. Limits: 5 MiB per object (EntityTooLarge), keys of 1-1024 UTF-8 bytes,
 * 2 KB of user metadata, 1000 objects and 100 MiB per bucket (a demo service, not a storage system).
 */
import { BridgeError } from '../../errors.js';
import type { Clock, KeyValueStore, RandomSource } from '../ports.js';
import { computeChecksum, etagOf } from './checksums.js';
import type { Bucket, ChecksumAlgorithm, ObjectInfo, StoredObject } from './types.js';

export const MAX_OBJECT_SIZE = 5 * 1024 * 1024;
export const MAX_KEY_BYTES = 1024;
export const MAX_METADATA_BYTES = 2048;
export const MAX_OBJECTS_PER_BUCKET = 1000;
export const MAX_BUCKET_BYTES = 100 * 1024 * 1024;

const LOCK_LEASE_MS = 5000;
const LOCK_ATTEMPTS = 200;
const LOCK_RETRY_MS = 15;

interface IndexEntry {
  readonly blob: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: number;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly checksum: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

/** key → entry, or null for a deleted initial object. A Map: keys are arbitrary text (`__proto__` too). */
type BucketIndex = Map<string, IndexEntry | null>;

export interface PutObjectInput {
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** A checksum the client sent and the adapter verified; otherwise CRC32 is computed. */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

export interface ObjectStore {
  /** Every object of the bucket, sorted by key in UTF-8 byte order (S3's listing order). */
  list(bucket: Bucket): Promise<ObjectInfo[]>;
  head(bucket: Bucket, key: string): Promise<ObjectInfo | undefined>;
  get(bucket: Bucket, key: string): Promise<StoredObject | undefined>;
  put(bucket: Bucket, input: PutObjectInput): Promise<ObjectInfo>;
  /** Deleting a key that does not exist is not an error (S3 answers 204 either way) and writes nothing. */
  delete(bucket: Bucket, key: string): Promise<void>;
}

export interface ObjectStoreDependencies {
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly random: RandomSource;
}

const indexKey = (bucket: string) => `s3:index:${bucket}`;
const blobKey = (bucket: string, id: string) => `s3:blob:${bucket}:${id}`;
const lockKey = (bucket: string) => `s3:lock:${bucket}`;

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Validates an object key (S3: 1-1024 bytes of UTF-8). */
export function checkObjectKey(key: string): void {
  if (key.length === 0) throw new BridgeError('VALIDATION', { message: 'Object keys must not be empty.' });
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new BridgeError('VALIDATION', { message: 'Your key is too long', detail: `key of ${Buffer.byteLength(key, 'utf8')} bytes` });
  }
}

function tooLarge(size: number): BridgeError {
  return new BridgeError('REQUEST_TOO_LARGE', {
    message: 'Your proposed upload exceeds the maximum allowed size',
    detail: `object of ${size} bytes; limit ${MAX_OBJECT_SIZE}`,
    extra: { proposedSize: size, maxSizeAllowed: MAX_OBJECT_SIZE },
  });
}

export function createObjectStore(deps: ObjectStoreDependencies): ObjectStore {
  const { store, clock, random } = deps;
  const seedCache = new Map<string, Map<string, StoredObject>>();
  const chains = new Map<string, Promise<void>>();

  function seeds(bucket: Bucket): Map<string, StoredObject> {
    let cached = seedCache.get(bucket.name);
    if (!cached) {
      cached = new Map();
      for (const seed of bucket.objects) {
        cached.set(seed.key, {
          body: seed.body,
          info: {
            key: seed.key,
            size: seed.body.length,
            etag: etagOf(seed.body),
            lastModified: bucket.creationDate,
            contentType: seed.contentType,
            metadata: {},
            checksum: { algorithm: 'CRC32', value: computeChecksum('CRC32', seed.body) },
          },
        });
      }
      seedCache.set(bucket.name, cached);
    }
    return cached;
  }

  async function readIndex(bucket: Bucket): Promise<BucketIndex> {
    const raw = await store.get(indexKey(bucket.name));
    if (raw === null) return new Map();
    try {
      return new Map(JSON.parse(raw) as Array<[string, IndexEntry | null]>);
    } catch (error) {
      throw new BridgeError('INTERNAL', { detail: `unreadable object index of bucket ${bucket.name}: ${(error as Error).message}` });
    }
  }

  const infoOf = (key: string, entry: IndexEntry): ObjectInfo => ({
    key,
    size: entry.size,
    etag: entry.etag,
    lastModified: entry.lastModified,
    contentType: entry.contentType,
    metadata: entry.metadata,
    checksum: entry.checksum,
  });

  function lookup(bucket: Bucket, index: BucketIndex, key: string): { info: ObjectInfo; blob?: string; seed?: StoredObject } | undefined {
    const entry = index.get(key);
    if (entry === null) return undefined;
    if (entry !== undefined) return { info: infoOf(key, entry), blob: entry.blob };
    const seed = seeds(bucket).get(key);
    return seed ? { info: seed.info, seed } : undefined;
  }

  async function withLock<T>(bucket: Bucket, work: () => Promise<T>): Promise<T> {
    const previous = chains.get(bucket.name) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    chains.set(bucket.name, previous.then(() => mine));
    await previous;
    try {
      const token = random.bytes(12).toString('hex');
      const key = lockKey(bucket.name);
      let acquired = false;
      for (let attempt = 0; attempt < LOCK_ATTEMPTS && !acquired; attempt++) {
        acquired = await store.set(key, token, { onlyIfAbsent: true, expiresAtMs: clock.now() + LOCK_LEASE_MS });
        if (!acquired) await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      }
      if (!acquired) throw new BridgeError('THROTTLED', { message: 'Please reduce your request rate.', detail: `bucket ${bucket.name} is locked` });
      try {
        return await work();
      } finally {
        if ((await store.get(key).catch(() => null)) === token) await store.del(key).catch(() => undefined);
      }
    } finally {
      done();
    }
  }

  async function writeIndex(bucket: Bucket, index: BucketIndex): Promise<void> {
    await store.set(indexKey(bucket.name), JSON.stringify([...index.entries()]));
  }

  async function listObjects(bucket: Bucket): Promise<ObjectInfo[]> {
    const index = await readIndex(bucket);
    const out = new Map<string, ObjectInfo>();
    for (const [key, seed] of seeds(bucket)) out.set(key, seed.info);
    for (const [key, entry] of index) {
      if (entry === null) out.delete(key);
      else out.set(key, infoOf(key, entry));
    }
    return [...out.values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  return {
    list: listObjects,

    async head(bucket, key) {
      return lookup(bucket, await readIndex(bucket), key)?.info;
    },

    async get(bucket, key) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const found = lookup(bucket, await readIndex(bucket), key);
        if (!found) return undefined;
        if (found.seed) return found.seed;
        const raw = await store.get(blobKey(bucket.name, found.blob!));
        // An overwrite or delete between the two reads removed the blob: read the index again.
        if (raw !== null) return { info: found.info, body: Buffer.from(raw, 'base64') };
      }
      return undefined;
    },

    async put(bucket, input) {
      checkObjectKey(input.key);
      if (input.body.length > MAX_OBJECT_SIZE) throw tooLarge(input.body.length);
      const metadataBytes = Object.entries(input.metadata).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
      if (metadataBytes > MAX_METADATA_BYTES) {
        throw new BridgeError('VALIDATION', { message: 'Your metadata headers exceed the maximum allowed metadata size.', detail: `${metadataBytes} bytes of metadata` });
      }
      const entry: IndexEntry = {
        blob: random.bytes(16).toString('hex'),
        size: input.body.length,
        etag: etagOf(input.body),
        lastModified: Math.floor(clock.now() / 1000) * 1000,
        contentType: input.contentType,
        metadata: { ...input.metadata },
        checksum: input.checksum ?? { algorithm: 'CRC32', value: computeChecksum('CRC32', input.body) },
      };
      await store.set(blobKey(bucket.name, entry.blob), input.body.toString('base64'));
      let replaced: string | undefined;
      try {
        await withLock(bucket, async () => {
          const index = await readIndex(bucket);
          const current = lookup(bucket, index, input.key);
          replaced = current?.blob;
          if (!current) {
            const objects = await listObjects(bucket);
            const bytes = objects.reduce((n, o) => n + o.size, 0);
            if (objects.length >= MAX_OBJECTS_PER_BUCKET || bytes + entry.size > MAX_BUCKET_BYTES) {
              throw new BridgeError('VALIDATION', {
                message: `This demo bucket is full (at most ${MAX_OBJECTS_PER_BUCKET} objects and ${MAX_BUCKET_BYTES / 1024 / 1024} MiB).`,
                detail: `bucket ${bucket.name}: ${objects.length} objects, ${bytes} bytes`,
              });
            }
          }
          index.set(input.key, entry);
          await writeIndex(bucket, index);
        });
      } catch (error) {
        await store.del(blobKey(bucket.name, entry.blob)).catch(() => undefined);
        throw error;
      }
      if (replaced) await store.del(blobKey(bucket.name, replaced)).catch(() => undefined);
      return infoOf(input.key, entry);
    },

    async delete(bucket, key) {
      // Nothing to do (and nothing written) when the key does not exist.
      if (!lookup(bucket, await readIndex(bucket), key)) return;
      let removed: string | undefined;
      await withLock(bucket, async () => {
        const index = await readIndex(bucket);
        const current = lookup(bucket, index, key);
        if (!current) return;
        removed = current.blob;
        if (seeds(bucket).has(key)) index.set(key, null);
        else index.delete(key);
        await writeIndex(bucket, index);
      });
      if (removed) await store.del(blobKey(bucket.name, removed)).catch(() => undefined);
    },
  };
}
