/**
 * @module console/session — the console session: server-side, bound to role credentials.
 *
 * A console session lives in the store under `console:sess:<sha256(cookie value)>` (so reading the
 * store yields no usable cookie) until its credentials expire. It names the access key id of the
 * credentials it was started with; it is valid only while that credential session exists, has not
 * expired and has not been revoked. Signing out deletes it and revokes every credential issued
 * from the same login (`loginId`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { writeRevocation, type AssumeRoleResult, type Clock, type KeyValueStore, type RandomSource, type StsServices } from '../core/index.js';
import { clearCookie, readCookie, setCookie } from './cookies.js';

export const CONSOLE_COOKIE = 'rg_console';

export interface ConsoleIdentity {
  /** Who signed in, as the IdP named them (NameID, email, sub …). */
  readonly subject: string;
  readonly displayName?: string;
  /** Provider ARN or name the identity came from. */
  readonly provider: string;
}

export interface ConsoleSession {
  readonly v: 1;
  readonly csrf: string;
  readonly identity: ConsoleIdentity;
  readonly loginId?: string;
  readonly accessKeyId: string;
  readonly arn: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly account: string;
  readonly accountAlias?: string;
  readonly sessionName: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly sourceIdentity?: string;
}

export interface ConsoleDeps {
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly services: StsServices;
  /** True when rolegate is served over HTTPS (Secure, `__Host-` cookies). */
  readonly secureCookies: boolean;
}

const sessionKey = (cookieValue: string) => `console:sess:${createHash('sha256').update(cookieValue).digest('hex')}`;
export const randomToken = (random: RandomSource, bytes = 32) => random.bytes(bytes).toString('base64url');

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Starts a console session for freshly issued role credentials. A new random id every time
 * (no session fixation); returns the `Set-Cookie` header value.
 */
export async function startConsoleSession(
  deps: ConsoleDeps,
  input: { readonly result: AssumeRoleResult; readonly identity: ConsoleIdentity; readonly loginId?: string },
): Promise<{ readonly cookie: string; readonly session: ConsoleSession }> {
  const { result } = input;
  const id = randomToken(deps.random);
  const session: ConsoleSession = {
    v: 1,
    csrf: randomToken(deps.random),
    identity: input.identity,
    ...(input.loginId ? { loginId: input.loginId } : {}),
    accessKeyId: result.credentials.accessKeyId,
    arn: result.arn,
    roleArn: result.role.arn,
    roleName: result.role.name,
    account: result.role.account,
    ...(deps.services.directory.account(result.role.account)?.alias ? { accountAlias: deps.services.directory.account(result.role.account)!.alias } : {}),
    sessionName: result.session.sessionName,
    issuedAt: result.session.issuedAt,
    expiresAt: result.session.expiresAt,
    ...(result.sourceIdentity ? { sourceIdentity: result.sourceIdentity } : {}),
  };
  await deps.store.set(sessionKey(id), JSON.stringify(session), { expiresAtMs: session.expiresAt, onlyIfAbsent: true });
  const cookie = setCookie(CONSOLE_COOKIE, id, { secure: deps.secureCookies, maxAgeSeconds: (session.expiresAt - deps.clock.now()) / 1000 });
  return { cookie, session };
}

/** The session named by the request's cookie, if it and its credentials are still valid. */
export async function readConsoleSession(deps: ConsoleDeps, cookieHeader: string | undefined): Promise<ConsoleSession | undefined> {
  const id = readCookie(cookieHeader, CONSOLE_COOKIE, deps.secureCookies);
  if (!id) return undefined;
  const text = await deps.store.get(sessionKey(id));
  if (text === null) return undefined;
  const session = JSON.parse(text) as ConsoleSession;
  if (session.v !== 1 || session.expiresAt <= deps.clock.now()) return undefined;
  const credentials = await deps.services.resolver.find(session.accessKeyId);
  if (!credentials || credentials.revocation.revoked) {
    await deps.store.del(sessionKey(id));
    return undefined;
  }
  return session;
}

/** Revokes every credential issued from one login (single logout, console sign-out). */
export async function endLogin(deps: ConsoleDeps, loginId: string): Promise<void> {
  await writeRevocation(deps.store, { scope: 'login', loginId }, deps.clock.now());
  deps.services.resolver.invalidate();
}

/** Signs out: deletes the console session, revokes its login's credentials; returns the clearing cookie. */
export async function endConsoleSession(deps: ConsoleDeps, cookieHeader: string | undefined, session: ConsoleSession): Promise<string> {
  const id = readCookie(cookieHeader, CONSOLE_COOKIE, deps.secureCookies);
  if (id) await deps.store.del(sessionKey(id));
  if (session.loginId) await endLogin(deps, session.loginId);
  else await writeRevocation(deps.store, { scope: 'session', accessKeyId: session.accessKeyId }, deps.clock.now(), session.expiresAt);
  deps.services.resolver.invalidate();
  return clearCookie(CONSOLE_COOKIE, deps.secureCookies);
}
