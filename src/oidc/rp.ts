/**
 * @module oidc/rp — browser sign-in with OpenID Connect (corporate IdPs, Google) and OAuth 2.0
 * (Facebook, Login with Amazon) through `openid-client`: authorization code + PKCE (S256) + state,
 * plus nonce for OpenID Connect (security.md §2.3, §3.1).
 *
 * The login transaction (state, nonce, PKCE verifier, return path) is kept in the shared store under
 * the hash of the state, bound to the browser by the hash of a random cookie handle, and consumed
 * once with GETDEL (TTL 10 min), so any instance can complete a login another one started. OpenID
 * Connect: the ID token signature is always verified (`enableNonRepudiationChecks`), its algorithm
 * and the issuer are pinned per provider (each provider has its own Configuration and redirect URI).
 * Whatever the kind, the resulting token then goes through the same validator as
 * AssumeRoleWithWebIdentity (ID token: jose against the provider's keys; Facebook/Amazon access
 * token: token inspection with our app's credentials, another app's token refused), so the
 * console gets exactly the provider, subject and condition keys the STS call would.
 */
import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { Clock, KeyValueStore, RandomSource } from '../core/index.js';
import { BridgeError } from '../errors.js';
import type { MappingSpec } from './mapping.js';
import type { ProfileReader } from './profiles.js';
import { AMAZON, FACEBOOK, type VerifiedWebIdentity, type WebIdentityCheck } from './web-identity.js';

const LOGIN_TTL_MS = 10 * 60 * 1000;

interface LoginCommon {
  /** Route name (`/oidc/login/<name>`). */
  readonly name: string;
  /** The console sign-in option's text. */
  readonly label: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The provider's issuer (OpenID Connect: the exact `iss`; OAuth: informational). */
  readonly issuer: string;
  readonly scope: string;
  /** http:// endpoints (development simulators only). */
  readonly allowInsecure: boolean;
  /** Mapping rules for the console; default: the ones the validator attaches (configured OIDC providers). */
  readonly mapping?: MappingSpec;
}

/** OpenID Connect: metadata from discovery, an ID token with nonce. */
export interface OidcBrowserLogin extends LoginCommon {
  readonly kind: 'oidc';
  /** Where discovery is fetched (the issuer itself, or a development simulator). */
  readonly discoveryUrl: string;
}

/** OAuth 2.0 (Facebook, Login with Amazon): an opaque access token, inspected like `ProviderId` tokens. */
export interface OAuthBrowserLogin extends LoginCommon {
  readonly kind: 'oauth';
  readonly providerId: typeof FACEBOOK | typeof AMAZON;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
}

export type BrowserLoginProvider = OidcBrowserLogin | OAuthBrowserLogin;

export interface LoginTransaction {
  readonly provider: string;
  readonly nonce?: string;
  readonly verifier: string;
  readonly returnTo: string;
  readonly browser: string;
}

export interface VerifiedBrowserLogin {
  readonly provider: BrowserLoginProvider;
  /** What the validator established (provider principal, subject, condition keys, tags). */
  readonly identity: VerifiedWebIdentity;
  /** Claims the mapping rules see: the verified token's, plus the profile for OAuth providers. */
  readonly claims: Readonly<Record<string, unknown>>;
  readonly mapping: MappingSpec | undefined;
  readonly displayName: string | undefined;
  readonly returnTo: string;
}

export interface OidcRpDeps {
  readonly providers: readonly BrowserLoginProvider[];
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly publicUrl: string;
  readonly check: WebIdentityCheck;
  readonly profile: ProfileReader;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const txKey = (state: string) => `oidc:login:${sha(state)}`;
/** openid-client's failure for the log: each message down the cause chain, its code, the OAuth error, the failed claim. */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current !== undefined && current !== null; depth++) {
    if (!(current instanceof Error)) {
      const claim = (current as { claim?: unknown }).claim;
      if (typeof claim === 'string') parts.push(`claim=${claim}`);
      break;
    }
    const e = current as Error & { code?: unknown; error?: unknown };
    parts.push(e.message);
    if (typeof e.code === 'string') parts.push(`code=${e.code}`);
    if (typeof e.error === 'string') parts.push(`error=${e.error}`);
    current = e.cause;
  }
  return parts.join(' ').slice(0, 512);
}

/** The token endpoint could not be reached, timed out or failed (5xx): never an accept, and not the user's fault. */
function providerUnavailable(error: unknown): boolean {
  const e = error as { name?: unknown; status?: unknown; cause?: { status?: unknown } } | undefined;
  // fetch() failures are plain TypeErrors; openid-client's argument errors carry a `code`.
  if ((error instanceof TypeError && !('code' in error)) || e?.name === 'TimeoutError' || e?.name === 'AbortError') return true;
  const status = typeof e?.status === 'number' ? e.status : e?.cause?.status;
  return typeof status === 'number' && status >= 500;
}

const unverifiable = (error?: unknown) =>
  new BridgeError('INVALID_IDENTITY_TOKEN', { message: 'The sign-in response could not be verified.', ...(error ? { detail: describeFailure(error) } : {}) });

async function discover(p: OidcBrowserLogin): Promise<client.ServerMetadata> {
  const response = await fetch(`${p.discoveryUrl}/.well-known/openid-configuration`, { redirect: 'error', signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const metadata = (await response.json()) as client.ServerMetadata;
  // Pin the issuer: the provider must call itself by its configured URL.
  if (metadata.issuer !== p.issuer) throw new Error('discovery issuer mismatch');
  return metadata;
}

export function createOidcRp(deps: OidcRpDeps) {
  const configs = new Map<string, Promise<client.Configuration>>();
  const byName = new Map(deps.providers.map((p) => [p.name, p]));
  const redirectUri = (p: BrowserLoginProvider) => `${deps.publicUrl}/oidc/callback/${p.name}`;

  function provider(name: string): BrowserLoginProvider {
    const found = byName.get(name);
    if (!found) throw new BridgeError('NOT_FOUND', { message: 'Unknown sign-in provider.' });
    return found;
  }

  function configuration(p: BrowserLoginProvider): Promise<client.Configuration> {
    let found = configs.get(p.name);
    if (!found) {
      found = (async () => {
        const metadata: client.ServerMetadata =
          p.kind === 'oidc' ? await discover(p) : { issuer: p.issuer, authorization_endpoint: p.authorizationEndpoint, token_endpoint: p.tokenEndpoint };
        const clientMetadata = p.kind === 'oidc' ? { client_secret: p.clientSecret, id_token_signed_response_alg: 'RS256' } : { client_secret: p.clientSecret };
        // Facebook and Amazon take the client credentials in the form body.
        const auth = p.kind === 'oidc' ? client.ClientSecretBasic(p.clientSecret) : client.ClientSecretPost(p.clientSecret);
        const config = new client.Configuration(metadata, p.clientId, clientMetadata, auth);
        if (p.allowInsecure) client.allowInsecureRequests(config);
        if (p.kind === 'oidc') client.enableNonRepudiationChecks(config);
        return config;
      })();
      found.catch(() => configs.delete(p.name));
      configs.set(p.name, found);
    }
    return found;
  }

  async function configurationOrUnavailable(p: BrowserLoginProvider): Promise<client.Configuration> {
    try {
      return await configuration(p);
    } catch (error) {
      throw new BridgeError('IDP_COMMUNICATION', { detail: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The OpenID Connect path: openid-client checked state, PKCE and nonce; the validator checks the ID token again. */
  async function verifyIdToken(p: OidcBrowserLogin, tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers) {
    const claims = tokens.claims();
    const aud = claims ? (Array.isArray(claims.aud) ? claims.aud : [claims.aud]) : [];
    if (!claims || !tokens.id_token || claims.iss !== p.issuer || !aud.includes(p.clientId)) throw unverifiable();
    const identity = await deps.check({ token: tokens.id_token });
    const verified: Record<string, unknown> = { ...identity.claims };
    // An email is a fact only when the provider verified it (security.md §2.3 item 6).
    if (verified['email_verified'] !== true) delete verified['email'];
    return { identity, claims: verified, displayName: typeof verified['email'] === 'string' ? verified['email'] : undefined };
  }

  /** The OAuth path: the access token is inspected like a `ProviderId` token, then the profile is read. */
  async function verifyAccessToken(p: OAuthBrowserLogin, accessToken: string) {
    const identity = await deps.check({ token: accessToken, providerId: p.providerId });
    // The token must be for this sign-in client, not merely for one of our apps.
    if (identity.audience !== p.clientId) throw new BridgeError('INVALID_IDENTITY_TOKEN', { message: 'Incorrect token audience' });
    const profile = await deps.profile({ providerId: p.providerId, token: accessToken, appId: p.clientId, userId: identity.subject });
    return { identity, claims: { ...identity.claims, ...profile }, displayName: profile.email ?? profile.name };
  }

  return {
    has: (name: string) => byName.has(name),
    /** Starts a login: the authorization URL and the browser-binding handle (to set as a cookie). */
    async start(name: string, returnTo: string): Promise<{ readonly url: string; readonly handle: string }> {
      const p = provider(name);
      const config = await configurationOrUnavailable(p);
      const state = client.randomState();
      const nonce = p.kind === 'oidc' ? client.randomNonce() : undefined;
      const verifier = client.randomPKCECodeVerifier();
      const handle = deps.random.bytes(32).toString('base64url');
      const tx: LoginTransaction = { provider: p.name, ...(nonce ? { nonce } : {}), verifier, returnTo, browser: sha(handle) };
      await deps.store.set(txKey(state), JSON.stringify(tx), { expiresAtMs: deps.clock.now() + LOGIN_TTL_MS, onlyIfAbsent: true });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(p),
        scope: p.scope,
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        ...(nonce ? { nonce } : {}),
      });
      return { url: url.href, handle };
    },
    /** Completes a login: consumes the transaction once, redeems the code, verifies the token. */
    async finish(name: string, query: URLSearchParams, handle: string | undefined): Promise<VerifiedBrowserLogin> {
      const p = provider(name);
      const state = query.get('state');
      if (!state || state.length > 512 || !handle) throw new BridgeError('SIGNIN_STATE_INVALID');
      const text = await deps.store.getDel(txKey(state));
      if (text === null) throw new BridgeError('SIGNIN_STATE_INVALID');
      const tx = JSON.parse(text) as LoginTransaction;
      if (tx.provider !== p.name || tx.browser !== sha(handle)) throw new BridgeError('SIGNIN_STATE_INVALID');
      if (query.get('error')) throw new BridgeError('IDP_REJECTED_CLAIM', { message: 'The identity provider did not sign you in.', detail: query.get('error')!.slice(0, 64) });
      const config = await configurationOrUnavailable(p);
      const callback = new URL(redirectUri(p));
      for (const [k, v] of query) callback.searchParams.set(k, v);
      let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
      try {
        tokens = await client.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: tx.verifier,
          expectedState: state,
          ...(tx.nonce ? { expectedNonce: tx.nonce } : {}),
          idTokenExpected: p.kind === 'oidc',
        });
      } catch (error) {
        throw providerUnavailable(error) ? new BridgeError('IDP_COMMUNICATION', { detail: describeFailure(error) }) : unverifiable(error);
      }
      const verified = p.kind === 'oidc' ? await verifyIdToken(p, tokens) : await verifyAccessToken(p, tokens.access_token);
      return { provider: p, ...verified, mapping: p.mapping ?? verified.identity.mapping, returnTo: tx.returnTo };
    },
  };
}

export type OidcRp = ReturnType<typeof createOidcRp>;
