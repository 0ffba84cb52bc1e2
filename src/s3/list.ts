/**
 * @module s3/list — ListObjectsV2 / ListObjects paging over a sorted key list (pure).
 *
 * S3 semantics (API reference, ListObjectsV2): keys are returned in UTF-8 binary order; with a
 * delimiter, keys that contain it after the prefix roll up into one CommonPrefixes entry, which
 * counts as one item towards max-keys (default and maximum 1000); `start-after` and the
 * continuation token both mean "strictly after". The continuation token is opaque to clients:
 * rolegate's is base64url of the last item returned (a key or a common prefix), so the next page
 * skips past everything under a returned common prefix.
 */
import { BridgeError } from '../errors.js';
import { compareKeys, type ObjectInfo } from '../core/index.js';

export const MAX_LIST_KEYS = 1000;

export interface ListInput {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  /** Return only items strictly after this key (start-after, marker, or a decoded continuation token). */
  readonly after: string | undefined;
}

export interface ListPage {
  readonly contents: readonly ObjectInfo[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last item returned (key or common prefix): what a continuation token / NextMarker points at. */
  readonly lastItem: string | undefined;
}

export function parseMaxKeys(raw: string | undefined): number {
  if (raw === undefined || raw === '') return MAX_LIST_KEYS;
  if (!/^\d+$/.test(raw)) throw new BridgeError('VALIDATION', { message: 'Provided max-keys not an integer or within integer range' });
  return Math.min(Number(raw), MAX_LIST_KEYS);
}

export function encodeContinuationToken(lastItem: string): string {
  return Buffer.from(`1:${lastItem}`, 'utf8').toString('base64url');
}

export function decodeContinuationToken(token: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!text.startsWith('1:')) throw new BridgeError('VALIDATION', { message: 'The continuation token provided is incorrect' });
  return text.slice(2);
}

export function listPage(objects: readonly ObjectInfo[], input: ListInput): ListPage {
  const contents: ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  let lastItem: string | undefined;
  let isTruncated = false;
  const { prefix, delimiter, maxKeys, after } = input;
  for (const object of objects) {
    const key = object.key;
    if (!key.startsWith(prefix)) continue;
    if (after !== undefined && compareKeys(key, after) <= 0) continue;
    let rolledUp: string | undefined;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) rolledUp = key.slice(0, at + delimiter.length);
    }
    // Everything under a common prefix already returned (on this page or the previous one) is skipped.
    if (rolledUp !== undefined && (rolledUp === lastItem || rolledUp === after)) continue;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      isTruncated = true;
      break;
    }
    if (rolledUp !== undefined) {
      commonPrefixes.push(rolledUp);
      lastItem = rolledUp;
    } else {
      contents.push(object);
      lastItem = key;
    }
  }
  return { contents, commonPrefixes, isTruncated, lastItem };
}
