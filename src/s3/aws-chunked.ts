/**
 * @module s3/aws-chunked — decoding `Content-Encoding: aws-chunked` upload bodies.
 *
 * AWS "Signature calculations for the Authorization header: transferring payload in multiple
 * chunks (chunked upload)" and "… including trailing headers". The body is a sequence of chunks
 * `hex-size[;chunk-signature=<64 hex>]\r\n<bytes>\r\n`, ended by a zero-size chunk, then optional
 * trailing headers `name:value\r\n` (with `x-amz-trailer-signature` last when signed) and `\r\n`.
 *
 * Modes, from `x-amz-content-sha256`:
 * - `STREAMING-UNSIGNED-PAYLOAD-TRAILER` — no chunk signatures; integrity comes from the trailing
 *   checksum (`x-amz-checksum-*`), which the handler verifies;
 * - `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` — every chunk signed, chained from the seed signature:
 *   `AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous signature>\n<sha256("")>\n<sha256(chunk)>`;
 * - `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER` — the same, plus a trailer signature
 *   `AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<last chunk signature>\n<sha256(trailers)>` where
 *   the trailers are hashed as `name:value\n` lines.
 * Every chunk signature is compared in constant time; the decoded length must equal
 * `x-amz-decoded-content-length`; only the trailers announced in `x-amz-trailer` are accepted.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { BridgeError } from '../errors.js';

export type ChunkedMode = 'unsigned-trailer' | 'signed' | 'signed-trailer';

export const MODE_OF_PAYLOAD: Readonly<Record<string, ChunkedMode>> = {
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': 'unsigned-trailer',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': 'signed',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': 'signed-trailer',
};

export interface ChunkSigning {
  /** kSigning of the request (SigV4 signing key). */
  readonly signingKey: Buffer;
  /** ISO-8601 basic request time, as in the seed string to sign. */
  readonly timestamp: string;
  /** `YYYYMMDD/region/s3/aws4_request`. */
  readonly scope: string;
  /** The request's (already verified) signature. */
  readonly seedSignature: string;
}

export interface ChunkedInput {
  readonly body: Buffer;
  readonly mode: ChunkedMode;
  /** `x-amz-decoded-content-length`. */
  readonly decodedLength: number;
  /** Lower-case trailer names announced in `x-amz-trailer`. */
  readonly announcedTrailers: readonly string[];
  /** Required for the signed modes. */
  readonly signing?: ChunkSigning;
}

export interface ChunkedResult {
  readonly data: Buffer;
  /** Trailing headers (lower-case names), without the trailer signature. */
  readonly trailers: ReadonlyMap<string, string>;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const CRLF = Buffer.from('\r\n');
const MAX_HEADER_LINE = 256;

const malformed = (detail: string) =>
  new BridgeError('INCOMPLETE_BODY', { message: 'The aws-chunked request body is malformed.', detail: `aws-chunked: ${detail}` });
const malformedTrailer = (detail: string) =>
  new BridgeError('INCOMPLETE_BODY', { detail: `aws-chunked trailer: ${detail}`, extra: { s3Code: 'malformedTrailer' } });
const badChunkSignature = (index: number) =>
  new BridgeError('SIGNATURE_MISMATCH', { detail: `aws-chunked: signature of chunk ${index} does not match` });

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function sign(key: Buffer, stringToSign: string): Buffer {
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest();
}

function sameSignature(expected: Buffer, given: string): boolean {
  return /^[0-9a-f]{64}$/.test(given) && timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

export function decodeAwsChunked(input: ChunkedInput): ChunkedResult {
  const { body, mode } = input;
  const signed = mode !== 'unsigned-trailer';
  const trailing = mode !== 'signed';
  if (signed && !input.signing) throw new TypeError('decodeAwsChunked: signed modes need the signing context');
  const parts: Buffer[] = [];
  let decoded = 0;
  let pos = 0;
  let previous = input.signing?.seedSignature ?? '';
  let index = 0;

  const readLine = (): string => {
    const end = body.indexOf(CRLF, pos);
    if (end < 0 || end - pos > (trailing ? 4096 : MAX_HEADER_LINE)) throw malformed(`no line end at byte ${pos}`);
    const line = body.subarray(pos, end).toString('latin1');
    pos = end + 2;
    return line;
  };

  for (;;) {
    const header = readLine();
    const match = signed ? /^([0-9a-fA-F]{1,8});chunk-signature=([0-9a-f]{64})$/.exec(header) : /^([0-9a-fA-F]{1,8})$/.exec(header);
    if (!match) throw malformed(`bad chunk header ${JSON.stringify(header.slice(0, 100))}`);
    const size = Number.parseInt(match[1]!, 16);
    if (pos + size > body.length) throw malformed(`chunk ${index} of ${size} bytes runs past the body`);
    const chunk = body.subarray(pos, pos + size);
    pos += size;
    if (signed) {
      const s = input.signing!;
      const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', s.timestamp, s.scope, previous, EMPTY_SHA256, sha256Hex(chunk)].join('\n');
      if (!sameSignature(sign(s.signingKey, stringToSign), match[2]!)) throw badChunkSignature(index);
      previous = match[2]!;
    }
    index++;
    if (size === 0) break;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw malformed(`chunk ${index - 1} is not followed by CRLF`);
    pos += 2;
    parts.push(chunk);
    decoded += size;
    if (decoded > input.decodedLength) throw malformed('more data than x-amz-decoded-content-length');
  }

  const trailers = new Map<string, string>();
  let trailerSignature: string | undefined;
  const trailerLines: string[] = [];
  for (;;) {
    const line = readLine();
    if (line === '') break;
    if (!trailing) throw malformed('trailing headers without a trailer mode');
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformedTrailer(`bad trailer line ${JSON.stringify(line.slice(0, 100))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      if (!signed || trailerSignature !== undefined) throw malformedTrailer('unexpected trailer signature');
      trailerSignature = value;
      continue;
    }
    if (trailerSignature !== undefined) throw malformedTrailer('trailer after the trailer signature');
    if (!input.announcedTrailers.includes(name)) throw malformedTrailer(`trailer ${name} was not announced in x-amz-trailer`);
    if (trailers.has(name)) throw malformedTrailer(`trailer ${name} sent twice`);
    trailers.set(name, value);
    trailerLines.push(`${name}:${value}\n`);
  }
  if (pos !== body.length) throw malformed(`${body.length - pos} bytes after the final chunk`);
  for (const name of input.announcedTrailers) {
    if (!trailers.has(name)) throw malformedTrailer(`announced trailer ${name} is missing`);
  }
  if (mode === 'signed-trailer') {
    const s = input.signing!;
    if (trailerSignature === undefined) throw malformedTrailer('missing x-amz-trailer-signature');
    const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', s.timestamp, s.scope, previous, sha256Hex(trailerLines.join(''))].join('\n');
    if (!sameSignature(sign(s.signingKey, stringToSign), trailerSignature)) {
      throw new BridgeError('SIGNATURE_MISMATCH', { detail: 'aws-chunked: trailer signature does not match' });
    }
  }
  if (decoded !== input.decodedLength) {
    throw new BridgeError('INCOMPLETE_BODY', { detail: `aws-chunked: decoded ${decoded} bytes, x-amz-decoded-content-length says ${input.decodedLength}` });
  }
  return { data: Buffer.concat(parts, decoded), trailers };
}
