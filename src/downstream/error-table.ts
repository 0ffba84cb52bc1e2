/**
 * @module downstream/error-table — catalog code → the AWS error code a downstream app sees.
 */
import { ERROR_CATALOG, type ErrorCode } from '../errors.js';

export interface DownstreamWireError {
  readonly code: string;
  readonly status: number;
}

/**
 * The codes a downstream app can meet. Federation-protocol codes (SAML, OIDC) cannot occur on
 * this surface; any code not listed falls back by status class (see `downstreamWireError`).
 */
const DOWNSTREAM_ERROR_TABLE: Readonly<Partial<Record<ErrorCode, DownstreamWireError>>> = {
  MISSING_AUTHENTICATION: { code: 'MissingAuthenticationToken', status: 403 },
  INCOMPLETE_SIGNATURE: { code: 'IncompleteSignature', status: 400 },
  INVALID_CLIENT_TOKEN: { code: 'InvalidClientTokenId', status: 403 },
  SIGNATURE_MISMATCH: { code: 'SignatureDoesNotMatch', status: 403 },
  SIGNATURE_EXPIRED: { code: 'SignatureDoesNotMatch', status: 403 },
  EXPIRED_TOKEN: { code: 'ExpiredToken', status: 403 },
  VALIDATION: { code: 'ValidationError', status: 400 },
  INVALID_ACTION: { code: 'InvalidAction', status: 400 },
  MISSING_PARAMETER: { code: 'MissingParameter', status: 400 },
  INVALID_VERSION: { code: 'InvalidAction', status: 400 },
  REQUEST_TOO_LARGE: { code: 'RequestEntityTooLarge', status: 413 },
  MALFORMED_POLICY: { code: 'MalformedPolicyDocument', status: 400 },
  PACKED_POLICY_TOO_LARGE: { code: 'PackedPolicyTooLarge', status: 400 },
  ACCESS_DENIED: { code: 'AccessDenied', status: 403 },
  MFA_FAILED: { code: 'AccessDenied', status: 403 },
  INVALID_AUTHORIZATION_MESSAGE: { code: 'InvalidAuthorizationMessageException', status: 400 },
  INVALID_IDENTITY_TOKEN: { code: 'InvalidIdentityToken', status: 400 },
  EXPIRED_IDENTITY_TOKEN: { code: 'ExpiredTokenException', status: 400 },
  IDP_REJECTED_CLAIM: { code: 'IDPRejectedClaim', status: 403 },
  IDP_COMMUNICATION: { code: 'IDPCommunicationError', status: 400 },
  // SAML and browser-session codes (src/saml, src/console) never reach downstream verification; mapped for exhaustiveness.
  SAML_TOO_LARGE: { code: 'InvalidIdentityToken', status: 400 },
  SAML_DOCTYPE_FORBIDDEN: { code: 'InvalidIdentityToken', status: 400 },
  SAML_MALFORMED: { code: 'InvalidIdentityToken', status: 400 },
  SAML_STRUCTURE_INVALID: { code: 'InvalidIdentityToken', status: 400 },
  SAML_SIGNATURE_MISSING: { code: 'InvalidIdentityToken', status: 400 },
  SAML_SIGNATURE_INVALID: { code: 'InvalidIdentityToken', status: 400 },
  SAML_ALGORITHM_REJECTED: { code: 'InvalidIdentityToken', status: 400 },
  SAML_DECRYPTION_FAILED: { code: 'InvalidIdentityToken', status: 400 },
  SAML_ISSUER_MISMATCH: { code: 'InvalidIdentityToken', status: 400 },
  SAML_AUDIENCE_MISMATCH: { code: 'InvalidIdentityToken', status: 400 },
  SAML_RECIPIENT_MISMATCH: { code: 'InvalidIdentityToken', status: 400 },
  SAML_DESTINATION_MISMATCH: { code: 'InvalidIdentityToken', status: 400 },
  SAML_SUBJECT_INVALID: { code: 'InvalidIdentityToken', status: 400 },
  SAML_NOT_YET_VALID: { code: 'InvalidIdentityToken', status: 400 },
  SAML_REPLAYED: { code: 'InvalidIdentityToken', status: 400 },
  SAML_IN_RESPONSE_TO_INVALID: { code: 'InvalidIdentityToken', status: 400 },
  SAML_UNSOLICITED_NOT_ALLOWED: { code: 'InvalidIdentityToken', status: 400 },
  SAML_PROVIDER_UNKNOWN: { code: 'InvalidIdentityToken', status: 400 },
  SAML_ATTRIBUTE_INVALID: { code: 'InvalidIdentityToken', status: 400 },
  SAML_LOGOUT_INVALID: { code: 'InvalidIdentityToken', status: 400 },
  SIGNIN_STATE_INVALID: { code: 'InvalidIdentityToken', status: 400 },
  SAML_EXPIRED: { code: 'ExpiredTokenException', status: 400 },
  SAML_STALE: { code: 'ExpiredTokenException', status: 400 },
  SAML_STATUS_NOT_SUCCESS: { code: 'IDPRejectedClaim', status: 403 },
  SAML_NO_ROLE: { code: 'AccessDenied', status: 403 },
  SAML_ROLE_AMBIGUOUS: { code: 'AccessDenied', status: 403 },
  SAML_ROLE_NOT_IN_ASSERTION: { code: 'AccessDenied', status: 403 },
  CSRF_INVALID: { code: 'AccessDenied', status: 403 },
  LOGIN_FAILED: { code: 'AccessDenied', status: 403 },
  CONSOLE_SESSION_REQUIRED: { code: 'MissingAuthenticationToken', status: 403 },
  NOT_FOUND: { code: 'NotFound', status: 404 },
  STORE_UNAVAILABLE: { code: 'ServiceUnavailable', status: 503 },
  THROTTLED: { code: 'Throttling', status: 429 },
  INTERNAL: { code: 'InternalFailure', status: 500 },
};

export function downstreamWireError(code: ErrorCode): DownstreamWireError {
  const listed = DOWNSTREAM_ERROR_TABLE[code];
  if (listed) return listed;
  const status = ERROR_CATALOG[code].status;
  const fallback = status === 400 ? 'ValidationError' : status === 403 || status === 401 ? 'AccessDenied' : status === 404 ? 'NotFound' : status === 503 ? 'ServiceUnavailable' : 'InternalFailure';
  return { code: fallback, status };
}
