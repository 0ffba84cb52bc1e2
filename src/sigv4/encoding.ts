/**
 * @module sigv4/encoding — RFC 3986 strict URI encoding and the canonical URI.
 *
 * AWS "Create a canonical request" (SigV4 docs, sts.md §11):
 * - "URI-encode each byte": unreserved `A-Z a-z 0-9 - _ . ~` stay as they are, every other byte
 *   becomes `%XY` with upper-case hex; a space is `%20`, never `+`.
 * - Canonical URI: the URI-encoded absolute path, `/` when empty. Services other than S3 first
 *   normalise the path (remove `.`/`..` segments and empty segments, RFC 3986 §5.2.4 as botocore and
 *   the JS SDK implement it) and then encode it a second time ("each path segment must be
 *   URI-encoded twice"; the first encoding is the one already on the wire). S3 uses the wire path
 *   as-is (single encoding, no normalisation).
 */

const HEX = '0123456789ABCDEF';

/** `UNRESERVED[c]` is true for the RFC 3986 unreserved ASCII code points. */
const UNRESERVED: readonly boolean[] = Array.from({ length: 128 }, (_, c) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
  c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e,
);

function isUnreservedString(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || UNRESERVED[c] !== true) return false;
  }
  return true;
}

/** Strict RFC 3986 encoding of raw bytes. */
export function uriEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b < 128 && UNRESERVED[b] === true) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** Strict RFC 3986 encoding of a string's UTF-8 bytes (`%` itself becomes `%25`). */
export function uriEncode(value: string): string {
  return isUnreservedString(value) ? value : uriEncodeBytes(Buffer.from(value, 'utf8'));
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Percent-decodes to bytes. A `%` not followed by two hex digits is kept as a literal `%`; `+` is kept
 * as a literal `+` (RFC 3986 gives it no meaning; every SDK sends a space as `%20`).
 */
export function percentDecodeBytes(value: string): Buffer {
  // `%` and hex digits are ASCII and never occur inside a UTF-8 multi-byte sequence, so decoding in
  // byte space after UTF-8 encoding is equivalent to decoding the string.
  const src = Buffer.from(value, 'utf8');
  if (!value.includes('%')) return src;
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i] ?? 0;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexValue(src[i + 1] ?? 0);
      const lo = hexValue(src[i + 2] ?? 0);
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return out.subarray(0, n);
}

function isUpperHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46);
}

/**
 * True when `raw` is already in canonical form: unreserved characters, and `%XY` escapes (upper-case
 * hex) only for bytes that are not unreserved. This is what every SDK sends, so the common case
 * needs no decode/re-encode round trip.
 */
function isCanonicalEncoded(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128 && UNRESERVED[c] === true) continue;
    if (c !== 0x25) return false;
    const hi = raw.charCodeAt(i + 1);
    const lo = raw.charCodeAt(i + 2);
    if (!isUpperHex(hi) || !isUpperHex(lo)) return false;
    const byte = hexValue(hi) * 16 + hexValue(lo);
    if (byte < 128 && UNRESERVED[byte] === true) return false;
    i += 2;
  }
  return true;
}

/** Decode then strictly re-encode: the canonical form of one query name or value. */
export function canonicalizeComponent(raw: string): string {
  return isCanonicalEncoded(raw) ? raw : uriEncodeBytes(percentDecodeBytes(raw));
}

/** Percent-decoded text of a query value (`+` stays `+`), for reading auth parameters. */
export function percentDecode(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // Malformed escapes or invalid UTF-8: decode byte-wise, keeping stray `%` literally.
    return percentDecodeBytes(raw).toString('utf8');
  }
}

/** RFC 3986 §5.2.4 dot-segment removal plus collapsing of empty segments, as the SDKs do it. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = out.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + out.join('/') + trail;
}

/** Canonical URI for the wire path (see the module comment for the S3 difference). */
export function canonicalUri(wirePath: string, s3PathRules: boolean): string {
  if (wirePath === '' || wirePath === '/') return '/';
  if (s3PathRules) return wirePath;
  const normalized = normalizePath(wirePath);
  if (normalized === '') return '/';
  return normalized.split('/').map(uriEncode).join('/');
}
