/**
 * @module auth/caller-authentication — from a presented credential (SigV4 or a bearer session token)
 * to a core `Caller`, with AWS's error codes (sts.md §11).
 *
 * The one authentication path shared by every adapter that accepts credentials (STS and IAM
 * Query APIs, the admin API, downstream verification, the S3 service). A support layer between
 * the core and the adapters: it imports the core and `sigv4/`, never an adapter.
 */
import { REVOKED_MESSAGE, resolveCaller, sha256Hex, type Caller, type StsServices } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { detectSigV4, verifySigV4, type SignedRequestParts } from '../sigv4/index.js';

/** Downstream verification allows the 5-minute replay window most AWS services use (security.md §4.7). */
export const DOWNSTREAM_MAX_SKEW_MS = 5 * 60 * 1000;

export interface SignedAuthentication {
  readonly caller: Caller;
  readonly accessKeyId: string;
}

export interface SignedAuthenticationOptions {
  /** Signing name(s) the endpoint answers to. */
  readonly service: string | readonly string[];
  readonly maxSkewMs?: number;
  readonly allowedRegions?: readonly string[];
  readonly allowUnsignedPayload?: boolean;
}

export async function authenticateSigned(services: StsServices, parts: SignedRequestParts, options: SignedAuthenticationOptions): Promise<SignedAuthentication> {
  if (detectSigV4(parts) === 'none') throw new BridgeError('MISSING_AUTHENTICATION');
  let caller: Caller | undefined;
  const verified = await verifySigV4(
    parts,
    async (accessKeyId, sessionToken) => {
      const resolved = await resolveCaller(services, accessKeyId, sessionToken);
      if (!resolved) return null;
      caller = resolved.caller;
      return { secretAccessKey: resolved.secretAccessKey };
    },
    {
      ...(typeof options.service === 'string' ? { service: options.service } : { services: options.service }),
      nowMs: services.clock.now(),
      maxSkewMs: options.maxSkewMs ?? DOWNSTREAM_MAX_SKEW_MS,
      requireBodyHash: parts.bodySha256Hex !== undefined,
      ...(options.allowUnsignedPayload ? { allowUnsignedPayload: true } : {}),
      ...(options.allowedRegions && options.allowedRegions.length > 0 ? { allowedRegions: options.allowedRegions } : {}),
    },
  );
  if (!caller) throw new BridgeError('INVALID_CLIENT_TOKEN');
  return { caller, accessKeyId: verified.accessKeyId };
}

/**
 * A session token presented alone (bearer mode): signature (cached by exact bytes, see
 * core/session-token-verifier), then on every request expiry, exact token, revocation.
 */
export async function authenticateBearer(services: StsServices, token: string): Promise<SignedAuthentication> {
  const check = services.tokenVerifier.verify(token, services.clock.now());
  if (!check.ok) {
    if (check.reason === 'expired') throw new BridgeError('EXPIRED_TOKEN', { detail: 'bearer token expired' });
    throw new BridgeError('INVALID_CLIENT_TOKEN', { detail: `bearer token ${check.reason}` });
  }
  const accessKeyId = check.claims.jti;
  const resolved = await resolveCaller(services, accessKeyId, token);
  if (!resolved) throw new BridgeError('INVALID_CLIENT_TOKEN', { detail: 'no session for the token' });
  return { caller: resolved.caller, accessKeyId };
}

/** For introspection: the session behind a token, without throwing (RFC 7662 answers inactive instead). */
export async function tokenSession(services: StsServices, token: string) {
  const check = services.tokenVerifier.verify(token, services.clock.now());
  if (!check.ok) return undefined;
  const resolved = await services.resolver.find(check.claims.jti);
  if (!resolved || resolved.session.tokenSha256 !== sha256Hex(token)) return undefined;
  if (resolved.revocation.revoked || services.clock.now() >= resolved.session.expiresAt) return undefined;
  return { claims: check.claims, session: resolved.session };
}

export { REVOKED_MESSAGE };
