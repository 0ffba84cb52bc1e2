/**
 * @module vending/error-table — catalog codes → the wire form of the two vending surfaces.
 *
 * IMDS answers errors with a status and a short plain-text body (401 for a missing, unknown or
 * expired session token when IMDSv2 is required; 400 for a bad token request; 403 for a proxied
 * request; 404 for an unknown path or role name). The container endpoint answers JSON
 * `{"code","message"}`: 401 without a token, 403 for an unknown, expired or revoked one.
 */
import { toBridgeError, type ErrorCode } from '../errors.js';
import type { VendingResponse } from './http-types.js';

interface WireError {
  readonly status: number;
  readonly code: string;
}

const IMDS: Partial<Record<ErrorCode, WireError>> = {
  MISSING_AUTHENTICATION: { status: 401, code: 'Unauthorized' },
  INVALID_CLIENT_TOKEN: { status: 401, code: 'Unauthorized' },
  EXPIRED_TOKEN: { status: 401, code: 'Unauthorized' },
  VALIDATION: { status: 400, code: 'Bad Request' },
  MISSING_PARAMETER: { status: 400, code: 'Bad Request' },
  ACCESS_DENIED: { status: 403, code: 'Forbidden' },
  NOT_FOUND: { status: 404, code: 'Not Found' },
  INVALID_ACTION: { status: 405, code: 'Method Not Allowed' },
  THROTTLED: { status: 429, code: 'Too Many Requests' },
  STORE_UNAVAILABLE: { status: 503, code: 'Service Unavailable' },
};

const CONTAINER: Partial<Record<ErrorCode, WireError>> = {
  MISSING_AUTHENTICATION: { status: 401, code: 'MissingToken' },
  INVALID_CLIENT_TOKEN: { status: 403, code: 'InvalidToken' },
  EXPIRED_TOKEN: { status: 403, code: 'ExpiredToken' },
  VALIDATION: { status: 400, code: 'ValidationError' },
  ACCESS_DENIED: { status: 403, code: 'AccessDenied' },
  NOT_FOUND: { status: 404, code: 'NotFound' },
  INVALID_ACTION: { status: 405, code: 'MethodNotAllowed' },
  STORE_UNAVAILABLE: { status: 503, code: 'ServiceUnavailable' },
};

const FALLBACK: WireError = { status: 500, code: 'InternalError' };

export function imdsError(thrown: unknown): VendingResponse {
  const error = toBridgeError(thrown);
  const wire = IMDS[error.code] ?? FALLBACK;
  return {
    status: wire.status,
    contentType: 'text/plain; charset=utf-8',
    body: `${wire.status} - ${wire.code}\n${error.message}\n`,
    errorCode: error.code,
    ...(error.detail ? { errorDetail: error.detail } : {}),
  };
}

export function containerError(thrown: unknown): VendingResponse {
  const error = toBridgeError(thrown);
  const wire = CONTAINER[error.code] ?? FALLBACK;
  return {
    status: wire.status,
    contentType: 'application/json',
    body: JSON.stringify({ code: wire.code, message: error.message }),
    errorCode: error.code,
    ...(error.detail ? { errorDetail: error.detail } : {}),
  };
}
