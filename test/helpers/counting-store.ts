/**
 * Test helper: a KeyValueStore decorator that records writes, so tests can prove that a rejected
 * request stored nothing.
 */
import type { KeyValueStore, SetOptions } from '../../src/core/index.js';

export class CountingStore implements KeyValueStore {
  readonly writes: string[] = [];
  readonly kind: 'memory' | 'redis';
  constructor(private readonly inner: KeyValueStore) {
    this.kind = inner.kind;
  }
  /** Keys written since `mark` (an index into `writes`) that match a prefix. */
  writtenSince(mark: number, prefix = ''): string[] {
    return this.writes.slice(mark).filter((key) => key.startsWith(prefix));
  }
  get(key: string) {
    return this.inner.get(key);
  }
  set(key: string, value: string, options?: SetOptions) {
    this.writes.push(key);
    return this.inner.set(key, value, options);
  }
  getDel(key: string) {
    return this.inner.getDel(key);
  }
  del(key: string) {
    return this.inner.del(key);
  }
  incr(key: string, expiresAtMs: number) {
    this.writes.push(key);
    return this.inner.incr(key, expiresAtMs);
  }
  append(stream: string, fields: Readonly<Record<string, string>>, maxLength: number) {
    return this.inner.append(stream, fields, maxLength);
  }
  readLatest(stream: string, count: number) {
    return this.inner.readLatest(stream, count);
  }
  publish(channel: string, message: string) {
    return this.inner.publish(channel, message);
  }
  subscribe(channel: string, onMessage: (message: string) => void) {
    return this.inner.subscribe(channel, onMessage);
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}
