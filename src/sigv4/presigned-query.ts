/**
 * @module sigv4/presigned-query — strict parsing of the query (presigned URL) form.
 *
 * AWS "Authentication methods → query string parameters" (sts.md §11):
 *   X-Amz-Algorithm=AWS4-HMAC-SHA256, X-Amz-Credential=<AKID>/<scope>, X-Amz-Date=<ISO basic>,
 *   X-Amz-Expires=<1..604800 seconds>, X-Amz-SignedHeaders=host;..., X-Amz-Security-Token=<token>
 *   (temporary credentials; part of the canonical query), X-Amz-Signature=<64 hex> (excluded).
 * Coral behaviour reproduced: each missing parameter among Algorithm, Credential, Signature,
 * SignedHeaders and Date gets "AWS query-string parameters must include '<name>'. ", followed by
 * "Re-examine the query-string parameters." — X-Amz-Expires is not in Coral's required list.
 * Parameter values are percent-decoded before use; names are matched case-sensitively.
 * A repeated auth parameter is rejected (otherwise two readings of the URL would exist).
 */

import type { RawQueryPair } from './canonical-query.js';
import { queryValues } from './canonical-query.js';
import { percentDecode } from './encoding.js';
import { headerValue } from './detect.js';
import { incomplete, MESSAGES } from './failures.js';
import type { ParsedAuth, SignedRequestParts } from './types.js';

export const SIGNATURE_PARAM = 'X-Amz-Signature';
export const TOKEN_PARAM = 'X-Amz-Security-Token';

const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', SIGNATURE_PARAM, 'X-Amz-SignedHeaders', 'X-Amz-Date'] as const;
const OPTIONAL = ['X-Amz-Expires', TOKEN_PARAM] as const;
const AUTH_PARAMS: ReadonlySet<string> = new Set<string>([...REQUIRED, ...OPTIONAL]);

export interface ParsedQueryAuth extends ParsedAuth {
  algorithm: string;
}

/** The single value of an auth parameter; throws when it is repeated. */
export function singleParam(pairs: readonly RawQueryPair[], name: string): string | undefined {
  const values = queryValues(pairs, name);
  if (values.length > 1) throw incomplete(MESSAGES.duplicateQueryParam(name) + MESSAGES.queryRequiresEnd);
  return values[0];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Parses presigned-URL auth parameters; throws INCOMPLETE_SIGNATURE on malformed input. */
export function parsePresignedQuery(pairs: readonly RawQueryPair[], headers: SignedRequestParts['headers']): ParsedQueryAuth {
  const found = new Map<string, string>();
  for (const pair of pairs) {
    // Every auth parameter name starts with `X-Amz-`; skip the rest cheaply.
    if (pair.name.charCodeAt(0) !== 0x58 || !AUTH_PARAMS.has(pair.name)) continue;
    if (found.has(pair.name)) throw incomplete(MESSAGES.duplicateQueryParam(pair.name) + MESSAGES.queryRequiresEnd);
    found.set(pair.name, percentDecode(pair.rawValue));
  }

  let missing = '';
  for (const name of REQUIRED) {
    const value = found.get(name);
    if (value === undefined || value === '') missing += MESSAGES.queryRequires(name);
  }
  const algorithm = found.get('X-Amz-Algorithm');
  const credential = found.get('X-Amz-Credential');
  const signature = found.get(SIGNATURE_PARAM);
  const signedHeaders = found.get('X-Amz-SignedHeaders');
  const rawDate = found.get('X-Amz-Date');
  if (
    missing !== '' || algorithm === undefined || credential === undefined || signature === undefined ||
    signedHeaders === undefined || rawDate === undefined
  ) {
    throw incomplete(missing + MESSAGES.queryRequiresEnd);
  }

  const queryToken = found.get(TOKEN_PARAM);
  const headerToken = headerValue(headers, 'x-amz-security-token');
  if (queryToken !== undefined && headerToken !== undefined && headerToken !== queryToken) {
    throw incomplete(MESSAGES.conflictingToken);
  }

  return {
    form: 'query',
    algorithm,
    credential,
    signedHeaders: signedHeaders.split(';').map((name) => name.toLowerCase()),
    signature,
    rawDate,
    dateSource: 'X-Amz-Date',
    rawExpires: found.get('X-Amz-Expires'),
    // A token sent only as a header must then be among X-Amz-SignedHeaders (checked in verify).
    sessionToken: nonEmpty(queryToken) ?? nonEmpty(headerToken),
  };
}
