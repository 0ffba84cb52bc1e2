/**
 * @module sigv4/failures — every public SigV4 error text in one place.
 *
 * Wording is AWS's (Coral front end, shared by STS/IAM/DynamoDB...), as captured from real responses:
 * sts.md §11 [S54][S55] and responses quoted verbatim by emulators and bug reports (dynalite's
 * captured DynamoDB responses; API Gateway / SES / CloudFront "IncompleteSignature" reports).
 * Codes: IncompleteSignature → INCOMPLETE_SIGNATURE (400); InvalidSignatureException /
 * SignatureDoesNotMatch → SIGNATURE_MISMATCH (403); clock-window failures → SIGNATURE_EXPIRED, which
 * adapters render as SignatureDoesNotMatch like STS does.
 */

import { BridgeError } from '../errors.js';

/** IncompleteSignature: the request does not even carry a well-formed signature. */
export function incomplete(message: string, detail?: string): BridgeError {
  return new BridgeError('INCOMPLETE_SIGNATURE', { message, detail: detail ?? message });
}

/** SignatureDoesNotMatch: well-formed but wrong (scope, signed-header rules, body, signature). */
export function mismatch(detail: string, message?: string): BridgeError {
  return new BridgeError('SIGNATURE_MISMATCH', message === undefined ? { detail } : { message, detail });
}

/** The signature is outside its validity window (skew or presigned expiry). */
export function expired(message: string, detail?: string): BridgeError {
  return new BridgeError('SIGNATURE_EXPIRED', { message, detail: detail ?? message });
}

export const MESSAGES = {
  /** Coral, header form: one sentence per missing part, then the header echoed. */
  headerRequires: (param: string) => `Authorization header requires '${param}' parameter. `,
  headerRequiresDate: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
  headerEcho: (header: string) => `Authorization=${header}`,
  /** Coral: a component without `=` (e.g. a stray space inside the Credential). */
  notKeyValue: (token: string, header: string) =>
    `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
  /** Coral, query form: one sentence per missing parameter, then a closing sentence. */
  queryRequires: (param: string) => `AWS query-string parameters must include '${param}'. `,
  queryRequiresEnd: 'Re-examine the query-string parameters.',
  bothForms: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
  unsupportedAlgorithm: (alg: string) => `Unsupported AWS 'algorithm': '${alg}' (only AWS4-HMAC-SHA256 for now). `,
  badDate: (value: string) => `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  credentialParts: (value: string) =>
    `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${value}'`,
  /** Scope errors: Coral reports all of them at once, concatenated in this order. */
  scopeRegion: (region: string) => `Credential should be scoped to a valid Region, not '${region}'. `,
  scopeService: (service: string) => `Credential should be scoped to correct service: '${service}'. `,
  scopeTerminator: (term: string) => `Credential should be scoped with a valid terminator: 'aws4_request', not '${term}'. `,
  scopeDate: (scopeDate: string, httpDate: string, full: string) =>
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${httpDate}', from '${full}'.`,
  /** Coral: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." (same shape reused). */
  mustSign: (display: string) => `'${display}' must be a 'SignedHeader' in the AWS Authorization.`,
  mustSignHost: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  /** S3 (AccessDenied there, with a HeadersNotSigned element). */
  unsignedAmzHeaders: 'There were headers present in the request which were not signed',
  /** STS [S55]: "Signature expired: <req> is now earlier than <now-skew> (<now> - 15 min.)". */
  signatureExpired: (req: string, limit: string, now: string, minutes: string) =>
    `Signature expired: ${req} is now earlier than ${limit} (${now} - ${minutes} min.)`,
  signatureNotYetCurrent: (req: string, limit: string, now: string, minutes: string) =>
    `Signature not yet current: ${req} is still later than ${limit} (${now} + ${minutes} min.)`,
  /** S3's presigned-URL wording. */
  requestExpired: 'Request has expired',
  expiresTooLarge: 'X-Amz-Expires must be less than a week (in seconds) that is 604800',
  expiresTooSmall: 'X-Amz-Expires must be non-negative',
  expiresNotNumber: 'X-Amz-Expires should be a number',
  /** Not AWS-captured: AWS documents 1..604800; S3 has no sample text for 0. */
  expiresZero: 'X-Amz-Expires must be greater than 0',
  /** S3 wording for a request whose payload hash cannot be established. */
  missingContentSha: 'Missing required header for this request: x-amz-content-sha256',
  badContentSha: 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.',
  /** Not AWS-captured (no public sample); phrased in the same style. */
  duplicateParam: (param: string) => `Authorization header requires a single '${param}' parameter. `,
  duplicateQueryParam: (param: string) => `AWS query-string parameters must include a single '${param}'. `,
  conflictingToken: "Found both 'X-Amz-Security-Token' as a query-string param and as HTTP header with different values.",
} as const;
