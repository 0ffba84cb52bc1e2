/**
 * @module oidc/rp — browser sign-in with OpenID Connect (openid-client): authorization code + PKCE
 * (S256) + nonce + state (security.md §2.3).
 *
 * The login transaction (state, nonce, PKCE verifier, return path) is kept in the shared store under
 * the hash of the state, bound to the browser by the hash of a random cookie handle, and consumed
 * once with GETDEL (TTL 10 min), so any instance can complete a login another one started. The ID
 * token signature is always verified (`enableNonRepudiationChecks`), its algorithm is pinned, and
 * the issuer is pinned per provider (each provider has its own Configuration and redirect URI).
 */
import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { Clock, KeyValueStore, RandomSource } from '../core/index.js';
import { BridgeError } from '../errors.js';
import type { OidcProviderSpec } from './web-identity.js';

const LOGIN_TTL_MS = 10 * 60 * 1000;

export interface BrowserLoginProvider {
  /** Route name (`/oidc/login/<name>`). */
  readonly name: string;
  readonly spec: OidcProviderSpec;
  /** Where discovery is fetched (the issuer itself, or a development simulator). */
  readonly discoveryUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** http:// discovery and token endpoints (development simulators only). */
  readonly allowInsecure: boolean;
}

export interface LoginTransaction {
  readonly provider: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly returnTo: string;
  readonly browser: string;
}

export interface VerifiedBrowserLogin {
  readonly provider: BrowserLoginProvider;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly subject: string;
  readonly returnTo: string;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const txKey = (state: string) => `oidc:login:${sha(state)}`;

export function createOidcRp(deps: { readonly providers: readonly BrowserLoginProvider[]; readonly store: KeyValueStore; readonly clock: Clock; readonly random: RandomSource; readonly publicUrl: string }) {
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
        const response = await fetch(`${p.discoveryUrl}/.well-known/openid-configuration`, { redirect: 'error', signal: AbortSignal.timeout(5000) });
        if (!response.ok) throw new Error(`discovery answered ${response.status}`);
        const metadata = (await response.json()) as client.ServerMetadata;
        // Pin the issuer: the provider must call itself by its configured URL.
        if (metadata.issuer !== p.spec.url) throw new Error('discovery issuer mismatch');
        const config = new client.Configuration(metadata, p.clientId, { client_secret: p.clientSecret, id_token_signed_response_alg: 'RS256' }, client.ClientSecretBasic(p.clientSecret));
        if (p.allowInsecure) client.allowInsecureRequests(config);
        client.enableNonRepudiationChecks(config);
        return config;
      })();
      found.catch(() => configs.delete(p.name));
      configs.set(p.name, found);
    }
    return found;
  }

  return {
    has: (name: string) => byName.has(name),
    /** Starts a login: the authorization URL and the browser-binding handle (to set as a cookie). */
    async start(name: string, returnTo: string): Promise<{ readonly url: string; readonly handle: string }> {
      const p = provider(name);
      let config: client.Configuration;
      try {
        config = await configuration(p);
      } catch (error) {
        throw new BridgeError('IDP_COMMUNICATION', { detail: error instanceof Error ? error.message : String(error) });
      }
      const state = client.randomState();
      const nonce = client.randomNonce();
      const verifier = client.randomPKCECodeVerifier();
      const handle = deps.random.bytes(32).toString('base64url');
      const tx: LoginTransaction = { provider: p.name, nonce, verifier, returnTo, browser: sha(handle) };
      await deps.store.set(txKey(state), JSON.stringify(tx), { expiresAtMs: deps.clock.now() + LOGIN_TTL_MS, onlyIfAbsent: true });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(p),
        scope: 'openid email groups',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, handle };
    },
    /** Completes a login: consumes the transaction once, redeems the code, verifies the ID token. */
    async finish(name: string, query: URLSearchParams, handle: string | undefined): Promise<VerifiedBrowserLogin> {
      const p = provider(name);
      const state = query.get('state');
      if (!state || state.length > 512 || !handle) throw new BridgeError('SIGNIN_STATE_INVALID');
      const text = await deps.store.getDel(txKey(state));
      if (text === null) throw new BridgeError('SIGNIN_STATE_INVALID');
      const tx = JSON.parse(text) as LoginTransaction;
      if (tx.provider !== p.name || tx.browser !== sha(handle)) throw new BridgeError('SIGNIN_STATE_INVALID');
      if (query.get('error')) throw new BridgeError('IDP_REJECTED_CLAIM', { message: 'The identity provider did not sign you in.' });
      let config: client.Configuration;
      try {
        config = await configuration(p);
      } catch (error) {
        throw new BridgeError('IDP_COMMUNICATION', { detail: error instanceof Error ? error.message : String(error) });
      }
      const callback = new URL(redirectUri(p));
      for (const [k, v] of query) callback.searchParams.set(k, v);
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: tx.verifier, expectedState: state, expectedNonce: tx.nonce, idTokenExpected: true });
        claims = { ...(tokens.claims() ?? {}) };
      } catch (error) {
        throw new BridgeError('INVALID_IDENTITY_TOKEN', { message: 'The sign-in response could not be verified.', detail: error instanceof Error ? error.message : String(error) });
      }
      const aud = Array.isArray(claims['aud']) ? (claims['aud'] as string[]) : [claims['aud']];
      if (claims['iss'] !== p.spec.url || !aud.includes(p.clientId) || typeof claims['sub'] !== 'string') {
        throw new BridgeError('INVALID_IDENTITY_TOKEN', { message: 'The sign-in response could not be verified.' });
      }
      return { provider: p, claims, subject: claims['sub'] as string, returnTo: tx.returnTo };
    },
  };
}

export type OidcRp = ReturnType<typeof createOidcRp>;
