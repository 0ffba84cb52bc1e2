/**
 * @module console/iam-sign-in — an IAM user signs in with account, user name, password (and MFA).
 *
 * The sign-in form is protected against login CSRF by a token bound to a pre-session cookie
 * (`rg_signin`, random, HttpOnly, SameSite=Lax): the form's `csrf` is HMAC(master key, cookie), so
 * nothing is stored before sign-in. When the user has an MFA device and no code came with the
 * password, the password step leaves a pending state for 5 minutes (`console:mfa:<sha256(handle)>`,
 * cookie `rg_mfa`) and the code step consumes it once (GETDEL); five wrong codes end it.
 * Every failure is one generic LOGIN_FAILED. Success starts a console session with a new id.
 */
import { createHmac } from 'node:crypto';
import { sha256Hex, signInFailed, SIGN_IN_FAILED_MESSAGE, startUserConsoleSession, verifyUserPassword, type RequestEnvironment, type User } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { clearCookie, readCookie, setCookie } from './cookies.js';
import { randomToken, sameToken, startConsoleSession, type ConsoleDeps, type ConsoleSession } from './session.js';

export const SIGNIN_COOKIE = 'rg_signin';
export const MFA_COOKIE = 'rg_mfa';
const SIGNIN_COOKIE_SECONDS = 60 * 60;
const MFA_TTL_MS = 5 * 60 * 1000;
const MFA_ATTEMPTS = 5;

const mfaKey = (handle: string) => `console:mfa:${sha256Hex(handle)}`;

interface PendingMfa {
  readonly userArn: string;
  /** Where to go after the sign-in (already checked by the caller). */
  readonly returnTo: string;
  readonly csrf: string;
  readonly failures: number;
  readonly expiresAtMs: number;
}

export interface SignInForm {
  /** The form token and, when the browser had no pre-session cookie yet, the cookie to set. */
  readonly csrf: string;
  readonly cookies: readonly string[];
}

function formToken(deps: ConsoleDeps, cookieValue: string): string {
  return createHmac('sha256', deps.services.keys.master).update(`console-signin\n${cookieValue}`).digest('base64url');
}

/** The sign-in form's CSRF token (reusing the browser's pre-session cookie when it has one). */
export function signInForm(deps: ConsoleDeps, cookieHeader: string | undefined): SignInForm {
  const existing = readCookie(cookieHeader, SIGNIN_COOKIE, deps.secureCookies);
  const value = existing ?? randomToken(deps.random);
  return {
    csrf: formToken(deps, value),
    cookies: existing ? [] : [setCookie(SIGNIN_COOKIE, value, { secure: deps.secureCookies, maxAgeSeconds: SIGNIN_COOKIE_SECONDS })],
  };
}

function checkFormToken(deps: ConsoleDeps, cookieHeader: string | undefined, csrf: string | undefined): void {
  const value = readCookie(cookieHeader, SIGNIN_COOKIE, deps.secureCookies);
  if (!value || !sameToken(formToken(deps, value), csrf)) throw new BridgeError('CSRF_INVALID');
}

export type IamSignInOutcome =
  | { readonly kind: 'signed-in'; readonly cookies: readonly string[]; readonly session: ConsoleSession; readonly returnTo: string }
  | { readonly kind: 'mfa'; readonly cookies: readonly string[]; readonly csrf: string };

async function finish(deps: ConsoleDeps, user: User, mfaCode: string | undefined, env: RequestEnvironment, returnTo: string, extraCookies: readonly string[] = []): Promise<IamSignInOutcome> {
  const loginId = randomToken(deps.random, 16);
  const { session } = await startUserConsoleSession(deps.services, user, { ...(mfaCode !== undefined ? { mfaCode } : {}), loginId, env });
  const started = await startConsoleSession(deps, { session, identity: { subject: user.arn, displayName: user.name, provider: 'iam-user' }, loginId });
  return { kind: 'signed-in', cookies: [started.cookie, ...extraCookies], session: started.session, returnTo };
}

/** An audited failed sign-in: who was tried (never the password or code), from where. */
async function recordFailure(deps: ConsoleDeps, attempted: string, env: RequestEnvironment): Promise<void> {
  await deps.services.audit.record({
    type: 'console.signin',
    action: 'signin:ConsoleLogin',
    principal: attempted.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 160),
    result: 'failure',
    reason: SIGN_IN_FAILED_MESSAGE,
    ...(env.sourceIp ? { sourceIp: env.sourceIp } : {}),
    ...(env.requestId ? { requestId: env.requestId } : {}),
  });
}

/**
 * Who a failed password step names in the audit trail: the user's ARN when it exists; otherwise
 * the typed name is hidden, as CloudTrail does (`HIDDEN_DUE_TO_SECURITY_REASONS`), because people
 * type their password into the user-name field.
 */
function attemptedPrincipal(deps: ConsoleDeps, account: string | undefined, userName: string | undefined): string {
  const accountId = account ? deps.services.directory.account(account.trim())?.id : undefined;
  const user = accountId && userName ? deps.services.directory.userByName(accountId, userName.trim()) : undefined;
  return user?.arn ?? `${accountId ?? HIDDEN}/${HIDDEN}`;
}

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** The password step (with the MFA code in the same post, or leading to the MFA step). */
export async function signInIamUser(
  deps: ConsoleDeps,
  input: {
    readonly cookieHeader: string | undefined;
    readonly csrf: string | undefined;
    readonly account: string | undefined;
    readonly userName: string | undefined;
    readonly password: string | undefined;
    readonly mfaCode: string | undefined;
    /** A console path checked by the caller (`consoleReturnPath`). */
    readonly returnTo: string;
    readonly env: RequestEnvironment;
  },
): Promise<IamSignInOutcome> {
  checkFormToken(deps, input.cookieHeader, input.csrf);
  if (!input.account || !input.userName || !input.password) throw signInFailed('a field is missing');
  const user = await verifyUserPassword(deps.services, input.account.trim(), input.userName.trim(), input.password).catch(async (error: unknown) => {
    await recordFailure(deps, attemptedPrincipal(deps, input.account, input.userName), input.env);
    throw error;
  });
  const mfaCode = input.mfaCode?.trim() || undefined;
  if (user.mfaDevices.length === 0 || mfaCode !== undefined) {
    return finish(deps, user, mfaCode, input.env, input.returnTo).catch(async (error: unknown) => {
      await recordFailure(deps, user.arn, input.env);
      throw error;
    });
  }
  const handle = randomToken(deps.random);
  const csrf = randomToken(deps.random);
  const state: PendingMfa = { userArn: user.arn, returnTo: input.returnTo, csrf, failures: 0, expiresAtMs: deps.clock.now() + MFA_TTL_MS };
  await deps.store.set(mfaKey(handle), JSON.stringify(state), { expiresAtMs: state.expiresAtMs, onlyIfAbsent: true });
  return { kind: 'mfa', cookies: [setCookie(MFA_COOKIE, handle, { secure: deps.secureCookies, maxAgeSeconds: MFA_TTL_MS / 1000 })], csrf };
}

/**
 * The MFA step: the pending state's CSRF token, then the code. The state is consumed (GETDEL) before
 * the code is checked, so it can be used once; after a wrong code it is put back, at most five times.
 */
export async function continueWithMfa(
  deps: ConsoleDeps,
  input: { readonly cookieHeader: string | undefined; readonly csrf: string | undefined; readonly mfaCode: string | undefined; readonly env: RequestEnvironment },
): Promise<IamSignInOutcome> {
  const handle = readCookie(input.cookieHeader, MFA_COOKIE, deps.secureCookies);
  const peek = handle ? await deps.store.get(mfaKey(handle)) : null;
  if (!handle || peek === null) throw new BridgeError('SIGNIN_STATE_INVALID');
  if (!sameToken((JSON.parse(peek) as PendingMfa).csrf, input.csrf)) throw new BridgeError('CSRF_INVALID');
  const text = await deps.store.getDel(mfaKey(handle));
  if (text === null) throw new BridgeError('SIGNIN_STATE_INVALID');
  const state = JSON.parse(text) as PendingMfa;
  if (state.expiresAtMs <= deps.clock.now()) throw new BridgeError('SIGNIN_STATE_INVALID', { detail: 'MFA step expired' });
  const user = deps.services.directory.userByArn(state.userArn);
  if (!user) throw signInFailed('user of the pending sign-in no longer exists');
  try {
    const code = input.mfaCode?.trim() ?? '';
    if (!/^\d{6}$/.test(code)) throw signInFailed('MFA code missing or malformed');
    return await finish(deps, user, code, input.env, state.returnTo, [clearCookie(MFA_COOKIE, deps.secureCookies)]);
  } catch (error) {
    await recordFailure(deps, user.arn, input.env);
    const retry: PendingMfa = { ...state, failures: state.failures + 1 };
    if (retry.failures < MFA_ATTEMPTS && retry.expiresAtMs > deps.clock.now()) {
      await deps.store.set(mfaKey(handle), JSON.stringify(retry), { expiresAtMs: retry.expiresAtMs, onlyIfAbsent: true });
    }
    throw error;
  }
}

/** The pending MFA step's CSRF token, for re-rendering the code form after a wrong code. */
export async function pendingMfaCsrf(deps: ConsoleDeps, cookieHeader: string | undefined): Promise<string | undefined> {
  const handle = readCookie(cookieHeader, MFA_COOKIE, deps.secureCookies);
  const text = handle ? await deps.store.get(mfaKey(handle)) : null;
  return text === null ? undefined : (JSON.parse(text) as PendingMfa).csrf;
}
