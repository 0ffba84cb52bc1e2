/**
 * @module oidc/web-identity — validates the WebIdentityToken of AssumeRoleWithWebIdentity (sts.md §6,
 * security.md §2–§3) and turns it into the provider, subject, audience and condition keys.
 *
 * JWT ID tokens (generic OIDC providers of the role's account, and Google) are checked with jose:
 * size cap before decoding, algorithm allow-list (RS*, ES*; never `none` or HMAC), keys only from
 * the provider's pinned JWKS (header `jku`/`x5u`/`jwk`/`x5c` ignored, `kid` opaque and capped),
 * exact `iss`, `aud`/`azp` ∈ the provider's client ids, `exp`, `nbf`, `iat` (not in the future,
 * not older than a day), `sub`. Facebook and Login with Amazon access tokens (with `ProviderId`)
 * are checked at the provider's token-inspection endpoint with our app's credentials, and a token
 * issued to another app is refused. Nothing from a token is used before it is verified, except
 * `iss` to choose the (pinned) key set. No store access: a rejected token stores nothing.
 */
import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { BridgeError } from '../errors.js';
import type { ContextValue } from '../policy/index.js';
import type { SessionTag } from '../core/index.js';
import { readCapped, remoteKeySet, type KeySetOptions } from './keys.js';
import { renderSessionTags, type MappingSpec } from './mapping.js';

/** Asymmetric algorithms AWS accepts for web identity tokens (sts.md §6). */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
/** Tokens above this are refused before any decoding (security.md §3). */
export const MAX_JWT_CHARS = 16 * 1024;
export const MAX_ACCESS_TOKEN_CHARS = 4096;
const MAX_TOKEN_AGE_SECONDS = 24 * 3600;
const CLOCK_TOLERANCE_SECONDS = 60;
const PROVIDER_TIMEOUT_MS = 5000;
const MAX_PROVIDER_RESPONSE_BYTES = 64 * 1024;

export const GOOGLE = 'accounts.google.com';
export const FACEBOOK = 'graph.facebook.com';
export const AMAZON = 'www.amazon.com';

/** A configured OIDC provider (config/oidc-schema.ts, without the config dependency). */
export interface OidcProviderSpec {
  readonly arn: string;
  readonly account: string;
  /** `https://HOST/PATH`: the exact `iss`. */
  readonly url: string;
  /** `HOST/PATH`. */
  readonly hostPath: string;
  readonly clientIds: readonly string[];
  /** Where the keys are; default: discovered from `<url>/.well-known/openid-configuration`. */
  readonly jwksUrl?: string;
  /** Mapping rules and session-tag templates (src/oidc/mapping.ts). */
  readonly mapping?: MappingSpec;
}

export interface WebIdentityOptions {
  readonly providers: readonly OidcProviderSpec[];
  readonly google: { readonly issuers: readonly string[]; readonly jwksUrl: string; readonly clientIds: readonly string[] };
  readonly facebook: { readonly graphUrl: string; readonly apps: ReadonlyMap<string, string> };
  readonly amazon: { readonly apiUrl: string; readonly clientIds: readonly string[] };
  readonly clock: { now(): number };
  readonly keySet?: KeySetOptions;
}

export interface VerifiedWebIdentity {
  /** The trust-policy `Federated` principal: provider ARN or a built-in provider name. */
  readonly provider: string;
  /** The response's `Provider`: provider ARN for IAM OIDC providers, the built-in name otherwise. */
  readonly responseProvider: string;
  readonly subject: string;
  readonly audience: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly persistentContext: Readonly<Record<string, ContextValue>>;
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  /** Identifies this login (revoke everything derived from it): a hash, never the token. */
  readonly loginId: string;
  /** All verified claims (JWT) or inspection fields (OAuth), for mapping rules. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The provider's mapping rules, when it has any. */
  readonly mapping?: MappingSpec;
}

export interface WebIdentityInput {
  readonly token: string;
  /** The role asked for: its account's OIDC providers apply. Absent (token exchange with mapping rules): the one provider with that issuer. */
  readonly roleArn?: string;
  readonly providerId?: string;
}

export type WebIdentityCheck = (input: WebIdentityInput) => Promise<VerifiedWebIdentity>;

export interface WebIdentityValidator {
  readonly check: WebIdentityCheck;
  /** JWKS network fetches so far (per URL). */
  readonly jwksFetches: ReadonlyMap<string, number>;
}

const invalid = (message: string, detail?: string) => new BridgeError('INVALID_IDENTITY_TOKEN', { message, ...(detail ? { detail } : {}) });

export function createWebIdentityValidator(options: WebIdentityOptions): WebIdentityValidator {
  const jwksFetches = new Map<string, number>();
  const keySetOptions: KeySetOptions = {
    ...options.keySet,
    onFetch: (url) => {
      jwksFetches.set(url, (jwksFetches.get(url) ?? 0) + 1);
      options.keySet?.onFetch?.(url);
    },
  };
  const keySets = new Map<string, Promise<JWTVerifyGetKey>>();
  function keysFor(id: string, jwksUrl: string | undefined, issuer: string): Promise<JWTVerifyGetKey> {
    let found = keySets.get(id);
    if (!found) {
      found = (jwksUrl ? Promise.resolve(jwksUrl) : discoverJwksUri(issuer)).then((url) => remoteKeySet(url, keySetOptions));
      // A failed discovery is retried on a later request (not cached forever).
      found.catch(() => keySets.delete(id));
      keySets.set(id, found);
    }
    return found;
  }

  async function checkJwt(input: WebIdentityInput): Promise<VerifiedWebIdentity> {
    const { token } = input;
    if (token.length > MAX_JWT_CHARS) throw invalid('The web identity token is too large.');
    const parts = token.split('.');
    if (parts.length !== 3) throw invalid('The web identity token is not a signed JWT.');
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw invalid('The web identity token could not be decoded.');
    }
    if (typeof header.alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(header.alg)) {
      throw invalid('The web identity token is signed with an algorithm that is not allowed.', `alg ${String(header.alg).slice(0, 16)}`);
    }
    if (header.kid !== undefined && (typeof header.kid !== 'string' || header.kid.length > 256)) throw invalid('The web identity token has an invalid key id.');
    const iss = typeof unverified.iss === 'string' ? unverified.iss : undefined;
    if (!iss) throw invalid('The web identity token has no issuer.');

    const account = input.roleArn === undefined ? undefined : (/^arn:aws:iam::(\d{12}):role\//.exec(input.roleArn)?.[1] ?? '');
    const isGoogle = options.google.issuers.includes(iss);
    const candidates = isGoogle ? [] : options.providers.filter((p) => p.url === iss && (account === undefined || p.account === account));
    const provider = candidates.length === 1 ? candidates[0] : undefined;
    if (!isGoogle && !provider) {
      throw invalid(`No OpenIDConnect provider found in your account for ${iss.slice(0, 256)}`);
    }
    let keys: JWTVerifyGetKey;
    try {
      keys = isGoogle ? await keysFor(GOOGLE, options.google.jwksUrl, iss) : await keysFor(provider!.arn, provider!.jwksUrl, provider!.url);
    } catch (error) {
      throw communication(error);
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: [...ALLOWED_ALGORITHMS],
        issuer: isGoogle ? [...options.google.issuers] : provider!.url,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
        currentDate: new Date(options.clock.now()),
      }));
    } catch (error) {
      throw mapJoseError(error);
    }
    if (typeof payload.exp !== 'number' || !Number.isInteger(payload.exp) || typeof payload.iat !== 'number' || !Number.isInteger(payload.iat)) {
      throw invalid('The web identity token timestamps must be integer numbers.');
    }
    if (payload.exp - payload.iat > MAX_TOKEN_AGE_SECONDS) throw invalid('The web identity token lifetime is too long.');
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length < 1 || sub.length > 255) throw invalid('The web identity token has an invalid subject.');

    // Audience. Google: azp when present, else aud (sts.md §4.4). Other providers: aud; with several
    // audiences, azp is required, must be one of them, and is the audience (security.md §3).
    const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter((a): a is string => typeof a === 'string');
    const azp = typeof payload['azp'] === 'string' ? (payload['azp'] as string) : undefined;
    if (auds.length === 0 || (auds.length > 1 && azp === undefined)) throw invalid('Incorrect token audience');
    if (auds.length > 1 && !auds.includes(azp!)) throw invalid('Incorrect token audience');
    const effectiveAud = isGoogle || auds.length > 1 ? (azp ?? auds[0]!) : auds[0]!;
    const clientIds = isGoogle ? options.google.clientIds : provider!.clientIds;
    if (!clientIds.includes(effectiveAud)) throw invalid('Incorrect token audience');

    const { tags: claimTags, transitiveTagKeys } = sessionTagsOf(payload['https://aws.amazon.com/tags']);
    // Templates add tags the token does not carry itself (the token's own tags claim wins).
    const templated = provider?.mapping ? renderSessionTags(provider.mapping.sessionTags, payload) : [];
    const tags = [...claimTags, ...templated.filter((t) => !claimTags.some((c) => c.key.toLowerCase() === t.key.toLowerCase()))];
    const sourceIdentity = payload['https://aws.amazon.com/source_identity'];
    if (sourceIdentity !== undefined && typeof sourceIdentity !== 'string') throw invalid('The source identity claim must be a string.');
    const amr = Array.isArray(payload['amr']) ? (payload['amr'] as unknown[]).filter((v): v is string => typeof v === 'string') : undefined;
    const prefix = isGoogle ? GOOGLE : provider!.hostPath;
    const context: Record<string, ContextValue> = { [`${prefix}:aud`]: effectiveAud, [`${prefix}:sub`]: sub };
    if (isGoogle) context[`${GOOGLE}:oaud`] = auds[0]!;
    if (!isGoogle && azp !== undefined) context[`${prefix}:azp`] = azp;
    if (amr && amr.length > 0) context[`${prefix}:amr`] = amr;
    const persistent: Record<string, ContextValue> = { [`${prefix}:aud`]: effectiveAud, [`${prefix}:sub`]: sub };
    if (amr && amr.length > 0) persistent[`${prefix}:amr`] = amr;
    const principal = isGoogle ? GOOGLE : provider!.arn;
    return {
      provider: principal,
      responseProvider: principal,
      subject: sub,
      audience: effectiveAud,
      context,
      persistentContext: persistent,
      tags,
      transitiveTagKeys,
      ...(typeof sourceIdentity === 'string' ? { sourceIdentity } : {}),
      loginId: loginIdOf(principal, sub, String(payload.jti ?? payload.iat)),
      claims: payload,
      ...(provider?.mapping ? { mapping: provider.mapping } : {}),
    };
  }

  async function checkFacebook(token: string): Promise<VerifiedWebIdentity> {
    if (options.facebook.apps.size === 0) throw invalid('No Facebook app is configured.');
    // Use the first app's app access token; debug_token reports which app the token was issued to.
    const [appId, secret] = [...options.facebook.apps][0]!;
    const url = new URL(`${options.facebook.graphUrl}/debug_token`);
    url.searchParams.set('input_token', token);
    url.searchParams.set('access_token', `${appId}|${secret}`);
    const body = await inspect(url);
    const data = (body as { data?: Record<string, unknown> }).data;
    if (!data || data['is_valid'] !== true) throw invalid('The Facebook access token is not valid.');
    const tokenApp = data['app_id'];
    if (typeof tokenApp !== 'string' || !options.facebook.apps.has(tokenApp)) throw invalid('Incorrect token audience');
    if (data['type'] !== 'USER') throw invalid('The Facebook access token is not a user token.');
    const nowSeconds = Math.floor(options.clock.now() / 1000);
    const expiresAt = data['expires_at'];
    if (typeof expiresAt !== 'number' || (expiresAt !== 0 && expiresAt <= nowSeconds)) throw new BridgeError('EXPIRED_IDENTITY_TOKEN', { message: 'The Facebook access token has expired.' });
    const userId = data['user_id'];
    if (typeof userId !== 'string' || userId.length < 1 || userId.length > 255) throw invalid('The Facebook access token has no user.');
    const context = { [`${FACEBOOK}:app_id`]: tokenApp, [`${FACEBOOK}:id`]: userId };
    return {
      provider: FACEBOOK, responseProvider: FACEBOOK, subject: userId, audience: tokenApp, context, persistentContext: context,
      tags: [], transitiveTagKeys: [], loginId: loginIdOf(FACEBOOK, userId, token), claims: data,
    };
  }

  async function checkAmazon(token: string): Promise<VerifiedWebIdentity> {
    const url = new URL(`${options.amazon.apiUrl}/auth/o2/tokeninfo`);
    url.searchParams.set('access_token', token);
    const info = (await inspect(url)) as Record<string, unknown>;
    const aud = info['aud'];
    if (typeof aud !== 'string') throw invalid('The Login with Amazon access token is not valid.');
    if (!options.amazon.clientIds.includes(aud)) throw invalid('Incorrect token audience');
    const exp = info['exp'];
    if (typeof exp !== 'number' || exp <= 0) throw new BridgeError('EXPIRED_IDENTITY_TOKEN', { message: 'The Login with Amazon access token has expired.' });
    const userId = info['user_id'];
    if (typeof userId !== 'string' || userId.length < 1 || userId.length > 255) throw invalid('The Login with Amazon access token has no user.');
    const context = { [`${AMAZON}:app_id`]: aud, [`${AMAZON}:user_id`]: userId };
    return {
      provider: AMAZON, responseProvider: AMAZON, subject: userId, audience: aud, context, persistentContext: context,
      tags: [], transitiveTagKeys: [], loginId: loginIdOf(AMAZON, userId, token), claims: info,
    };
  }

  /** GET a token-inspection endpoint: 4xx = the token is refused; network failure, timeout or 5xx = IDPCommunicationError. */
  async function inspect(url: URL): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS), headers: { accept: 'application/json' } });
    } catch (error) {
      throw communication(error);
    }
    if (response.status >= 500) {
      await response.body?.cancel().catch(() => undefined);
      throw new BridgeError('IDP_COMMUNICATION', { detail: `${url.host}${url.pathname} answered ${response.status}` });
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(await readCapped(response, MAX_PROVIDER_RESPONSE_BYTES)));
    } catch (error) {
      throw communication(error);
    }
    if (response.status >= 400 || typeof body !== 'object' || body === null) throw invalid('The access token was rejected by the identity provider.');
    return body;
  }

  return {
    jwksFetches,
    async check(input) {
      if (input.providerId === undefined) return checkJwt(input);
      if (input.token.length > MAX_ACCESS_TOKEN_CHARS) throw invalid('The web identity token is too large.');
      if (input.providerId === FACEBOOK) return checkFacebook(input.token);
      if (input.providerId === AMAZON) return checkAmazon(input.token);
      throw invalid(`Unsupported ProviderId ${input.providerId.slice(0, 64)}: use graph.facebook.com or www.amazon.com, or omit it for OpenID Connect ID tokens.`);
    },
  };
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { redirect: 'error', signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const metadata = JSON.parse(new TextDecoder().decode(await readCapped(response, MAX_PROVIDER_RESPONSE_BYTES))) as { issuer?: unknown; jwks_uri?: unknown };
  if (metadata.issuer !== issuer) throw new Error('discovery issuer mismatch');
  if (typeof metadata.jwks_uri !== 'string' || !/^https:\/\//.test(metadata.jwks_uri)) throw new Error('discovery has no https jwks_uri');
  return metadata.jwks_uri;
}

function communication(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  return new BridgeError('IDP_COMMUNICATION', { detail: error instanceof Error ? error.message : String(error) });
}

function mapJoseError(error: unknown): BridgeError {
  if (error instanceof joseErrors.JWTExpired) return new BridgeError('EXPIRED_IDENTITY_TOKEN', { message: 'Token expired', detail: error.message });
  if (error instanceof joseErrors.JWKSTimeout) return new BridgeError('IDP_COMMUNICATION', { detail: error.message });
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return invalid("Couldn't retrieve verification key from your identity provider", error.message);
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) return invalid(`The web identity token failed the ${error.claim} check.`, error.message);
  if (error instanceof joseErrors.JOSEError) return invalid('The web identity token signature is invalid.', `${error.code}: ${error.message}`);
  if (error instanceof BridgeError) return error;
  // Network failures while fetching the JWKS.
  return new BridgeError('IDP_COMMUNICATION', { detail: error instanceof Error ? error.message : String(error) });
}

/** The `https://aws.amazon.com/tags` claim (sts.md §6): principal_tags {key: [value]}, transitive_tag_keys [key]. */
function sessionTagsOf(claim: unknown): { tags: SessionTag[]; transitiveTagKeys: string[] } {
  if (claim === undefined) return { tags: [], transitiveTagKeys: [] };
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw invalid('The session tags claim is malformed.');
  const { principal_tags: principalTags, transitive_tag_keys: transitive } = claim as Record<string, unknown>;
  const tags: SessionTag[] = [];
  if (principalTags !== undefined) {
    if (typeof principalTags !== 'object' || principalTags === null || Array.isArray(principalTags)) throw invalid('The session tags claim is malformed.');
    for (const [key, value] of Object.entries(principalTags)) {
      const single = Array.isArray(value) ? value : [value];
      if (single.length !== 1 || typeof single[0] !== 'string') throw invalid('Each session tag in the tags claim must have exactly one string value.');
      tags.push({ key, value: single[0] });
    }
  }
  if (transitive !== undefined && (!Array.isArray(transitive) || transitive.some((k) => typeof k !== 'string'))) throw invalid('The transitive tag keys claim is malformed.');
  return { tags, transitiveTagKeys: (transitive as string[] | undefined) ?? [] };
}

function loginIdOf(provider: string, subject: string, discriminator: string): string {
  return `wi-${createHash('sha256').update(`${provider}\n${subject}\n${discriminator}`).digest('base64url').slice(0, 22)}`;
}
