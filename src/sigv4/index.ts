/**
 * @module sigv4 — AWS Signature Version 4 request verification (header and presigned forms).
 *
 * Pure: no Express, no I/O except the injected secret lookup, no clock except `options.nowMs`.
 * Used by the STS Query API, the S3-compatible service and the downstream verification API.
 *
 * Adapter recipe:
 * ```ts
 * const form = detectSigV4({ headers: req.headersDistinct, rawQuery });
 * if (form === 'none') throw new BridgeError('MISSING_AUTHENTICATION');
 * const verified = await verifySigV4(
 *   { method: req.method, path, rawQuery, headers: req.headersDistinct, bodySha256Hex },
 *   (akid, token) => credentials.secretFor(akid, token),
 *   { service: 'sts', nowMs: clock.now() },
 * );
 * ```
 * - `path` / `rawQuery`: split `req.url` at the first `?`, without decoding anything.
 * - `headers`: prefer `req.headersDistinct`; `req.headers` joins repeated headers with `', '`,
 *   which changes their canonical form (SigV4 joins with `','`).
 * - `bodySha256Hex`: hash the raw bytes before any body parser touches them; pass `undefined` only
 *   for streaming bodies, then check the body against `verified.payloadHash` while reading it.
 * - Error codes and how AWS puts them on the wire (keep `error.message`, it is AWS's text):
 *
 *   | code                   | STS / Query API (HTTP)          | S3                                  |
 *   |------------------------|---------------------------------|-------------------------------------|
 *   | MISSING_AUTHENTICATION | MissingAuthenticationToken 403  | AccessDenied 403                    |
 *   | INCOMPLETE_SIGNATURE   | IncompleteSignature 400         | AuthorizationHeaderMalformed /      |
 *   |                        |                                 | AuthorizationQueryParametersError   |
 *   | SIGNATURE_MISMATCH     | SignatureDoesNotMatch 403       | SignatureDoesNotMatch 403           |
 *   | SIGNATURE_EXPIRED      | SignatureDoesNotMatch 403       | RequestTimeTooSkewed 403, or        |
 *   |                        |                                 | AccessDenied "Request has expired"  |
 *   | INVALID_CLIENT_TOKEN   | InvalidClientTokenId 403        | InvalidAccessKeyId 403              |
 *   | EXPIRED_TOKEN (lookup) | ExpiredToken 403                | ExpiredToken 400                    |
 *
 *   plus whatever else the lookup throws (e.g. STORE_UNAVAILABLE).
 * - Replays inside the validity window are possible by design (security.md §4.7); verify-and-act
 *   endpoints that are not idempotent should keep a nonce of `sha256(verified.signature)`.
 */

export type {
  SignedRequestParts,
  SigningSecretLookup,
  VerifyOptions,
  VerifiedSignature,
} from './types.js';
export { verifySigV4, DEFAULT_MAX_SKEW_MS } from './verify.js';
export { detectSigV4 } from './detect.js';
export type { SigningKey, SigningKeyCache, SigningKeyCacheStats } from './signing-key-cache.js';
export { createSigningKeyCache, deriveSigningKey, DEFAULT_KEY_CACHE_SIZE } from './signing-key-cache.js';
export { canonicalUri, uriEncode } from './encoding.js';
export { canonicalQueryString, parseQuery } from './canonical-query.js';
export { buildCanonicalRequest, buildStringToSign, credentialScope } from './canonical-request.js';
export { MAX_PRESIGNED_EXPIRES_S } from './request-time.js';
export { STREAMING_PAYLOADS, UNSIGNED_PAYLOAD } from './payload-hash.js';
