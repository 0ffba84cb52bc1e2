/**
 * @module dev-oidc/oauth-authorization — the simulated OAuth 2.0 authorization-code flow (RFC 6749
 * §4.1 with PKCE, RFC 7636) of the Facebook and Login with Amazon simulators (development only).
 *
 * `GET <authorize>` shows a small login form with the demo users; `POST <authorize>` redirects back
 * with `code` + `state`, or `error=access_denied` when the user cancels. `POST <token>` redeems a
 * code once (client id + secret, same redirect URI, PKCE S256 verifier) for an access token minted by
 * the simulator. `fault=other-app` on the authorization request makes the token belong to another
 * app (federation testing).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface DemoUser {
  /** Login name shown in the form. */
  readonly login: string;
  /** The provider's user id (`user_id`). */
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface OAuthSimulatorOptions {
  /** Shown on the login page. */
  readonly title: string;
  /** client id → client secret. */
  readonly clients: ReadonlyMap<string, string>;
  readonly users: readonly DemoUser[];
  /** Mints the access token the token endpoint returns. */
  mint(user: DemoUser, clientId: string, fault: 'other-app' | undefined): string;
}

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly user: DemoUser;
  readonly fault: 'other-app' | undefined;
  readonly expiresAt: number;
}

const CODE_TTL_MS = 60_000;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, target: URL): void {
  res.writeHead(303, { location: target.href, 'cache-control': 'no-store' });
  res.end();
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createOAuthSimulator(options: OAuthSimulatorOptions) {
  const codes = new Map<string, PendingCode>();

  /** The authorization request, or a reason it is refused (shown, never redirected: RFC 6749 §4.1.2.1). */
  function authorizationRequest(params: URLSearchParams): { ok: true; clientId: string; redirectUri: string; state: string; challenge: string; fault: 'other-app' | undefined } | { ok: false; reason: string } {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!options.clients.has(clientId)) return { ok: false, reason: 'unknown client_id' };
    if (!/^https?:\/\//.test(redirectUri)) return { ok: false, reason: 'redirect_uri is required' };
    if (params.get('response_type') !== 'code') return { ok: false, reason: 'response_type must be code' };
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(challenge)) return { ok: false, reason: 'PKCE (S256) is required' };
    const fault = params.get('fault') === 'other-app' ? 'other-app' : undefined;
    return { ok: true, clientId, redirectUri, state: params.get('state') ?? '', challenge, fault };
  }

  function loginPage(res: ServerResponse, params: URLSearchParams): void {
    const request = authorizationRequest(params);
    if (!request.ok) return sendJson(res, 400, { error: 'invalid_request', error_description: request.reason });
    const hidden = ['client_id', 'redirect_uri', 'state', 'response_type', 'code_challenge', 'code_challenge_method', 'fault', 'scope']
      .filter((k) => params.has(k))
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(params.get(k)!)}">`)
      .join('');
    const users = options.users.map((u) => `<option value="${escapeHtml(u.login)}">${escapeHtml(u.name)} (${escapeHtml(u.email)})</option>`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html><head><title>${escapeHtml(options.title)} (simulated)</title></head><body>
<h1>${escapeHtml(options.title)} — simulated, development only</h1>
<form method="post">${hidden}
<label>Demo user <select name="login">${users}</select></label>
<label>Password <input type="password" name="password" value="demo"></label>
<button name="decision" value="allow">Continue</button> <button name="decision" value="deny">Cancel</button>
</form></body></html>`);
  }

  function decide(res: ServerResponse, form: URLSearchParams): void {
    const request = authorizationRequest(form);
    if (!request.ok) return sendJson(res, 400, { error: 'invalid_request', error_description: request.reason });
    const back = new URL(request.redirectUri);
    if (request.state) back.searchParams.set('state', request.state);
    const user = options.users.find((u) => u.login === form.get('login'));
    if (form.get('decision') !== 'allow' || !user) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied the request.');
      return redirect(res, back);
    }
    const code = randomBytes(24).toString('base64url');
    for (const [old, pending] of codes) if (pending.expiresAt < Date.now()) codes.delete(old);
    codes.set(code, { clientId: request.clientId, redirectUri: request.redirectUri, challenge: request.challenge, user, fault: request.fault, expiresAt: Date.now() + CODE_TTL_MS });
    back.searchParams.set('code', code);
    redirect(res, back);
  }

  function token(res: ServerResponse, form: URLSearchParams, authorization: string | undefined): void {
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const expected = options.clients.get(clientId);
    if (expected === undefined || !sameSecret(secret, expected)) return sendJson(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    // A code is redeemed once (RFC 6749 §4.1.2): a second attempt finds nothing.
    codes.delete(code);
    if (!pending || pending.expiresAt < Date.now() || pending.clientId !== clientId || pending.redirectUri !== form.get('redirect_uri')) {
      return sendJson(res, 400, { error: 'invalid_grant', error_description: 'The authorization code is invalid, expired or already used.' });
    }
    const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
    if (challenge !== pending.challenge) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed.' });
    sendJson(res, 200, { access_token: options.mint(pending.user, clientId, pending.fault), token_type: 'bearer', expires_in: 3600 });
  }

  return {
    /** The authorization endpoint (GET: login form, POST: the user's decision) or the token endpoint. */
    handle(res: ServerResponse, method: string, kind: 'authorize' | 'token', params: URLSearchParams, authorization: string | undefined): void {
      if (kind === 'authorize') return method === 'POST' ? decide(res, params) : loginPage(res, params);
      if (method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'use POST' });
      return token(res, params, authorization);
    },
    userById: (id: string) => options.users.find((u) => u.id === id),
  };
}
