/**
 * @module sts/error-table — catalog code → STS wire error (sts.md §1.5, §1.6).
 *
 * Wire codes are exactly those the AWS SDKs recognise, so SDK users get the modelled exception
 * classes (e.g. `PackedPolicyTooLarge` → `PackedPolicyTooLargeException`).
 */
import type { ErrorCode } from '../errors.js';

export interface WireError {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
}

export const STS_ERROR_TABLE: Readonly<Record<ErrorCode, WireError>> = {
  MISSING_AUTHENTICATION: { code: 'MissingAuthenticationToken', status: 403, type: 'Sender' },
  INCOMPLETE_SIGNATURE: { code: 'IncompleteSignature', status: 400, type: 'Sender' },
  INVALID_CLIENT_TOKEN: { code: 'InvalidClientTokenId', status: 403, type: 'Sender' },
  SIGNATURE_MISMATCH: { code: 'SignatureDoesNotMatch', status: 403, type: 'Sender' },
  // STS reports clock skew as SignatureDoesNotMatch (sts.md §11).
  SIGNATURE_EXPIRED: { code: 'SignatureDoesNotMatch', status: 403, type: 'Sender' },
  EXPIRED_TOKEN: { code: 'ExpiredToken', status: 403, type: 'Sender' },
  VALIDATION: { code: 'ValidationError', status: 400, type: 'Sender' },
  INVALID_ACTION: { code: 'InvalidAction', status: 400, type: 'Sender' },
  MISSING_PARAMETER: { code: 'MissingParameter', status: 400, type: 'Sender' },
  INVALID_VERSION: { code: 'InvalidAction', status: 400, type: 'Sender' },
  REQUEST_TOO_LARGE: { code: 'RequestEntityTooLarge', status: 413, type: 'Sender' },
  MALFORMED_POLICY: { code: 'MalformedPolicyDocument', status: 400, type: 'Sender' },
  PACKED_POLICY_TOO_LARGE: { code: 'PackedPolicyTooLarge', status: 400, type: 'Sender' },
  ACCESS_DENIED: { code: 'AccessDenied', status: 403, type: 'Sender' },
  MFA_FAILED: { code: 'AccessDenied', status: 403, type: 'Sender' },
  INVALID_AUTHORIZATION_MESSAGE: { code: 'InvalidAuthorizationMessageException', status: 400, type: 'Sender' },
  INVALID_IDENTITY_TOKEN: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  EXPIRED_IDENTITY_TOKEN: { code: 'ExpiredTokenException', status: 400, type: 'Sender' },
  IDP_REJECTED_CLAIM: { code: 'IDPRejectedClaim', status: 403, type: 'Sender' },
  IDP_COMMUNICATION: { code: 'IDPCommunicationError', status: 400, type: 'Sender' },
  // SAML failures: the modelled AssumeRoleWithSAML codes (sts.md §1.6, §5).
  SAML_TOO_LARGE: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_DOCTYPE_FORBIDDEN: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_MALFORMED: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_STRUCTURE_INVALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_SIGNATURE_MISSING: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_SIGNATURE_INVALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_ALGORITHM_REJECTED: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_DECRYPTION_FAILED: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_STATUS_NOT_SUCCESS: { code: 'IDPRejectedClaim', status: 403, type: 'Sender' },
  SAML_ISSUER_MISMATCH: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_AUDIENCE_MISMATCH: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_RECIPIENT_MISMATCH: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_DESTINATION_MISMATCH: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_SUBJECT_INVALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_NOT_YET_VALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_EXPIRED: { code: 'ExpiredTokenException', status: 400, type: 'Sender' },
  SAML_STALE: { code: 'ExpiredTokenException', status: 400, type: 'Sender' },
  SAML_REPLAYED: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_IN_RESPONSE_TO_INVALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_UNSOLICITED_NOT_ALLOWED: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_PROVIDER_UNKNOWN: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_ATTRIBUTE_INVALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  SAML_NO_ROLE: { code: 'AccessDenied', status: 403, type: 'Sender' },
  SAML_ROLE_AMBIGUOUS: { code: 'AccessDenied', status: 403, type: 'Sender' },
  SAML_ROLE_NOT_IN_ASSERTION: { code: 'AccessDenied', status: 403, type: 'Sender' },
  SAML_LOGOUT_INVALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  // Browser-only codes; never produced by an STS action, mapped for exhaustiveness.
  CONSOLE_SESSION_REQUIRED: { code: 'MissingAuthenticationToken', status: 403, type: 'Sender' },
  CSRF_INVALID: { code: 'AccessDenied', status: 403, type: 'Sender' },
  SIGNIN_STATE_INVALID: { code: 'InvalidIdentityToken', status: 400, type: 'Sender' },
  LOGIN_FAILED: { code: 'AccessDenied', status: 403, type: 'Sender' },
  // S3-service codes; never produced by this API, mapped for exhaustiveness.
  NO_SUCH_BUCKET: { code: 'NoSuchEntity', status: 404, type: 'Sender' },
  NO_SUCH_KEY: { code: 'NoSuchEntity', status: 404, type: 'Sender' },
  CONTENT_SHA256_MISMATCH: { code: 'SignatureDoesNotMatch', status: 403, type: 'Sender' },
  BAD_DIGEST: { code: 'ValidationError', status: 400, type: 'Sender' },
  INCOMPLETE_BODY: { code: 'ValidationError', status: 400, type: 'Sender' },
  NOT_IMPLEMENTED: { code: 'InvalidAction', status: 400, type: 'Sender' },
  NOT_FOUND: { code: 'NoSuchEntity', status: 404, type: 'Sender' },
  STORE_UNAVAILABLE: { code: 'ServiceUnavailable', status: 503, type: 'Receiver' },
  THROTTLED: { code: 'Throttling', status: 400, type: 'Sender' },
  INTERNAL: { code: 'InternalFailure', status: 500, type: 'Receiver' },
};
