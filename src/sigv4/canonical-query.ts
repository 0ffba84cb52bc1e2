/**
 * @module sigv4/canonical-query — parsing the raw query and building CanonicalQueryString.
 *
 * AWS "Create a canonical request", CanonicalQueryString (sts.md §11):
 * - URI-encode each parameter name and value separately (RFC 3986 strict, see encoding.ts); the
 *   server decodes what it received and re-encodes, so `%7e`, `%7E` and `~` are the same parameter.
 * - Sort by encoded name, then by encoded value (parameters may repeat); byte order, not locale.
 * - A parameter without a value is `name=` (empty value); an empty query is the empty string.
 * - For presigned URLs `X-Amz-Signature` is left out (it cannot sign itself); every other
 *   `X-Amz-*` parameter, including `X-Amz-Security-Token`, is part of the canonical query.
 */

import { canonicalizeComponent, percentDecode } from './encoding.js';

/** One `name=value` pair exactly as on the wire. */
export interface RawQueryPair {
  readonly rawName: string;
  readonly rawValue: string;
  /** Percent-decoded name (`+` kept literally). */
  readonly name: string;
}

/** Splits `a=1&b&c=` into pairs; empty segments (`a=1&&b=2`) carry no parameter and are skipped. */
export function parseQuery(rawQuery: string): RawQueryPair[] {
  if (rawQuery === '') return [];
  const pairs: RawQueryPair[] = [];
  for (const segment of rawQuery.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawName = eq < 0 ? segment : segment.slice(0, eq);
    const rawValue = eq < 0 ? '' : segment.slice(eq + 1);
    pairs.push({ rawName, rawValue, name: percentDecode(rawName) });
  }
  return pairs;
}

/** Decoded values of every parameter named exactly `name` (names are case-sensitive). */
export function queryValues(pairs: readonly RawQueryPair[], name: string): string[] {
  const values: string[] = [];
  for (const pair of pairs) {
    if (pair.name === name) values.push(percentDecode(pair.rawValue));
  }
  return values;
}

/** Decoded values of every parameter whose name matches case-insensitively. */
export function queryValuesIgnoreCase(pairs: readonly RawQueryPair[], lowerName: string): string[] {
  const values: string[] = [];
  for (const pair of pairs) {
    if (pair.name.length === lowerName.length && pair.name.toLowerCase() === lowerName) {
      values.push(percentDecode(pair.rawValue));
    }
  }
  return values;
}

/**
 * CanonicalQueryString. `excludeName` (decoded, exact case) drops that parameter: used for
 * `X-Amz-Signature` in the presigned form.
 */
export function canonicalQueryString(pairs: readonly RawQueryPair[], excludeName?: string): string {
  const encoded: Array<{ readonly name: string; readonly value: string }> = [];
  for (const pair of pairs) {
    if (excludeName !== undefined && pair.name === excludeName) continue;
    encoded.push({ name: canonicalizeComponent(pair.rawName), value: canonicalizeComponent(pair.rawValue) });
  }
  // Name first, then value, compared separately: a plain `name=value` string sort would put
  // `a-b=..` before `a=..` (`-` sorts before `=`), AWS puts the shorter name `a` first.
  if (encoded.length > 1) encoded.sort(compareNameThenValue);
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const entry = encoded[i];
    if (entry !== undefined) out += `${i === 0 ? '' : '&'}${entry.name}=${entry.value}`;
  }
  return out;
}

function compareNameThenValue(a: { name: string; value: string }, b: { name: string; value: string }): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value === b.value) return 0;
  return a.value < b.value ? -1 : 1;
}
