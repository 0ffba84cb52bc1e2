/**
 * @module console/federation — the federation endpoint: credentials in, a console session out.
 *
 * As AWS's `https://signin.aws.amazon.com/federation` (sts.md, console federation):
 * - `getSigninToken` takes `Session={"sessionId","sessionKey","sessionToken"}` — temporary
 *   credentials only, checked like any signed request (token digest, expiry, revocation) and the
 *   secret compared in constant time — and answers a sign-in token: 32 random bytes, stored as its
 *   SHA-256 for 15 minutes (`console:signin:<sha256>`), single use.
 * - `login` consumes the token atomically (GETDEL) and starts a console session with those same
 *   credentials, then sends the browser to `Destination`, which must be on rolegate's own origin
 *   under `/console` or `/switchrole` (`consoleDestination`, checked before the token is consumed).
 * `SessionDuration` (900–43200 s) shortens the console session, never the credentials' own expiry;
 * it is refused with chained and GetFederationToken credentials, as on AWS.
 */
import { resolveCaller, sha256Hex, type RequestEnvironment } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { randomToken, sameToken, startConsoleSession, type ConsoleDeps, type ConsoleSession } from './session.js';

const TOKEN_TTL_MS = 15 * 60 * 1000;
const tokenKey = (token: string) => `console:signin:${sha256Hex(token)}`;
const invalid = (message: string) => new BridgeError('VALIDATION', { message });

interface SigninTokenState {
  readonly accessKeyId: string;
  /** Also checked on use: the store's TTL is the backstop, the clock decides. */
  readonly expiresAtMs: number;
  readonly notAfterMs?: number;
}

function parseSession(text: string | undefined): { sessionId: string; sessionKey: string; sessionToken: string } {
  if (!text || text.length > 8192) throw invalid('Session must be a JSON object with sessionId, sessionKey and sessionToken.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('Session must be a JSON object with sessionId, sessionKey and sessionToken.');
  }
  const { sessionId, sessionKey, sessionToken } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || typeof sessionToken !== 'string') {
    throw invalid('Session must be a JSON object with sessionId, sessionKey and sessionToken.');
  }
  if (!/^ASIA[A-Z2-7]{16}$/.test(sessionId)) throw invalid('Only temporary credentials (AssumeRole, GetFederationToken, …) can sign in to the console.');
  return { sessionId, sessionKey, sessionToken };
}

export async function issueSigninToken(
  deps: ConsoleDeps,
  input: { readonly session: string | undefined; readonly sessionDuration: string | undefined; readonly env: RequestEnvironment },
): Promise<string> {
  const credentials = parseSession(input.session);
  let notAfterMs: number | undefined;
  if (input.sessionDuration !== undefined) {
    if (!/^\d{3,5}$/.test(input.sessionDuration) || Number(input.sessionDuration) < 900 || Number(input.sessionDuration) > 43200) {
      throw invalid('SessionDuration must be between 900 and 43200 seconds.');
    }
    notAfterMs = input.env.nowMs + Number(input.sessionDuration) * 1000;
  }
  const resolved = await resolveCaller(deps.services, credentials.sessionId, credentials.sessionToken);
  if (!resolved || !sameToken(resolved.secretAccessKey, credentials.sessionKey)) {
    throw new BridgeError('INVALID_CLIENT_TOKEN', { detail: 'federation: unknown credentials or wrong secret' });
  }
  const source = resolved.caller.session;
  // GetSessionToken credentials give no console access (AWS's comparison of the STS APIs).
  if (source?.kind === 'session-token') {
    throw invalid('Credentials from GetSessionToken cannot sign in to the console; use AssumeRole or GetFederationToken credentials.');
  }
  // SessionDuration only with AssumeRole* credentials, never with role chaining (sts.md §7).
  if (notAfterMs !== undefined && (source?.kind !== 'assumed-role' || source.chained)) {
    throw invalid('Invalid credentials parameter: SessionDuration can be given only with credentials from AssumeRole (not role chaining or GetFederationToken).');
  }
  const token = randomToken(deps.random);
  const state: SigninTokenState = { accessKeyId: credentials.sessionId, expiresAtMs: deps.clock.now() + TOKEN_TTL_MS, ...(notAfterMs !== undefined ? { notAfterMs } : {}) };
  await deps.store.set(tokenKey(token), JSON.stringify(state), { expiresAtMs: state.expiresAtMs, onlyIfAbsent: true });
  return token;
}

export async function loginWithSigninToken(deps: ConsoleDeps, token: string | undefined): Promise<{ cookie: string; session: ConsoleSession }> {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new BridgeError('SIGNIN_STATE_INVALID');
  const text = await deps.store.getDel(tokenKey(token));
  if (text === null) throw new BridgeError('SIGNIN_STATE_INVALID');
  const state = JSON.parse(text) as SigninTokenState;
  if (state.expiresAtMs <= deps.clock.now()) throw new BridgeError('SIGNIN_STATE_INVALID', { detail: 'sign-in token expired' });
  const resolved = await deps.services.resolver.find(state.accessKeyId);
  if (!resolved || resolved.revocation.revoked || resolved.session.expiresAt <= deps.clock.now()) throw new BridgeError('SIGNIN_STATE_INVALID', { detail: 'credentials ended' });
  const session = resolved.session;
  const limited = state.notAfterMs !== undefined && state.notAfterMs < session.expiresAt ? { ...session, expiresAt: state.notAfterMs } : session;
  return startConsoleSession(deps, { session: limited, identity: { subject: session.arn, provider: 'federation' } });
}
