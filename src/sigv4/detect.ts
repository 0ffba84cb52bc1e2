/**
 * @module sigv4/detect — which SigV4 form (if any) a request uses.
 *
 * AWS "Authentication methods": a request is signed either with the `Authorization` header or with
 * query-string parameters (a presigned URL); never both (Coral: "Found both 'X-Amz-Algorithm' as a
 * query-string param and 'Authorization' as HTTP header."). What Coral services do, as captured from
 * real responses (dynalite): the query form is recognised by the `X-Amz-Algorithm` parameter; an
 * `Authorization` header that does not start with `AWS4-` (Basic, Bearer, SigV2 `AWS key:sig`) is
 * answered like no authentication at all (MissingAuthenticationToken).
 */

import type { RawQueryPair } from './canonical-query.js';
import { parseQuery } from './canonical-query.js';
import type { SignedRequestParts } from './types.js';

export const ALGORITHM_PARAM = 'X-Amz-Algorithm';

/** A header as one string: repeated values are joined with `,` (as SigV4 joins them). */
export function headerValue(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(',');
}

/** Non-empty Authorization header, if any. */
export function authorizationHeader(headers: SignedRequestParts['headers']): string | undefined {
  const value = headerValue(headers, 'authorization');
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function hasAlgorithmParam(pairs: readonly RawQueryPair[]): boolean {
  return pairs.some((pair) => pair.name === ALGORITHM_PARAM);
}

export function isSigV4Authorization(header: string): boolean {
  return header.trimStart().startsWith('AWS4-');
}

/**
 * `'header'` when an `AWS4-…` Authorization header is present (also when the query carries
 * `X-Amz-Algorithm` as well — `verifySigV4` then rejects the mix), `'query'` for a presigned URL,
 * `'none'` otherwise: callers answer `'none'` with MISSING_AUTHENTICATION.
 */
export function detectSigV4(req: Pick<SignedRequestParts, 'headers' | 'rawQuery'>): 'header' | 'query' | 'none' {
  const header = authorizationHeader(req.headers);
  if (header !== undefined && isSigV4Authorization(header)) return 'header';
  const pairs = req.rawQuery === '' ? [] : parseQuery(req.rawQuery);
  if (hasAlgorithmParam(pairs)) return header === undefined ? 'query' : 'header';
  return 'none';
}
