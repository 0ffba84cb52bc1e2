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
