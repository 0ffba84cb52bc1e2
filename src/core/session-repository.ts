/**
 * @module core/session-repository — sessions in the key-value store, with TTL equal to their lifetime.
 *
 * A session record outlives its credentials by a short grace period so a request signed with an
 * expired credential gets `ExpiredToken` rather than `InvalidClientTokenId`, as on AWS.
 */
import type { KeyValueStore } from './ports.js';
import type { Session } from './session.js';

const EXPIRED_GRACE_MS = 60 * 60 * 1000;

export interface SessionRepository {
  /** Stores a new session; false when the access key id is already taken. */
  create(session: Session): Promise<boolean>;
  find(accessKeyId: string): Promise<Session | undefined>;
  delete(accessKeyId: string): Promise<void>;
}

export function sessionKey(accessKeyId: string): string {
  return `sess:${accessKeyId}`;
}

export function createSessionRepository(store: KeyValueStore): SessionRepository {
  return {
    async create(session) {
      return store.set(sessionKey(session.accessKeyId), JSON.stringify(session), {
        expiresAtMs: session.expiresAt + EXPIRED_GRACE_MS,
        onlyIfAbsent: true,
      });
    },
    async find(accessKeyId) {
      const text = await store.get(sessionKey(accessKeyId));
      if (text === null) return undefined;
      const parsed = JSON.parse(text) as Session;
      return parsed.v === 1 ? parsed : undefined;
    },
    async delete(accessKeyId) {
      await store.del(sessionKey(accessKeyId));
    },
  };
}
