/**
 * @module sigv4/authorization-header — strict parsing of the header form.
 *
 * AWS "Add the signature to the request" (sts.md §11):
 *   Authorization: AWS4-HMAC-SHA256 Credential=AKID/YYYYMMDD/region/service/aws4_request,
 *                  SignedHeaders=host;x-amz-date, Signature=<64 hex>
 * with the request time in `X-Amz-Date` (or, as a fallback, the `Date` header).
 * Coral behaviour reproduced (captured responses, see failures.ts):
 * - components are separated by commas and/or whitespace; one without `=` is rejected with
 *   "'<token>' not a valid key=value pair (missing equal-sign) in Authorization header: '<header>'.";
 * - every missing part (Credential, Signature, SignedHeaders, then the date header) gets its own
 *   sentence, followed by `Authorization=<header>`, all as one IncompleteSignature message;
 * - unknown components are ignored. A repeated component is rejected (AWS's behaviour is not
 *   documented; accepting either copy would make the header ambiguous).
 */

import { incomplete, MESSAGES } from './failures.js';
import { headerValue } from './detect.js';
import type { ParsedAuth, SignedRequestParts } from './types.js';

const REQUIRED = ['Credential', 'Signature', 'SignedHeaders'] as const;
type RequiredParam = (typeof REQUIRED)[number];

export interface ParsedHeaderAuth extends ParsedAuth {
  /** The algorithm token as sent (checked later, in Coral's order). */
  algorithm: string;
}

type AuthParams = Partial<Record<RequiredParam, string>>;

/** The exact shape every SDK sends; anything else takes the general (Coral-faithful) path. */
const SDK_SHAPE = /^(AWS4-[A-Z0-9-]+) Credential=([^\s,=]+), ?SignedHeaders=([^\s,=]+), ?Signature=([^\s,=]+)$/;

function readComponents(header: string): { algorithm: string; params: AuthParams } {
  const sdk = SDK_SHAPE.exec(header);
  if (sdk !== null) {
    const [, algorithm = '', Credential, SignedHeaders, Signature] = sdk;
    return { algorithm, params: { Credential, SignedHeaders, Signature } };
  }
  const trimmed = header.trim();
  const firstSeparator = trimmed.search(/[\s,]/);
  const algorithm = firstSeparator < 0 ? trimmed : trimmed.slice(0, firstSeparator);
  const components = firstSeparator < 0 ? [] : trimmed.slice(firstSeparator).split(/[\s,]+/);
  const params: AuthParams = {};
  for (const token of components) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq < 0) throw incomplete(MESSAGES.notKeyValue(token, header));
    const key = token.slice(0, eq);
    if (key !== 'Credential' && key !== 'Signature' && key !== 'SignedHeaders') continue;
    if (params[key] !== undefined) throw incomplete(MESSAGES.duplicateParam(key) + MESSAGES.headerEcho(header));
    params[key] = token.slice(eq + 1);
  }
  return { algorithm, params };
}

/** Date header SigV4 uses for the header form: `X-Amz-Date` wins over `Date`. */
function requestDate(headers: SignedRequestParts['headers']): Pick<ParsedAuth, 'rawDate' | 'dateSource'> | undefined {
  const amzDate = headerValue(headers, 'x-amz-date');
  if (amzDate !== undefined && amzDate !== '') return { rawDate: amzDate, dateSource: 'x-amz-date' };
  const date = headerValue(headers, 'date');
  if (date !== undefined && date !== '') return { rawDate: date, dateSource: 'date' };
  return undefined;
}

/** Parses an `AWS4-…` Authorization header; throws INCOMPLETE_SIGNATURE on malformed input. */
export function parseAuthorizationHeader(header: string, headers: SignedRequestParts['headers']): ParsedHeaderAuth {
  const { algorithm, params } = readComponents(header);
  const date = requestDate(headers);

  let missing = '';
  for (const name of REQUIRED) {
    if (params[name] === undefined || params[name] === '') missing += MESSAGES.headerRequires(name);
  }
  if (date === undefined) missing += MESSAGES.headerRequiresDate;
  const { Credential: credential, Signature: signature, SignedHeaders: signedHeaders } = params;
  if (missing !== '' || credential === undefined || signature === undefined || signedHeaders === undefined || date === undefined) {
    throw incomplete(missing + MESSAGES.headerEcho(header));
  }

  const token = headerValue(headers, 'x-amz-security-token');
  return {
    form: 'header',
    algorithm,
    credential,
    signedHeaders: signedHeaders.split(';').map((name) => name.toLowerCase()),
    signature,
    rawDate: date.rawDate,
    dateSource: date.dateSource,
    rawExpires: undefined,
    sessionToken: token === undefined || token === '' ? undefined : token,
  };
}
