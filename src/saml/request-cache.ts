/**
 * @module saml/request-cache — node-saml's `CacheProvider` backed by the shared store, so the
 * outstanding AuthnRequest ids that passport-saml checks live in `saml:req:*` (any instance) and
 * the take is atomic (GETDEL).
 *
 * One provider per HTTP request: `saveAsync` stores the pending request prepared for this login
 * (provider, RelayState handle, browser binding), `removeAsync` records whether this request is the
 * one that took the id, so the validator's commit knows it must not take it again.
 */
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { PendingRequest, SamlStateStore } from './one-time.js';

export interface RequestCache extends CacheProvider {
  /** Ids this provider took from the store (GETDEL answered a value). */
  readonly taken: ReadonlySet<string>;
}

export function createRequestCache(state: SamlStateStore, nowMs: () => number, pending?: Omit<PendingRequest, 'createdAt'>): RequestCache {
  const taken = new Set<string>();
  return {
    taken,
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      // node-saml saves the ids of LogoutRequests too; only an AuthnRequest prepared here is kept.
      if (!pending) return null;
      await state.saveRequest(key, { ...pending, createdAt: value }, nowMs());
      return { value, createdAt: nowMs() };
    },
    async getAsync(key: string): Promise<string | null> {
      const request = await state.peekRequest(key);
      if (!request) return null;
      return request.createdAt ?? new Date(nowMs()).toISOString();
    },
    async removeAsync(key: string | null): Promise<string | null> {
      if (key === null) return null;
      if (!(await state.consumeRequest(key))) return null;
      taken.add(key);
      return key;
    },
  };
}
