/**
 * @module iam/error-table — catalog code → IAM Query API wire error (the one table of this adapter).
 *
 * Codes are those of the IAM API model (botocore `iam/2010-05-08/service-2.json`) and of the
 * AWS front end, so SDKs raise their modelled exceptions (`InvalidInput` → InvalidInputException,
 * `NoSuchEntity` → NoSuchEntityException, `MalformedPolicyDocument`, `ServiceFailure`, …).
 *
 * Decisions:
 * - VALIDATION → `InvalidInput` (400). The model lists InvalidInput as the parameter error of both
 *   simulator operations; AWS's front end answers pure model-constraint violations with
 *   `ValidationError`, but SDK users then get an unmodelled exception. rolegate keeps AWS's
 *   constraint wording in the message and uses the modelled code.
 * - INTERNAL → `ServiceFailure` (500, Receiver), IAM's modelled server error.
 * - Codes the simulator can never produce (identity-token, MFA, packed-policy codes) still map to
 *   the nearest IAM code. Codes of other adapters' families (SAML, console, S3, …) that are not
 *   listed take the IAM code of their HTTP status class (`wireByStatus`), so the table always
 *   covers the whole catalog, including codes added later; a test checks it.
 */
import { ERROR_CATALOG, ERROR_CODES, type ErrorCode } from '../errors.js';

export interface IamWireError {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
}

const EXPLICIT = {
  MISSING_AUTHENTICATION: { code: 'MissingAuthenticationToken', status: 403, type: 'Sender' },
  INCOMPLETE_SIGNATURE: { code: 'IncompleteSignature', status: 400, type: 'Sender' },
  INVALID_CLIENT_TOKEN: { code: 'InvalidClientTokenId', status: 403, type: 'Sender' },
  SIGNATURE_MISMATCH: { code: 'SignatureDoesNotMatch', status: 403, type: 'Sender' },
  // Like STS, the AWS front end reports clock skew as SignatureDoesNotMatch ("Signature expired: …").
  SIGNATURE_EXPIRED: { code: 'SignatureDoesNotMatch', status: 403, type: 'Sender' },
  EXPIRED_TOKEN: { code: 'ExpiredToken', status: 403, type: 'Sender' },
  VALIDATION: { code: 'InvalidInput', status: 400, type: 'Sender' },
  INVALID_ACTION: { code: 'InvalidAction', status: 400, type: 'Sender' },
  MISSING_PARAMETER: { code: 'MissingParameter', status: 400, type: 'Sender' },
  INVALID_VERSION: { code: 'InvalidAction', status: 400, type: 'Sender' },
  REQUEST_TOO_LARGE: { code: 'RequestEntityTooLarge', status: 413, type: 'Sender' },
  MALFORMED_POLICY: { code: 'MalformedPolicyDocument', status: 400, type: 'Sender' },
  PACKED_POLICY_TOO_LARGE: { code: 'LimitExceeded', status: 409, type: 'Sender' },
  ACCESS_DENIED: { code: 'AccessDenied', status: 403, type: 'Sender' },
  MFA_FAILED: { code: 'AccessDenied', status: 403, type: 'Sender' },
  INVALID_AUTHORIZATION_MESSAGE: { code: 'InvalidInput', status: 400, type: 'Sender' },
  INVALID_IDENTITY_TOKEN: { code: 'InvalidInput', status: 400, type: 'Sender' },
  EXPIRED_IDENTITY_TOKEN: { code: 'InvalidInput', status: 400, type: 'Sender' },
  IDP_REJECTED_CLAIM: { code: 'AccessDenied', status: 403, type: 'Sender' },
  IDP_COMMUNICATION: { code: 'ServiceFailure', status: 500, type: 'Receiver' },
  // SAML and browser-session codes (src/saml, src/console) never reach IAM; mapped for exhaustiveness.
  SAML_TOO_LARGE: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_DOCTYPE_FORBIDDEN: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_MALFORMED: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_STRUCTURE_INVALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_SIGNATURE_MISSING: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_SIGNATURE_INVALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_ALGORITHM_REJECTED: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_DECRYPTION_FAILED: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_ISSUER_MISMATCH: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_AUDIENCE_MISMATCH: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_RECIPIENT_MISMATCH: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_DESTINATION_MISMATCH: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_SUBJECT_INVALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_NOT_YET_VALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_EXPIRED: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_STALE: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_REPLAYED: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_IN_RESPONSE_TO_INVALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_UNSOLICITED_NOT_ALLOWED: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_PROVIDER_UNKNOWN: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_ATTRIBUTE_INVALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_LOGOUT_INVALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SIGNIN_STATE_INVALID: { code: 'InvalidInput', status: 400, type: 'Sender' },
  SAML_STATUS_NOT_SUCCESS: { code: 'AccessDenied', status: 403, type: 'Sender' },
  SAML_NO_ROLE: { code: 'AccessDenied', status: 403, type: 'Sender' },
  SAML_ROLE_AMBIGUOUS: { code: 'AccessDenied', status: 403, type: 'Sender' },
  SAML_ROLE_NOT_IN_ASSERTION: { code: 'AccessDenied', status: 403, type: 'Sender' },
  CSRF_INVALID: { code: 'AccessDenied', status: 403, type: 'Sender' },
  LOGIN_FAILED: { code: 'AccessDenied', status: 403, type: 'Sender' },
  CONSOLE_SESSION_REQUIRED: { code: 'MissingAuthenticationToken', status: 403, type: 'Sender' },
  // S3-service codes; never produced by this API, mapped for exhaustiveness.
  NO_SUCH_BUCKET: { code: 'NoSuchEntity', status: 404, type: 'Sender' },
  NO_SUCH_KEY: { code: 'NoSuchEntity', status: 404, type: 'Sender' },
  CONTENT_SHA256_MISMATCH: { code: 'SignatureDoesNotMatch', status: 403, type: 'Sender' },
  BAD_DIGEST: { code: 'InvalidInput', status: 400, type: 'Sender' },
  INCOMPLETE_BODY: { code: 'InvalidInput', status: 400, type: 'Sender' },
  NOT_IMPLEMENTED: { code: 'InvalidInput', status: 400, type: 'Sender' },
  NOT_FOUND: { code: 'NoSuchEntity', status: 404, type: 'Sender' },
  STORE_UNAVAILABLE: { code: 'ServiceUnavailable', status: 503, type: 'Receiver' },
  THROTTLED: { code: 'Throttling', status: 400, type: 'Sender' },
  INTERNAL: { code: 'ServiceFailure', status: 500, type: 'Receiver' },
} as const satisfies Partial<Record<ErrorCode, IamWireError>>;

/** The IAM code for a catalog status when no explicit entry exists. */
export function wireByStatus(status: number): IamWireError {
  if (status === 404) return { code: 'NoSuchEntity', status: 404, type: 'Sender' };
  if (status === 413) return { code: 'RequestEntityTooLarge', status: 413, type: 'Sender' };
  if (status === 401 || status === 403) return { code: 'AccessDenied', status: 403, type: 'Sender' };
  if (status === 503) return { code: 'ServiceUnavailable', status: 503, type: 'Receiver' };
  if (status >= 500) return { code: 'ServiceFailure', status: 500, type: 'Receiver' };
  return { code: 'InvalidInput', status: 400, type: 'Sender' };
}

export const IAM_ERROR_TABLE: Readonly<Record<ErrorCode, IamWireError>> = Object.freeze(
  Object.fromEntries(
    ERROR_CODES.map((code) => [code, (EXPLICIT as Partial<Record<ErrorCode, IamWireError>>)[code] ?? wireByStatus(ERROR_CATALOG[code].status)]),
  ) as Record<ErrorCode, IamWireError>,
);
