/**
 * @module store — `KeyValueStore` implementations: Redis for production, memory for dev and tests.
 */

export type { StoreLogger } from './logger.js';
export type { MemoryKeyValueStore, MemoryStoreOptions } from './memory-store.js';
export { createMemoryStore } from './memory-store.js';
export type { RedisKeyValueStore, RedisStoreOptions } from './redis-store.js';
export { checkEvictionPolicy, createRedisStore } from './redis-store.js';
