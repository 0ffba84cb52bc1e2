/**
 * @module sigv4/verify — verifies an AWS Signature Version 4 request, as AWS front ends do.
 *
 * Checks run in Coral's order (captured responses, see failures.ts), so a request with several
 * faults gets the error AWS would give first:
 *   1. form: both header and query auth → SignatureDoesNotMatch; neither → MissingAuthenticationToken
 *   2. required parts present (IncompleteSignature)       3. date syntax (IncompleteSignature)
 *   4. clock window / presigned expiry (SIGNATURE_EXPIRED) 5. SignedHeaders rules (SignatureDoesNotMatch)
 *   6. algorithm, Credential shape (IncompleteSignature)  7. scope region/service/terminator/date
 *   8. payload hash                                        9. access key → InvalidClientTokenId
 *  10. signature compare → SignatureDoesNotMatch
 * Timing (security.md §4.6): the canonical request, string to sign and final HMAC are computed for
 * unknown keys too (against a per-process dummy secret, through the same key cache), and the
 * signatures are compared with `timingSafeEqual` on two 32-byte buffers, before any key error is
 * thrown. So "unknown key" and "wrong signature" cost the same work.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { BridgeError } from '../errors.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { ALGORITHM, buildCanonicalRequest, buildStringToSign, credentialScope } from './canonical-request.js';
import type { RawQueryPair } from './canonical-query.js';
import { canonicalQueryString, parseQuery, queryValuesIgnoreCase } from './canonical-query.js';
import { checkScope, parseCredential } from './credential-scope.js';
import { authorizationHeader, hasAlgorithmParam, headerValue, isSigV4Authorization } from './detect.js';
import { canonicalUri } from './encoding.js';
import { incomplete, mismatch, MESSAGES } from './failures.js';
import { resolvePayloadHash } from './payload-hash.js';
import { parsePresignedQuery, SIGNATURE_PARAM, singleParam, TOKEN_PARAM } from './presigned-query.js';
import { checkPresignedWindow, checkSkew, parseExpires, parseRequestTime } from './request-time.js';
import { createSigningKeyCache } from './signing-key-cache.js';
import type { ParsedAuth, SignedRequestParts, SigningSecretLookup, VerifiedSignature, VerifyOptions } from './types.js';

/** STS tolerates ±15 minutes (sts.md §11 [S55]); other services' callers may pass 5 min. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60_000;

const sharedKeyCache = createSigningKeyCache();
/** Secret used when the access key is unknown, so that path does the same HMAC work. */
const DUMMY_SECRET = randomBytes(30).toString('base64');
const SIGNATURE_HEX = /^[0-9a-f]{64}$/;
/** Anything else is not an access key id we could have issued; it is never sent to the lookup. */
const ACCESS_KEY_SYNTAX = /^[\x21-\x7e]{1,128}$/;

function acceptedServices(options: VerifyOptions): readonly string[] {
  const services = options.services ?? (options.service === undefined ? [] : [options.service]);
  if (services.length === 0) throw new TypeError('verifySigV4: options.service or options.services is required');
  return services;
}

/**
 * AWS "Create a canonical request": `host` must be signed, and so must the date header used and a
 * session-token header (security.md §4.7). Coral answers these as InvalidSignature. Optionally
 * (S3) every `x-amz-*` header present must be signed.
 */
function checkSignedHeaders(auth: ParsedAuth, headers: SignedRequestParts['headers'], requireAmz: boolean): void {
  const signed = auth.signedHeaders;
  if (!signed.includes('host')) throw mismatch('host is not a signed header', MESSAGES.mustSignHost);
  if (auth.form === 'header' && !signed.includes(auth.dateSource)) {
    const display = auth.dateSource === 'date' ? 'Date' : 'X-Amz-Date';
    throw mismatch(`${auth.dateSource} is not a signed header`, MESSAGES.mustSign(display));
  }
  const tokenHeader = headerValue(headers, 'x-amz-security-token');
  if (tokenHeader !== undefined && tokenHeader !== '' && !signed.includes('x-amz-security-token')) {
    throw mismatch('x-amz-security-token is not a signed header', MESSAGES.mustSign('X-Amz-Security-Token'));
  }
  if (requireAmz) {
    const unsigned = Object.keys(headers).filter((name) => name.startsWith('x-amz-') && headers[name] !== undefined && !signed.includes(name));
    if (unsigned.length > 0) throw mismatch(`unsigned x-amz-* headers: ${unsigned.join(', ')}`, MESSAGES.unsignedAmzHeaders);
  }
}

/** Finds and parses the auth material (steps 1–2). */
function readAuth(req: SignedRequestParts, pairs: readonly RawQueryPair[]): ParsedAuth & { algorithm: string } {
  const header = authorizationHeader(req.headers);
  const queryForm = hasAlgorithmParam(pairs);
  if (header !== undefined && queryForm) throw mismatch('both header and query authentication', MESSAGES.bothForms);
  if (queryForm) return parsePresignedQuery(pairs, req.headers);
  if (header === undefined || !isSigV4Authorization(header)) {
    throw new BridgeError('MISSING_AUTHENTICATION', {
      detail: header === undefined ? 'no Authorization header or X-Amz-Algorithm parameter' : 'Authorization header is not AWS4-*',
    });
  }
  const parsed = parseAuthorizationHeader(header, req.headers);
  // A token may also ride in the (signed) query string of a header-signed request.
  return parsed.sessionToken === undefined ? { ...parsed, sessionToken: singleParam(pairs, TOKEN_PARAM) || undefined } : parsed;
}

/**
 * Verifies a SigV4-signed request (header or presigned form). Resolves with what the signature
 * proves; rejects with a `BridgeError` (codes MISSING_AUTHENTICATION, INCOMPLETE_SIGNATURE,
 * SIGNATURE_MISMATCH, SIGNATURE_EXPIRED, INVALID_CLIENT_TOKEN, or whatever `lookup` throws).
 * Misuse (no service configured, `requireBodyHash` without a body hash) throws `TypeError`.
 */
export async function verifySigV4(
  req: SignedRequestParts,
  lookup: SigningSecretLookup,
  options: VerifyOptions,
): Promise<VerifiedSignature> {
  const services = acceptedServices(options);
  if (options.requireBodyHash === true && req.bodySha256Hex === undefined) {
    throw new TypeError('verifySigV4: requireBodyHash is set but bodySha256Hex was not computed');
  }
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const pairs = parseQuery(req.rawQuery);
  const auth = readAuth(req, pairs);

  const time = parseRequestTime(auth.rawDate, auth.dateSource === 'date');
  if (auth.form === 'query') {
    checkPresignedWindow(time, parseExpires(auth.rawExpires), options.nowMs, maxSkewMs, options.ignorePresignedExpires === true);
  } else {
    checkSkew(time, options.nowMs, maxSkewMs);
  }
  checkSignedHeaders(auth, req.headers, options.requireSignedAmzHeaders === true);
  if (auth.algorithm !== ALGORITHM) throw incomplete(MESSAGES.unsupportedAlgorithm(auth.algorithm));
  const scope = parseCredential(auth.credential);
  checkScope(scope, { services, allowedRegions: options.allowedRegions, requestTimestamp: time.iso });
  if (!SIGNATURE_HEX.test(auth.signature)) throw mismatch('signature is not 64 lower-case hex digits');

  const declaredHeader = headerValue(req.headers, 'x-amz-content-sha256');
  const payloadHash = resolvePayloadHash({
    declared: declaredHeader ?? (auth.form === 'query' ? queryValuesIgnoreCase(pairs, 'x-amz-content-sha256')[0] : undefined),
    bodySha256Hex: req.bodySha256Hex,
    form: auth.form,
    allowUnsignedPayload: options.allowUnsignedPayload === true,
    allowStreamingPayload: options.allowStreamingPayload === true,
  });

  const canonicalRequest = buildCanonicalRequest({
    method: req.method,
    canonicalUri: canonicalUri(req.path, options.s3PathRules === true),
    canonicalQuery: canonicalQueryString(pairs, auth.form === 'query' ? SIGNATURE_PARAM : undefined),
    headers: req.headers,
    signedHeaders: auth.signedHeaders,
    payloadHash,
  });
  const stringToSign = buildStringToSign(time.iso, credentialScope(scope.date, scope.region, scope.service), canonicalRequest);

  let secret: string | undefined;
  let lookupFailure: { error: unknown } | undefined;
  if (ACCESS_KEY_SYNTAX.test(scope.accessKeyId)) {
    try {
      secret = (await lookup(scope.accessKeyId, auth.sessionToken))?.secretAccessKey;
    } catch (error) {
      lookupFailure = { error };
    }
  }
  // Same work whatever the lookup said: derive (cached) and HMAC with the real or a dummy secret.
  const cache = options.keyCache ?? sharedKeyCache;
  const signingKey = cache.get(secret ?? DUMMY_SECRET, scope.date, scope.region, scope.service);
  const computed = signingKey.sign(stringToSign);
  const matches = timingSafeEqual(computed, Buffer.from(auth.signature, 'hex'));

  if (lookupFailure !== undefined) throw lookupFailure.error;
  if (secret === undefined) {
    throw new BridgeError('INVALID_CLIENT_TOKEN', { detail: `unknown access key id '${scope.accessKeyId.slice(0, 128)}'` });
  }
  if (!matches) {
    throw mismatch(`signature mismatch for ${scope.accessKeyId}; string to sign: ${JSON.stringify(stringToSign)}`);
  }
  return {
    accessKeyId: scope.accessKeyId,
    sessionToken: auth.sessionToken,
    region: scope.region,
    service: scope.service,
    signedAt: new Date(time.ms),
    signedHeaders: [...auth.signedHeaders],
    form: auth.form,
    signature: auth.signature,
    payloadHash,
  };
}
