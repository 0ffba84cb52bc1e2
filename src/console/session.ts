/**
 * @module console/session — the console session: server-side, bound to credentials, with a stack.
 *
 * A console session lives in the store under `console:sess:<sha256(cookie value)>` (so reading the
 * store yields no usable cookie). Its current frame names the access key id of the credentials the
 * console acts with (an IAM user's console credential or a role session); `previous` holds the
 * identities held before each switch, oldest first, so Exit role gives back exactly the one before.
 * The session is valid only while the current credentials exist, have not expired and have not
 * been revoked. Signing out deletes it and revokes the credentials of every frame (and its login).
 */
import { timingSafeEqual } from 'node:crypto';
import { revokeOnBehalf, sha256Hex, type Clock, type KeyValueStore, type RandomSource, type Session, type StsServices } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { clearCookie, readCookie, setCookie } from './cookies.js';

export const CONSOLE_COOKIE = 'rg_console';

/** Header stripe colors offered at switch role (CSS classes `stripe-<color>`; never raw CSS). */
export const CONSOLE_COLORS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
export type ConsoleColor = (typeof CONSOLE_COLORS)[number];

export function consoleColor(value: string | undefined): ConsoleColor | undefined {
  return (CONSOLE_COLORS as readonly string[]).includes(value ?? '') ? (value as ConsoleColor) : undefined;
}

export interface ConsoleIdentity {
  /** Who signed in, as the IdP named them (NameID, email, sub …), or the IAM user / session ARN. */
  readonly subject: string;
  readonly displayName?: string;
  /** Provider ARN or name the identity came from (`iam-user`, `federation` for the built-in ways in). */
  readonly provider: string;
}

/** One identity the console can act as: the credentials and how to show them. */
export interface ConsoleFrame {
  readonly kind: 'user' | 'role';
  readonly accessKeyId: string;
  readonly arn: string;
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly userName?: string;
  readonly account: string;
  readonly accountAlias?: string;
  readonly sessionName: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly sourceIdentity?: string;
  /** Chosen at switch role. */
  readonly displayName?: string;
  readonly color?: ConsoleColor;
}

export interface ConsoleSession extends ConsoleFrame {
  readonly v: 2;
  readonly csrf: string;
  readonly identity: ConsoleIdentity;
  readonly loginId?: string;
  /** Frames held before each switch, oldest first. */
  readonly previous: readonly ConsoleFrame[];
}

export interface ConsoleDeps {
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly services: StsServices;
  /** True when rolegate is served over HTTPS (Secure, `__Host-` cookies). */
  readonly secureCookies: boolean;
}

const sessionKey = (cookieValue: string) => `console:sess:${sha256Hex(cookieValue)}`;
export const randomToken = (random: RandomSource, bytes = 32) => random.bytes(bytes).toString('base64url');

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The frame of a stored credential session. */
export function frameOf(deps: Pick<ConsoleDeps, 'services'>, session: Session, display: { displayName?: string; color?: ConsoleColor } = {}): ConsoleFrame {
  const alias = deps.services.directory.account(session.account)?.alias;
  const isRole = session.kind === 'assumed-role';
  return {
    kind: isRole ? 'role' : 'user',
    accessKeyId: session.accessKeyId,
    arn: session.arn,
    ...(isRole && session.roleArn ? { roleArn: session.roleArn } : {}),
    ...(isRole && session.roleName ? { roleName: session.roleName } : {}),
    // A federated user (GetFederationToken) is shown by its own name, not the IAM user behind it.
    ...(!isRole ? { userName: session.kind === 'federated-user' ? session.sessionName : (session.userArn?.split('/').pop() ?? session.sessionName) } : {}),
    account: session.account,
    ...(alias ? { accountAlias: alias } : {}),
    sessionName: session.sessionName,
    issuedAt: session.issuedAt,
    expiresAt: session.expiresAt,
    ...(session.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {}),
    ...(display.displayName ? { displayName: display.displayName } : {}),
    ...(display.color ? { color: display.color } : {}),
  };
}

const lifetimeOf = (session: ConsoleSession) => Math.max(session.expiresAt, ...session.previous.map((f) => f.expiresAt));

function cookieFor(deps: ConsoleDeps, id: string, session: ConsoleSession): string {
  return setCookie(CONSOLE_COOKIE, id, { secure: deps.secureCookies, maxAgeSeconds: (lifetimeOf(session) - deps.clock.now()) / 1000 });
}

/**
 * Starts a console session for freshly issued credentials. A new random id every time (no session
 * fixation: a cookie sent before sign-in is never adopted); returns the `Set-Cookie` header value.
 */
export async function startConsoleSession(
  deps: ConsoleDeps,
  input: { readonly session: Session; readonly identity: ConsoleIdentity; readonly loginId?: string },
): Promise<{ readonly cookie: string; readonly session: ConsoleSession }> {
  const id = randomToken(deps.random);
  const session: ConsoleSession = {
    v: 2,
    csrf: randomToken(deps.random),
    identity: input.identity,
    ...(input.loginId ? { loginId: input.loginId } : {}),
    ...frameOf(deps, input.session),
    previous: [],
  };
  await deps.store.set(sessionKey(id), JSON.stringify(session), { expiresAtMs: session.expiresAt, onlyIfAbsent: true });
  return { cookie: cookieFor(deps, id, session), session };
}

/** The session named by the request's cookie, if it and its current credentials are still valid. */
export async function readConsoleSession(deps: ConsoleDeps, cookieHeader: string | undefined): Promise<ConsoleSession | undefined> {
  const id = readCookie(cookieHeader, CONSOLE_COOKIE, deps.secureCookies);
  if (!id) return undefined;
  const text = await deps.store.get(sessionKey(id));
  if (text === null) return undefined;
  const session = JSON.parse(text) as ConsoleSession;
  if (session.v !== 2 || session.expiresAt <= deps.clock.now()) return undefined;
  const credentials = await deps.services.resolver.find(session.accessKeyId);
  if (!credentials || credentials.revocation.revoked) {
    await deps.store.del(sessionKey(id));
    return undefined;
  }
  return session;
}

/**
 * Replaces the session's current frame and stack (switch role pushes, exit role pops) under a NEW
 * id — a privilege change regenerates the session (security.md §6). The old record is consumed
 * first (GETDEL), so of two concurrent changes of one session exactly one wins; the other gets
 * CONSOLE_SESSION_REQUIRED. Returns the new cookie (its lifetime follows the longest-lived frame).
 */
export async function updateConsoleSession(deps: ConsoleDeps, cookieHeader: string | undefined, next: ConsoleSession): Promise<string> {
  const old = readCookie(cookieHeader, CONSOLE_COOKIE, deps.secureCookies);
  if (!old || (await deps.store.getDel(sessionKey(old))) === null) throw new BridgeError('CONSOLE_SESSION_REQUIRED', { detail: 'the console session changed concurrently' });
  const id = randomToken(deps.random);
  await deps.store.set(sessionKey(id), JSON.stringify(next), { expiresAtMs: lifetimeOf(next), onlyIfAbsent: true });
  return cookieFor(deps, id, next);
}

/** Revokes every credential issued from one login (single logout, console sign-out). */
export async function endLogin(deps: ConsoleDeps, loginId: string): Promise<void> {
  await revokeOnBehalf(deps.services, { scope: 'login', loginId }, 'the console sign-in ended', deps.clock.now());
}

/** Revokes one frame's credentials (exit role, sign-out). */
export async function revokeFrame(deps: ConsoleDeps, frame: ConsoleFrame, reason: string): Promise<void> {
  await revokeOnBehalf(deps.services, { scope: 'session', accessKeyId: frame.accessKeyId }, reason, deps.clock.now(), frame.expiresAt);
}

/** Signs out: deletes the console session, revokes every frame's credentials and its login; returns the clearing cookie. */
export async function endConsoleSession(deps: ConsoleDeps, cookieHeader: string | undefined, session: ConsoleSession): Promise<string> {
  const id = readCookie(cookieHeader, CONSOLE_COOKIE, deps.secureCookies);
  if (id) await deps.store.del(sessionKey(id));
  for (const frame of [session, ...session.previous]) await revokeFrame(deps, frame, 'console sign-out');
  if (session.loginId) await endLogin(deps, session.loginId);
  return clearCookie(CONSOLE_COOKIE, deps.secureCookies);
}
