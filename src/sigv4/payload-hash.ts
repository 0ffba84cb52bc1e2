/**
 * @module sigv4/payload-hash — which HashedPayload goes into the canonical request.
 *
 * AWS "Create a canonical request", HashedPayload: lower-hex SHA-256 of the body (`e3b0c442…b855`
 * for an empty body). S3 additionally lets the client declare it in `x-amz-content-sha256`, and
 * accepts the literal `UNSIGNED-PAYLOAD` (always the case for S3 presigned URLs, where the JS SDK
 * also hoists it into the query as `X-Amz-Content-Sha256`).
 *
 * Rules here (security.md §4.7 "x-amz-content-sha256 must equal the hash we compute"):
 * - a declared hex hash must equal the body hash the server computed, else SignatureDoesNotMatch
 *   (detail: body hash mismatch); the declared value is what the client signed, so it is used;
 * - without a declaration the server's own body hash is used, so a tampered body fails the
 *   signature even when the client sent no `x-amz-content-sha256` (every non-S3 service);
 * - `UNSIGNED-PAYLOAD` only where the caller allows it; the `STREAMING-*` literals only where the
 *   caller allows them (`allowStreamingPayload`, header form): the verifier checks the seed
 *   signature only, the adapter decodes the aws-chunked body and checks chunk signatures and
 *   trailing checksums (src/s3/aws-chunked.ts); anything else is refused (S3 wording);
 * - when the body hash is unknown (streaming adapter) the declared hex hash is trusted for the
 *   signature and returned, and the adapter must check the body against it while reading.
 */

import { incomplete, mismatch, MESSAGES } from './failures.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** The aws-chunked payload kinds (AWS "Signature calculations for the Authorization header: transferring payload in multiple chunks"). */
export const STREAMING_PAYLOADS: readonly string[] = [
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
];
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

export interface PayloadHashInput {
  /** `x-amz-content-sha256` header, or in the query form the `X-Amz-Content-Sha256` parameter. */
  readonly declared: string | undefined;
  readonly bodySha256Hex: string | undefined;
  readonly form: 'header' | 'query';
  readonly allowUnsignedPayload: boolean;
  /** Accept the `STREAMING-*` literals of aws-chunked uploads (header form only). */
  readonly allowStreamingPayload?: boolean;
}

export function resolvePayloadHash(input: PayloadHashInput): string {
  const { declared, form, allowUnsignedPayload } = input;
  const computed = input.bodySha256Hex?.toLowerCase();

  if (declared !== undefined) {
    if (HEX_SHA256.test(declared)) {
      if (computed !== undefined && declared.toLowerCase() !== computed) {
        throw mismatch(`body hash mismatch: x-amz-content-sha256 ${declared} != computed ${computed}`);
      }
      return declared;
    }
    if (declared === UNSIGNED_PAYLOAD) {
      if (allowUnsignedPayload) return UNSIGNED_PAYLOAD;
      throw mismatch('x-amz-content-sha256 UNSIGNED-PAYLOAD is not accepted by this service');
    }
    // aws-chunked uploads (S3): the literal is what was signed; the adapter decodes and checks the chunks.
    if (input.allowStreamingPayload === true && form === 'header' && STREAMING_PAYLOADS.includes(declared)) return declared;
    throw incomplete(MESSAGES.badContentSha, `unsupported x-amz-content-sha256 value '${declared.slice(0, 64)}'`);
  }

  // S3 presigned URLs sign UNSIGNED-PAYLOAD unless they declare otherwise.
  if (form === 'query' && allowUnsignedPayload) return UNSIGNED_PAYLOAD;
  if (computed !== undefined) return computed;
  throw incomplete(MESSAGES.missingContentSha, 'no x-amz-content-sha256 and the server did not hash the body');
}
