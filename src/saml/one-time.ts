/**
 * @module saml/one-time — SAML state in the shared store, consumed atomically (security.md §1.4, §1.5).
 *
 * - Outstanding AuthnRequests: `saml:req:<id>` (10 min), read to check, then consumed with GETDEL.
 * - Outstanding LogoutRequests (SP-initiated single logout): `saml:logout:<id>` (10 min), consumed with GETDEL.
 * - The subject of a console login (`saml:login:<loginId>`): what our LogoutRequest names; and the
 *   logins of one IdP subject (`saml:subject:<sha256(issuer, NameID)>`): what an IdP's LogoutRequest
 *   without SessionIndex ends (SAML Core §3.7.3.2: all sessions of that principal).
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
  /** When the request was issued (ISO 8601; node-saml's `requestIdExpirationPeriodMs` reads it). */
  readonly createdAt?: string;
}

/** Who signed in at which provider: what an SP-initiated LogoutRequest must name. */
export interface LoginSubject {
  readonly providerArn: string;
  readonly nameId: string;
  readonly nameIdFormat?: string;
  readonly sessionIndex?: string;
}

/** An outstanding LogoutRequest of ours. */
export interface PendingLogout {
  readonly providerArn: string;
  readonly entityId: string;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const requestKey = (id: string) => `saml:req:${sha256(id)}`;
const loginKey = (loginId: string) => `saml:login:${sha256(loginId)}`;
const subjectKey = (issuer: string, nameId: string) => `saml:subject:${sha256(`${issuer}\n${nameId}`)}`;
/** Logins remembered per subject, for LogoutRequests without SessionIndex (the most recent ones). */
const SUBJECT_LOGINS = 50;
const logoutKey = (id: string) => `saml:logout:${sha256(id)}`;
const seenKey = (issuer: string, assertionId: string) => `saml:seen:${sha256(`${issuer}|${assertionId}`)}`;

/** One kind of outstanding request of ours: saved once for REQUEST_TTL_MS, read to check, consumed with GETDEL. */
function outstanding<T>(store: KeyValueStore, keyOf: (id: string) => string) {
  return {
    async save(id: string, value: T, nowMs: number): Promise<void> {
      await store.set(keyOf(id), JSON.stringify(value), { expiresAtMs: nowMs + REQUEST_TTL_MS, onlyIfAbsent: true });
    },
    async peek(id: string): Promise<T | undefined> {
      const text = await store.get(keyOf(id));
      return text === null ? undefined : (JSON.parse(text) as T);
    },
    async consume(id: string): Promise<boolean> {
      return (await store.getDel(keyOf(id))) !== null;
    },
  };
}

export function createSamlStateStore(store: KeyValueStore) {
  const requests = outstanding<PendingRequest>(store, requestKey);
  const logouts = outstanding<PendingLogout>(store, logoutKey);
  return {
    saveRequest: requests.save,
    peekRequest: requests.peek,
    consumeRequest: requests.consume,
    async seen(issuer: string, assertionId: string): Promise<boolean> {
      return (await store.get(seenKey(issuer, assertionId))) !== null;
    },
    async saveLoginSubject(loginId: string, subject: LoginSubject, untilMs: number): Promise<void> {
      await store.set(loginKey(loginId), JSON.stringify(subject), { expiresAtMs: untilMs });
    },
    async takeLoginSubject(loginId: string): Promise<LoginSubject | undefined> {
      const text = await store.getDel(loginKey(loginId));
      return text === null ? undefined : (JSON.parse(text) as LoginSubject);
    },
    /** Remembers a login under its IdP subject (read-modify-write: a rare concurrent login may drop one entry). */
    async addSubjectLogin(issuer: string, nameId: string, loginId: string, untilMs: number): Promise<void> {
      const text = await store.get(subjectKey(issuer, nameId));
      const logins = (text === null ? [] : (JSON.parse(text) as string[])).filter((id) => id !== loginId);
      await store.set(subjectKey(issuer, nameId), JSON.stringify([...logins, loginId].slice(-SUBJECT_LOGINS)), { expiresAtMs: untilMs });
    },
    async subjectLogins(issuer: string, nameId: string): Promise<string[]> {
      const text = await store.get(subjectKey(issuer, nameId));
      return text === null ? [] : (JSON.parse(text) as string[]);
    },
    saveLogout: logouts.save,
    peekLogout: logouts.peek,
    consumeLogout: logouts.consume,
    /** True when this call consumed the assertion id (first use). */
    async markSeen(issuer: string, assertionId: string, untilMs: number): Promise<boolean> {
      return store.set(seenKey(issuer, assertionId), '1', { expiresAtMs: untilMs, onlyIfAbsent: true });
    },
  };
}

export type SamlStateStore = ReturnType<typeof createSamlStateStore>;
