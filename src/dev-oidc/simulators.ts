/**
 * @module dev-oidc/simulators — simulated identity providers for development and tests (never in production).
 *
 * One HTTP listener serves:
 * - `/google/*` and `/corp/*`: standards-compliant OpenID providers (the `oidc-provider` library)
 *   standing in for Google (`iss` https://accounts.google.com) and a corporate IdP
 *   (`iss` https://corp-idp.example.com): discovery, JWKS, client-credentials token endpoint;
 * - `/facebook/debug_token`: a simulated Facebook Graph token inspection endpoint; `/facebook/dialog/oauth`
 *   (login form with the demo users), `/facebook/oauth/access_token` (code → access token) and
 *   `/facebook/me` (profile, with `appsecret_proof`);
 * - `/amazon/auth/o2/tokeninfo`: a simulated Login with Amazon token inspection endpoint; `/amazon/ap/oa`
 *   (login form), `/amazon/auth/o2/token` (code → access token) and `/amazon/user/profile`;
 * - `POST /{google,corp,facebook,amazon}/mint`: the development-only endpoint that mints a token for a
 *   demo user (ID tokens are signed with the simulated provider's own key), optionally faulty on
 *   purpose (`fault=wrong-audience|expired|bad-signature|future-iat|no-exp|other-app`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { type FindAccount } from 'oidc-provider';
import { createOAuthSimulator, type DemoUser } from './oauth-authorization.js';

export const SIMULATED_GOOGLE_ISSUER = 'https://accounts.google.com';
export const SIMULATED_CORP_ISSUER = 'https://corp-idp.example.com';
export const DEMO_GOOGLE_CLIENT_ID = 'demo-mobile-app.apps.googleusercontent.com';
export const DEMO_CORP_CLIENT_ID = 'rolegate-corp-app';
export const DEMO_FACEBOOK_APP = { id: 'demo-facebook-app', secret: 'demo-facebook-app-secret' } as const;
export const DEMO_AMAZON_CLIENT_ID = 'amzn1.application-oa2-client.demo';
export const DEMO_AMAZON_CLIENT_SECRET = 'demo-amazon-client-secret-0123456789';
export const DEMO_GOOGLE_CLIENT_SECRET = 'demo-google-secret-0123456789';
/** Demo users of the simulated Facebook and Amazon login forms: the `-outsider` ones map to no role in the demo. */
export const DEMO_FACEBOOK_USERS: readonly DemoUser[] = [
  { login: 'fiona', id: '10158000000000001', name: 'Fiona Demo', email: 'fiona@example.com' },
  { login: 'oscar-outsider', id: '10158000000000099', name: 'Oscar Outsider', email: 'oscar@outsider.example.net' },
];
export const DEMO_AMAZON_USERS: readonly DemoUser[] = [
  { login: 'amy', id: 'amzn1.account.AF6RHO7KZU5XRVQJGXK6HEXAMPLE', name: 'Amy Demo', email: 'amy@example.com' },
  { login: 'oscar-outsider', id: 'amzn1.account.OUTSIDER0000000000000EXAMPLE', name: 'Oscar Outsider', email: 'oscar@outsider.example.net' },
];
/** "Another app": tokens issued to it must be refused by rolegate. */
export const OTHER_APP = { google: 'other-app.apps.googleusercontent.com', facebook: 'other-facebook-app', amazon: 'amzn1.application-oa2-client.other' } as const;
/** The client-credentials client of the simulated corporate IdP (bench reference). */
export const BENCH_CLIENT = { id: 'bench-client', secret: 'bench-client-secret-0123456789' } as const;

export type Fault = 'wrong-audience' | 'expired' | 'bad-signature' | 'future-iat' | 'no-exp' | 'other-app';
const FAULTS: readonly Fault[] = ['wrong-audience', 'expired', 'bad-signature', 'future-iat', 'no-exp', 'other-app'];

export interface MintRequest {
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly fault?: Fault;
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Seconds of validity (default 3600). */
  readonly ttl?: number;
}

export interface Simulators {
  readonly handler: RequestListener;
  /** Signs an ID token as the simulated Google / corporate IdP. */
  mintIdToken(which: 'google' | 'corp', request?: MintRequest): Promise<string>;
  mintFacebookToken(request?: MintRequest): string;
  mintAmazonToken(request?: MintRequest): string;
  /** Requests per path (tests count JWKS fetches with it). */
  readonly hits: Map<string, number>;
}

interface SimKeys {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function makeKey(kid: string): Promise<SimKeys> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk };
}

type ClientList = ConstructorParameters<typeof Provider>[1] extends infer C ? C extends { clients?: infer L } ? L : never : never;

// Corporate demo accounts: any login name; `*-admin` names are also in `admins`, everyone is in `mobile-users`.
const corpAccount: FindAccount = (_ctx, sub) => ({
  accountId: sub,
  claims: () => ({ sub, email: `${sub}@corp.example.com`, email_verified: true, groups: ['mobile-users', 'team-demo', ...(sub.endsWith('-admin') ? ['admins'] : [])] }),
});
// Google demo accounts: any login name, a verified `<login>@example.com`; `*-outsider` names get an
// address outside example.com (the demo mapping gives them no role).
const googleAccount: FindAccount = (_ctx, sub) => ({
  accountId: sub,
  claims: () => ({ sub, email: sub.endsWith('-outsider') ? `${sub}@outsider.example.net` : `${sub}@example.com`, email_verified: true }),
});

function makeProvider(issuer: string, jwk: JWK, clients: ClientList, findAccount: FindAccount): Provider {
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: true } },
    // Scope claims go into the ID token (the browser-login relying party reads them from there).
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups'],
    pkce: { required: () => true },
    findAccount,
  });
  // Development simulator: the demo clients accept any redirect URI (rolegate's public URL varies
  // between laptops and tests). A real provider registers exact redirect URIs.
  const clientPrototype = (provider as unknown as { Client: { prototype: { redirectUriAllowed(uri: string): boolean } } }).Client.prototype;
  clientPrototype.redirectUriAllowed = () => true;
  return provider;
}

export async function createSimulators(): Promise<Simulators> {
  const now = () => Math.floor(Date.now() / 1000);
  const googleKey = await makeKey(`google-${randomBytes(4).toString('hex')}`);
  const corpKey = await makeKey(`corp-${randomBytes(4).toString('hex')}`);
  const google = makeProvider(SIMULATED_GOOGLE_ISSUER, googleKey.jwk, [
    { client_id: DEMO_GOOGLE_CLIENT_ID, client_secret: DEMO_GOOGLE_CLIENT_SECRET, redirect_uris: ['http://localhost:8080/oidc/callback/google'], token_endpoint_auth_method: 'client_secret_basic' },
  ], googleAccount);
  const corp = makeProvider(SIMULATED_CORP_ISSUER, corpKey.jwk, [
    { client_id: DEMO_CORP_CLIENT_ID, client_secret: 'rolegate-corp-app-secret-0123456789', redirect_uris: ['http://localhost:8080/oidc/callback/corp'], token_endpoint_auth_method: 'client_secret_basic' },
    { client_id: BENCH_CLIENT.id, client_secret: BENCH_CLIENT.secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic' },
  ], corpAccount);
  const googleCallback = google.callback();
  const corpCallback = corp.callback();
  const facebookTokens = new Map<string, { app_id: string; user_id: string; expires_at: number }>();
  const amazonTokens = new Map<string, { aud: string; user_id: string; exp_at: number; iat: number }>();
  const hits = new Map<string, number>();

  async function mintIdToken(which: 'google' | 'corp', request: MintRequest = {}): Promise<string> {
    const key = which === 'google' ? googleKey : corpKey;
    const issuer = which === 'google' ? SIMULATED_GOOGLE_ISSUER : SIMULATED_CORP_ISSUER;
    const defaultAud = which === 'google' ? DEMO_GOOGLE_CLIENT_ID : DEMO_CORP_CLIENT_ID;
    const t = now();
    const ttl = request.ttl ?? 3600;
    let aud = request.aud ?? defaultAud;
    if (request.fault === 'wrong-audience' || request.fault === 'other-app') aud = OTHER_APP.google;
    const iat = request.fault === 'expired' ? t - 7200 : request.fault === 'future-iat' ? t + 3600 : t;
    const claims: Record<string, unknown> = { ...(request.claims ?? {}) };
    if (which === 'google') claims['email_verified'] ??= true;
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.jwk.kid!, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(request.sub ?? (which === 'google' ? '110169484474386276334' : 'alice'))
      .setAudience(typeof aud === 'string' ? aud : [...aud])
      .setIssuedAt(iat);
    if (request.fault !== 'no-exp') jwt = jwt.setExpirationTime(request.fault === 'expired' ? t - 3600 : iat + ttl);
    const signingKey = request.fault === 'bad-signature' ? (await generateKeyPair('RS256')).privateKey : key.privateKey;
    return jwt.sign(signingKey);
  }

  function mintFacebookToken(request: MintRequest = {}): string {
    const token = `EAAB${randomBytes(24).toString('base64url')}`;
    const app = request.fault === 'other-app' || request.fault === 'wrong-audience' ? OTHER_APP.facebook : typeof request.aud === 'string' ? request.aud : DEMO_FACEBOOK_APP.id;
    facebookTokens.set(token, { app_id: app, user_id: request.sub ?? '10158000000000001', expires_at: request.fault === 'expired' ? now() - 60 : now() + (request.ttl ?? 3600) });
    return token;
  }

  function mintAmazonToken(request: MintRequest = {}): string {
    const token = `Atza|${randomBytes(32).toString('base64url')}`;
    const aud = request.fault === 'other-app' || request.fault === 'wrong-audience' ? OTHER_APP.amazon : typeof request.aud === 'string' ? request.aud : DEMO_AMAZON_CLIENT_ID;
    amazonTokens.set(token, { aud, user_id: request.sub ?? 'amzn1.account.AF6RHO7KZU5XRVQJGXK6HEXAMPLE', exp_at: request.fault === 'expired' ? now() - 60 : now() + (request.ttl ?? 3600), iat: now() });
    return token;
  }

  const facebookLogin = createOAuthSimulator({
    title: 'Log in with Facebook',
    clients: new Map([[DEMO_FACEBOOK_APP.id, DEMO_FACEBOOK_APP.secret]]),
    users: DEMO_FACEBOOK_USERS,
    mint: (user, clientId, fault) => mintFacebookToken({ sub: user.id, aud: clientId, ...(fault ? { fault } : {}) }),
  });
  const amazonLogin = createOAuthSimulator({
    title: 'Login with Amazon',
    clients: new Map([[DEMO_AMAZON_CLIENT_ID, DEMO_AMAZON_CLIENT_SECRET]]),
    users: DEMO_AMAZON_USERS,
    mint: (user, clientId, fault) => mintAmazonToken({ sub: user.id, aud: clientId, ...(fault ? { fault } : {}) }),
  });
  const OAUTH_ROUTES: Readonly<Record<string, { sim: typeof facebookLogin; kind: 'authorize' | 'token' }>> = {
    '/facebook/dialog/oauth': { sim: facebookLogin, kind: 'authorize' },
    '/facebook/oauth/access_token': { sim: facebookLogin, kind: 'token' },
    '/amazon/ap/oa': { sim: amazonLogin, kind: 'authorize' },
    '/amazon/auth/o2/token': { sim: amazonLogin, kind: 'token' },
  };

  /** Facebook `/me` (with `appsecret_proof`, as Graph requires for server calls) and Amazon `/user/profile`. */
  function profile(which: 'facebook' | 'amazon', url: URL, authorization: string | undefined, res: ServerResponse): void {
    if (which === 'facebook') {
      const token = url.searchParams.get('access_token') ?? '';
      const info = facebookTokens.get(token);
      const proof = createHmac('sha256', DEMO_FACEBOOK_APP.secret).update(token).digest('hex');
      if (!info || info.expires_at <= now()) return json(res, 400, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
      if (url.searchParams.get('appsecret_proof') !== proof) return json(res, 400, { error: { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100 } });
      const user = facebookLogin.userById(info.user_id);
      return json(res, 200, { id: info.user_id, ...(user ? { name: user.name, email: user.email } : {}) });
    }
    const info = amazonTokens.get(authorization?.startsWith('Bearer ') ? authorization.slice(7) : '');
    if (!info || info.exp_at <= now()) return json(res, 401, { error: 'invalid_token', error_description: 'The access token is invalid or has expired' });
    const user = amazonLogin.userById(info.user_id);
    return json(res, 200, { user_id: info.user_id, ...(user ? { name: user.name, email: user.email } : {}) });
  }

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  async function mint(which: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(url.search);
    const body = await readBody(req);
    for (const [k, v] of new URLSearchParams(body)) form.set(k, v);
    const fault = form.get('fault') ?? undefined;
    if (fault !== undefined && !(FAULTS as readonly string[]).includes(fault)) return json(res, 400, { error: 'invalid_request', error_description: `fault must be one of ${FAULTS.join(', ')}` });
    const request: MintRequest = {
      ...(form.get('sub') ? { sub: form.get('sub')! } : {}),
      ...(form.get('aud') ? { aud: form.get('aud')! } : {}),
      ...(fault ? { fault: fault as Fault } : {}),
    };
    if (which === 'google' || which === 'corp') return json(res, 200, { id_token: await mintIdToken(which, request), token_type: 'id_token' });
    if (which === 'facebook') return json(res, 200, { access_token: mintFacebookToken(request), token_type: 'bearer', provider_id: 'graph.facebook.com' });
    if (which === 'amazon') return json(res, 200, { access_token: mintAmazonToken(request), token_type: 'bearer', provider_id: 'www.amazon.com' });
    return json(res, 404, { error: 'not_found' });
  }

  const handler: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const [, which = '', ...rest] = url.pathname.split('/');
    const subpath = `/${rest.join('/')}`;
    void (async () => {
      if (req.method === 'POST' && subpath === '/mint') return mint(which, req, url, res);
      const oauth = OAUTH_ROUTES[url.pathname];
      if (oauth) {
        const params = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
        return oauth.sim.handle(res, req.method ?? 'GET', oauth.kind, params, req.headers.authorization);
      }
      if ((which === 'facebook' && subpath === '/me') || (which === 'amazon' && subpath === '/user/profile')) return profile(which, url, req.headers.authorization, res);
      if (which === 'facebook' && subpath === '/debug_token') {
        const appToken = url.searchParams.get('access_token') ?? '';
        if (appToken !== `${DEMO_FACEBOOK_APP.id}|${DEMO_FACEBOOK_APP.secret}`) {
          return json(res, 400, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 } });
        }
        const info = facebookTokens.get(url.searchParams.get('input_token') ?? '');
        if (!info) return json(res, 200, { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' } } });
        return json(res, 200, { data: { ...info, type: 'USER', application: 'Simulated app', is_valid: info.expires_at > now(), data_access_expires_at: info.expires_at + 86400 * 90, scopes: ['public_profile'] } });
      }
      if (which === 'amazon' && subpath === '/auth/o2/tokeninfo') {
        const info = amazonTokens.get(url.searchParams.get('access_token') ?? '');
        if (!info) return json(res, 400, { error: 'invalid_token', error_description: 'The request has an invalid parameter : access_token' });
        if (info.exp_at <= now()) return json(res, 400, { error: 'invalid_token', error_description: 'The token has expired' });
        return json(res, 200, { iss: 'https://www.amazon.com', user_id: info.user_id, aud: info.aud, app_id: info.aud.replace('oa2-client', 'application'), exp: info.exp_at - now(), iat: info.iat });
      }
      if (which === 'google' || which === 'corp') {
        // Mounted under /google or /corp: oidc-provider derives its mount path from originalUrl.
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
        req.url = `${subpath}${url.search}`;
        return (which === 'google' ? googleCallback : corpCallback)(req, res);
      }
      return json(res, 404, { error: 'not_found' });
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: 'server_error', error_description: error instanceof Error ? error.message : String(error) });
    });
  };

  return { handler, mintIdToken, mintFacebookToken, mintAmazonToken, hits };
}

export interface RunningSimulators extends Simulators {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the simulators on their own listener (port 0 = ephemeral). */
export async function startSimulators(port = 0, host = '127.0.0.1'): Promise<RunningSimulators> {
  const sims = await createSimulators();
  const server: Server = createServer(sims.handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    ...sims,
    url: `http://${host}:${address.port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  if (req.method !== 'POST') return '';
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
