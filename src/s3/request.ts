/**
 * @module s3/request — the S3 adapter's wire contract and path-style request targets.
 *
 * Path-style only (`/`, `/bucket`, `/bucket/key…`): the bucket is always the first path segment
 * and the key is everything after the next `/`, percent-decoded once and otherwise opaque — `..`,
 * `./`, `//` and `%2F` are key characters, never path navigation (a key is a name in a flat
 * namespace; the bucket it is stored in is always the one that was authorized).
 */
import { BridgeError } from '../errors.js';

export interface S3HttpRequest {
  readonly method: string;
  /** Raw path as on the wire (still percent-encoded). */
  readonly path: string;
  /** Raw query without `?`. */
  readonly rawQuery: string;
  /** Lower-case header names; prefer node's `headersDistinct`. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly sourceIp?: string;
  readonly secure: boolean;
  readonly requestId: string;
  /** `x-amz-id-2` of this response. */
  readonly hostId: string;
}

export interface S3HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** For logs and metrics only. */
  readonly operation?: string;
  readonly errorCode?: string;
  readonly errorDetail?: string;
}

export interface S3Target {
  readonly bucket?: string;
  readonly key?: string;
  /** Decoded query parameters (first value of each name). */
  readonly query: ReadonlyMap<string, string>;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new BridgeError('VALIDATION', { message: "Couldn't parse the specified URI.", detail: 'bad percent-encoding in the path', extra: { s3Code: 'invalidUri' } });
  }
}

export function parseTarget(path: string, rawQuery: string): S3Target {
  const query = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQuery)) if (!query.has(name)) query.set(name, value);
  if (!path.startsWith('/')) throw new BridgeError('VALIDATION', { message: "Couldn't parse the specified URI.", extra: { s3Code: 'invalidUri' } });
  const rest = path.slice(1);
  if (rest === '') return { query };
  const slash = rest.indexOf('/');
  const bucket = decodeSegment(slash < 0 ? rest : rest.slice(0, slash));
  const key = slash < 0 ? '' : decodeSegment(rest.slice(slash + 1));
  return key === '' ? { bucket, query } : { bucket, key, query };
}

/** A header as one string (repeated values joined with `,`). */
export function header(headers: S3HttpRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(',');
}
