/**
 * @module errors — the one error catalog.
 *
 * Every failure that reaches a client is a `BridgeError` with a stable `code` from this catalog.
 * `message` is public (safe to send); `detail` is internal (logged, never sent). Protocol adapters
 * map codes to their wire form in exactly one table each (e.g. `src/sts/error-table.ts`).
 * Caller bugs (wrong argument types inside our own code) are plain `TypeError`s, not catalog errors.
 */

export const ERROR_CATALOG = {
  // --- authentication of callers (SigV4 / tokens) ---
  MISSING_AUTHENTICATION: { status: 403, message: 'Request is missing Authentication Token' },
  INCOMPLETE_SIGNATURE: { status: 400, message: 'The request signature is incomplete or malformed.' },
  INVALID_CLIENT_TOKEN: { status: 403, message: 'The security token included in the request is invalid.' },
  SIGNATURE_MISMATCH: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  SIGNATURE_EXPIRED: { status: 403, message: 'Signature expired.' },
  EXPIRED_TOKEN: { status: 403, message: 'The security token included in the request is expired' },

  // --- request validation ---
  VALIDATION: { status: 400, message: 'Validation error.' },
  INVALID_ACTION: { status: 400, message: 'The action is not valid for this endpoint.' },
  MISSING_PARAMETER: { status: 400, message: 'A required parameter is missing.' },
  INVALID_VERSION: { status: 400, message: 'The API version is not supported.' },
  REQUEST_TOO_LARGE: { status: 413, message: 'The request is too large.' },

  // --- policy ---
  MALFORMED_POLICY: { status: 400, message: 'The policy document is malformed.' },
  PACKED_POLICY_TOO_LARGE: { status: 400, message: 'The packed session policy and tags are too large.' },

  // --- authorization ---
  ACCESS_DENIED: { status: 403, message: 'Access denied.' },
  MFA_FAILED: { status: 403, message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' },
  INVALID_AUTHORIZATION_MESSAGE: { status: 400, message: 'The encoded authorization message is invalid or expired.' },

  // --- federation tokens (used by SAML / web identity adapters) ---
  INVALID_IDENTITY_TOKEN: { status: 400, message: 'The identity token is invalid.' },
  EXPIRED_IDENTITY_TOKEN: { status: 400, message: 'The identity token has expired.' },
  IDP_REJECTED_CLAIM: { status: 403, message: 'The identity provider rejected the claim.' },
  IDP_COMMUNICATION: { status: 400, message: 'The identity provider could not be reached.' },

  // --- SAML 2.0 (src/saml; security.md §1, sts.md §5). One code per failure class. ---
  SAML_TOO_LARGE: { status: 413, message: 'The SAML message is too large.' },
  SAML_DOCTYPE_FORBIDDEN: { status: 400, message: 'The SAML message contains a DOCTYPE or entity declaration, which is not allowed.' },
  SAML_MALFORMED: { status: 400, message: 'The SAML message is not a well-formed SAML 2.0 Response.' },
  SAML_STRUCTURE_INVALID: { status: 400, message: 'The SAML response has an unexpected structure (signature wrapping or multiple assertions).' },
  SAML_SIGNATURE_MISSING: { status: 400, message: 'The SAML assertion is not signed.' },
  SAML_SIGNATURE_INVALID: { status: 400, message: 'Response signature invalid' },
  SAML_ALGORITHM_REJECTED: { status: 400, message: 'The SAML response uses a signature, digest, transform or encryption algorithm that is not allowed.' },
  SAML_DECRYPTION_FAILED: { status: 400, message: 'The encrypted SAML assertion could not be decrypted.' },
  SAML_STATUS_NOT_SUCCESS: { status: 403, message: 'The identity provider did not report success.' },
  SAML_ISSUER_MISMATCH: { status: 400, message: 'Issuer not present in specified provider' },
  SAML_AUDIENCE_MISMATCH: { status: 400, message: 'Response does not contain the required audience.' },
  SAML_RECIPIENT_MISMATCH: { status: 400, message: 'The SAML assertion is not addressed to this service (Recipient mismatch).' },
  SAML_DESTINATION_MISMATCH: { status: 400, message: 'The SAML response is not addressed to this service (Destination mismatch).' },
  SAML_SUBJECT_INVALID: { status: 400, message: 'The SAML assertion needs exactly one bearer SubjectConfirmation with Recipient and NotOnOrAfter, and a NameID.' },
  SAML_NOT_YET_VALID: { status: 400, message: 'The SAML assertion is not yet valid.' },
  SAML_EXPIRED: { status: 400, message: 'The SAML assertion has expired.' },
  SAML_STALE: { status: 400, message: 'Token must be redeemed within 5 minutes of issuance' },
  SAML_REPLAYED: { status: 400, message: 'The SAML assertion has already been used.' },
  SAML_IN_RESPONSE_TO_INVALID: { status: 400, message: 'The SAML response does not answer an outstanding sign-in request from this browser.' },
  SAML_UNSOLICITED_NOT_ALLOWED: { status: 400, message: 'This identity provider may not start sign-ins (IdP-initiated SSO is disabled for it).' },
  SAML_PROVIDER_UNKNOWN: { status: 400, message: 'No SAML provider is configured for this identity provider.' },
  SAML_ATTRIBUTE_INVALID: { status: 400, message: 'The SAML assertion has an invalid attribute.' },
  SAML_NO_ROLE: { status: 403, message: 'The SAML assertion does not allow any role.' },
  SAML_ROLE_AMBIGUOUS: { status: 403, message: 'The SAML assertion allows several roles and this provider does not let you choose.' },
  SAML_ROLE_NOT_IN_ASSERTION: { status: 403, message: 'Not authorized to perform sts:AssumeRoleWithSAML' },
  SAML_LOGOUT_INVALID: { status: 400, message: 'The SAML logout request is invalid.' },

  // --- browser sessions (src/console) ---
  CONSOLE_SESSION_REQUIRED: { status: 401, message: 'Please sign in.' },
  CSRF_INVALID: { status: 403, message: 'The form has expired or did not come from this site. Please try again.' },
  SIGNIN_STATE_INVALID: { status: 400, message: 'This sign-in step has expired or was already used. Please sign in again.' },
  LOGIN_FAILED: { status: 401, message: 'The user name or password is incorrect.' },

  // --- simulated resources and the S3-compatible service (src/core/resources, src/s3) ---
  NO_SUCH_BUCKET: { status: 404, message: 'The specified bucket does not exist' },
  NO_SUCH_KEY: { status: 404, message: 'The specified key does not exist.' },
  CONTENT_SHA256_MISMATCH: { status: 400, message: "The provided 'x-amz-content-sha256' header does not match what was computed." },
  BAD_DIGEST: { status: 400, message: 'The checksum you specified did not match the calculated checksum.' },
  INCOMPLETE_BODY: { status: 400, message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.' },
  NOT_IMPLEMENTED: { status: 501, message: 'A header you provided implies functionality that is not implemented.' },

  // --- not found (admin / internal) ---
  NOT_FOUND: { status: 404, message: 'Not found.' },

  // --- infrastructure ---
  STORE_UNAVAILABLE: { status: 503, message: 'The credential store is unavailable. Try again shortly.' },
  THROTTLED: { status: 429, message: 'Rate exceeded.' },
  INTERNAL: { status: 500, message: 'An internal error occurred.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];

export interface BridgeErrorOptions {
  /** Public message; overrides the catalog default. Must never contain a secret. */
  message?: string;
  /** Internal detail: logged, never sent to the client. */
  detail?: string;
  /** Structured extras an adapter may render (e.g. an encoded authorization message). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: BridgeErrorOptions = {}) {
    super(options.message ?? ERROR_CATALOG[code].message, { cause: options.cause });
    this.name = 'BridgeError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.detail = options.detail;
    this.extra = options.extra;
  }
}

export function isBridgeError(value: unknown): value is BridgeError {
  return value instanceof BridgeError;
}

/** Turns anything thrown into a catalog error; unknown failures become INTERNAL with the original kept as detail. */
export function toBridgeError(value: unknown): BridgeError {
  if (value instanceof BridgeError) return value;
  const detail = value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  return new BridgeError('INTERNAL', { detail, cause: value });
}
