/**
 * @module core/session-resolver — session lookup with a short local cache and revocation checks.
 *
 * Verification is the hot path, so sessions are cached in-process for at most one second; a
 * revocation published by any instance clears every cache at once, and the one-second bound
 * holds even if a pub/sub message is lost. A store failure is never hidden by the cache beyond
 * that bound (fail closed).
 */
import type { KeyValueStore, Clock } from './ports.js';
import { REVOCATION_CHANNEL, revocationStatus, type RevocationStatus } from './revocation.js';
import type { Session } from './session.js';
import type { SessionRepository } from './session-repository.js';

export interface ResolvedSession {
  readonly session: Session;
  readonly revocation: RevocationStatus;
}

export interface SessionResolver {
  find(accessKeyId: string): Promise<ResolvedSession | undefined>;
  /** Drops every cached entry (called on revocation messages). */
  invalidate(): void;
  /** Subscribes to revocation messages; returns the unsubscribe function. */
  start(): Promise<() => Promise<void>>;
}

const CACHE_TTL_MS = 1000;
const CACHE_LIMIT = 50_000;

export function createSessionResolver(deps: { store: KeyValueStore; sessions: SessionRepository; clock: Clock }): SessionResolver {
  const cache = new Map<string, { value: ResolvedSession; until: number }>();
  const invalidate = () => cache.clear();
  return {
    async find(accessKeyId) {
      const now = deps.clock.now();
      const hit = cache.get(accessKeyId);
      if (hit && hit.until > now) return hit.value;
      const session = await deps.sessions.find(accessKeyId);
      if (!session) {
        cache.delete(accessKeyId);
        return undefined;
      }
      const value = { session, revocation: await revocationStatus(deps.store, session) };
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(accessKeyId, { value, until: now + CACHE_TTL_MS });
      return value;
    },
    invalidate,
    start: () => deps.store.subscribe(REVOCATION_CHANNEL, invalidate),
  };
}
