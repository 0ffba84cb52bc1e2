/**
 * @module sigv4/canonical-request — CanonicalHeaders, the canonical request and the string to sign.
 *
 * AWS "Create a canonical request" (sts.md §11):
 *   CanonicalRequest = HTTPMethod \n CanonicalURI \n CanonicalQueryString \n
 *                      CanonicalHeaders \n SignedHeaders \n HashedPayload
 * - CanonicalHeaders: one `lowercase-name:value\n` line per signed header, where the value is
 *   "Trimall"-ed (leading/trailing whitespace removed, inner runs of whitespace collapsed to one
 *   space) and several values of a repeated header are joined with `,` in the order received.
 * - The verifier rebuilds exactly the header list the client declared in SignedHeaders; a declared
 *   header that is absent contributes an empty value.
 * AWS "Create a string to sign":
 *   AWS4-HMAC-SHA256 \n RequestDateTime \n CredentialScope \n hex(SHA256(CanonicalRequest))
 */

import { hash } from 'node:crypto';

const WHITESPACE_RUN = /[ \t\r\n\v\f]+/g;
const NEEDS_TRIMALL = /[\t\r\n\v\f]| {2}|^ | $/;

/** "Trimall" of one header value. */
function trimAll(value: string): string {
  if (!NEEDS_TRIMALL.test(value)) return value;
  return value.replace(WHITESPACE_RUN, ' ').replace(/^ | $/g, '');
}

/** Canonical value of a header as node delivers it (string, or array for repeated headers). */
export function canonicalHeaderValue(value: string | readonly string[] | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return trimAll(value);
  return value.map(trimAll).join(',');
}

export interface CanonicalRequestInput {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Lower-case names in the order the client declared them. */
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
}

export function buildCanonicalRequest(input: CanonicalRequestInput): string {
  let headerBlock = '';
  for (const name of input.signedHeaders) {
    headerBlock += `${name}:${canonicalHeaderValue(input.headers[name])}\n`;
  }
  return `${input.method}\n${input.canonicalUri}\n${input.canonicalQuery}\n${headerBlock}\n${input.signedHeaders.join(';')}\n${input.payloadHash}`;
}

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function buildStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  const hashed = hash('sha256', canonicalRequest, 'hex');
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${hashed}`;
}
