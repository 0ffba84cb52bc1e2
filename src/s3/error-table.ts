/**
 * @module s3/error-table — catalog code → S3 REST error (the one table of this adapter).
 *
 * Codes, statuses and messages are S3's ("Error responses" in the Amazon S3 API reference), so the
 * SDKs raise their modelled exceptions (`NoSuchKey`, `NoSuchBucket`) and the CLI prints what it
 * prints against AWS. Where S3 uses different words than the catalog default, `message` gives
 * S3's; a specific public message set by the thrower (e.g. SigV4 scope errors) is kept.
 *
 * S3 differs from STS in several places (all deliberate):
 * - an unknown access key is `InvalidAccessKeyId` (403), not `InvalidClientTokenId`;
 * - a session token that is missing, wrong or revoked is `InvalidToken` (400), an expired one
 *   `ExpiredToken` (400) (both decided in the handler, which knows which check failed);
 * - clock skew is `RequestTimeTooSkewed` (403); an expired presigned URL is `AccessDenied`
 *   "Request has expired"; unsigned `x-amz-*` headers are `AccessDenied`;
 * - a body that does not match `x-amz-content-sha256` is `XAmzContentSHA256Mismatch` (400);
 * - anonymous requests are `AccessDenied` (this service has no public buckets);
 * - codes no S3 operation can produce (SAML, console, STS-only) map to the nearest S3 code by status.
 */
import type { ErrorCode } from '../errors.js';

export interface S3WireError {
  readonly code: string;
  readonly status: number;
  /** S3's text, used when the error carries the catalog's default message. */
  readonly message?: string;
}

const ACCESS_DENIED: S3WireError = { code: 'AccessDenied', status: 403, message: 'Access Denied' };
const INVALID_REQUEST: S3WireError = { code: 'InvalidRequest', status: 400 };

export const S3_ERROR_TABLE: Readonly<Record<ErrorCode, S3WireError>> = {
  MISSING_AUTHENTICATION: ACCESS_DENIED,
  INCOMPLETE_SIGNATURE: { code: 'AuthorizationHeaderMalformed', status: 400 },
  INVALID_CLIENT_TOKEN: { code: 'InvalidAccessKeyId', status: 403, message: 'The AWS Access Key Id you provided does not exist in our records.' },
  SIGNATURE_MISMATCH: {
    code: 'SignatureDoesNotMatch',
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  SIGNATURE_EXPIRED: { code: 'RequestTimeTooSkewed', status: 403, message: 'The difference between the request time and the current time is too large.' },
  EXPIRED_TOKEN: { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' },
  VALIDATION: { code: 'InvalidArgument', status: 400 },
  INVALID_ACTION: INVALID_REQUEST,
  MISSING_PARAMETER: INVALID_REQUEST,
  INVALID_VERSION: INVALID_REQUEST,
  REQUEST_TOO_LARGE: { code: 'EntityTooLarge', status: 400, message: 'Your proposed upload exceeds the maximum allowed size' },
  MALFORMED_POLICY: { code: 'MalformedPolicy', status: 400 },
  PACKED_POLICY_TOO_LARGE: INVALID_REQUEST,
  ACCESS_DENIED,
  MFA_FAILED: ACCESS_DENIED,
  INVALID_AUTHORIZATION_MESSAGE: INVALID_REQUEST,
  INVALID_IDENTITY_TOKEN: { code: 'InvalidToken', status: 400, message: 'The provided token is malformed or otherwise invalid.' },
  EXPIRED_IDENTITY_TOKEN: { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' },
  IDP_REJECTED_CLAIM: ACCESS_DENIED,
  IDP_COMMUNICATION: INVALID_REQUEST,
  SAML_TOO_LARGE: { code: 'EntityTooLarge', status: 400 },
  SAML_DOCTYPE_FORBIDDEN: INVALID_REQUEST,
  SAML_MALFORMED: INVALID_REQUEST,
  SAML_STRUCTURE_INVALID: INVALID_REQUEST,
  SAML_SIGNATURE_MISSING: INVALID_REQUEST,
  SAML_SIGNATURE_INVALID: INVALID_REQUEST,
  SAML_ALGORITHM_REJECTED: INVALID_REQUEST,
  SAML_DECRYPTION_FAILED: INVALID_REQUEST,
  SAML_STATUS_NOT_SUCCESS: ACCESS_DENIED,
  SAML_ISSUER_MISMATCH: INVALID_REQUEST,
  SAML_AUDIENCE_MISMATCH: INVALID_REQUEST,
  SAML_RECIPIENT_MISMATCH: INVALID_REQUEST,
  SAML_DESTINATION_MISMATCH: INVALID_REQUEST,
  SAML_SUBJECT_INVALID: INVALID_REQUEST,
  SAML_NOT_YET_VALID: INVALID_REQUEST,
  SAML_EXPIRED: INVALID_REQUEST,
  SAML_STALE: INVALID_REQUEST,
  SAML_REPLAYED: INVALID_REQUEST,
  SAML_IN_RESPONSE_TO_INVALID: INVALID_REQUEST,
  SAML_UNSOLICITED_NOT_ALLOWED: INVALID_REQUEST,
  SAML_PROVIDER_UNKNOWN: INVALID_REQUEST,
  SAML_ATTRIBUTE_INVALID: INVALID_REQUEST,
  SAML_NO_ROLE: ACCESS_DENIED,
  SAML_ROLE_AMBIGUOUS: ACCESS_DENIED,
  SAML_ROLE_NOT_IN_ASSERTION: ACCESS_DENIED,
  SAML_LOGOUT_INVALID: INVALID_REQUEST,
  CONSOLE_SESSION_REQUIRED: ACCESS_DENIED,
  CSRF_INVALID: ACCESS_DENIED,
  SIGNIN_STATE_INVALID: INVALID_REQUEST,
  LOGIN_FAILED: ACCESS_DENIED,
  NO_SUCH_BUCKET: { code: 'NoSuchBucket', status: 404 },
  NO_SUCH_KEY: { code: 'NoSuchKey', status: 404 },
  CONTENT_SHA256_MISMATCH: { code: 'XAmzContentSHA256Mismatch', status: 400 },
  BAD_DIGEST: { code: 'BadDigest', status: 400 },
  INCOMPLETE_BODY: { code: 'IncompleteBody', status: 400 },
  NOT_IMPLEMENTED: { code: 'NotImplemented', status: 501 },
  NOT_FOUND: { code: 'NotFound', status: 404 },
  STORE_UNAVAILABLE: { code: 'ServiceUnavailable', status: 503, message: 'The credential store is unavailable. Please try again shortly.' },
  THROTTLED: { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' },
  INTERNAL: { code: 'InternalError', status: 500, message: 'We encountered an internal error. Please try again.' },
};

/** Context-dependent S3 codes the handler attaches as `extra.s3Code` (see the module comment). */
export const S3_CONTEXT_CODES = {
  invalidToken: { code: 'InvalidToken', status: 400, message: 'The provided token is malformed or otherwise invalid.' },
  presignedExpired: { code: 'AccessDenied', status: 403, message: 'Request has expired' },
  unsignedHeaders: { code: 'AccessDenied', status: 403, message: 'There were headers present in the request which were not signed' },
  queryAuthMalformed: { code: 'AuthorizationQueryParametersError', status: 400 },
  invalidDigest: { code: 'InvalidDigest', status: 400, message: 'The Content-MD5 or checksum value that you specified is not valid.' },
  keyTooLong: { code: 'KeyTooLongError', status: 400, message: 'Your key is too long' },
  methodNotAllowed: { code: 'MethodNotAllowed', status: 405, message: 'The specified method is not allowed against this resource.' },
  malformedTrailer: { code: 'MalformedTrailerError', status: 400, message: 'The request contained trailing data that was not well-formed or did not conform to our published schema.' },
  invalidChunkSize: { code: 'InvalidChunkSizeError', status: 403, message: 'Only the last chunk is allowed to have a size less than 8192 bytes' },
  invalidUri: { code: 'InvalidURI', status: 400, message: "Couldn't parse the specified URI." },
  invalidBucketName: { code: 'InvalidBucketName', status: 400, message: 'The specified bucket is not valid.' },
  missingContentLength: { code: 'MissingContentLength', status: 411, message: 'You must provide the Content-Length HTTP header.' },
} as const satisfies Record<string, S3WireError>;

export type S3ContextCode = keyof typeof S3_CONTEXT_CODES;
