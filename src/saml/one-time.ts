/**
 * @module saml/one-time — SAML state in the shared store, consumed atomically (security.md §1.4, §1.5).
 *
 * - Outstanding AuthnRequests: `saml:req:<id>` (10 min), read to check, then consumed with GETDEL.
 * - Seen assertions: `saml:seen:<sha256(issuer|assertionID)>` with `SET NX PXAT` until the
 *   assertion's own expiry (+ skew): the one arbiter between concurrent POSTs on any instance.
 * A store error propagates as STORE_UNAVAILABLE: nothing is accepted without the store (fail closed).
 */
import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../core/index.js';

export const REQUEST_TTL_MS = 10 * 60 * 1000;

export interface PendingRequest {
  /** Provider ARN the login was started for. */
  readonly provider: string;
  readonly entityId: string;
  /** The RelayState handle sent with the request. */
  readonly relay: string;
  /** sha256 of the browser-binding cookie value. */
  readonly binding: string;
  /** Same-origin path to land on after sign-in. */
  readonly returnTo: string;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const requestKey = (id: string) => `saml:req:${sha256(id)}`;
const seenKey = (issuer: string, assertionId: string) => `saml:seen:${sha256(`${issuer}|${assertionId}`)}`;

export function createSamlStateStore(store: KeyValueStore) {
  return {
    async saveRequest(id: string, request: PendingRequest, nowMs: number): Promise<void> {
      await store.set(requestKey(id), JSON.stringify(request), { expiresAtMs: nowMs + REQUEST_TTL_MS, onlyIfAbsent: true });
    },
    async peekRequest(id: string): Promise<PendingRequest | undefined> {
      const text = await store.get(requestKey(id));
      return text === null ? undefined : (JSON.parse(text) as PendingRequest);
    },
    async consumeRequest(id: string): Promise<boolean> {
      return (await store.getDel(requestKey(id))) !== null;
    },
    async seen(issuer: string, assertionId: string): Promise<boolean> {
      return (await store.get(seenKey(issuer, assertionId))) !== null;
    },
    /** True when this call consumed the assertion id (first use). */
    async markSeen(issuer: string, assertionId: string, untilMs: number): Promise<boolean> {
      return store.set(seenKey(issuer, assertionId), '1', { expiresAtMs: untilMs, onlyIfAbsent: true });
    },
  };
}

export type SamlStateStore = ReturnType<typeof createSamlStateStore>;
