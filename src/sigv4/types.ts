/**
 * @module sigv4/types — the contract between HTTP adapters and the SigV4 verifier.
 *
 * The verifier is pure: adapters (STS Query API, the S3-compatible service, the downstream
 * verification API) hand it the request exactly as it arrived on the wire plus the body hash they
 * computed, and a lookup that turns an access key id into its secret. Nothing here touches Express,
 * sockets, clocks or storage directly.
 */

import type { SigningKeyCache } from './signing-key-cache.js';

/** The parts of an HTTP request that take part in a SigV4 signature, as received. */
export interface SignedRequestParts {
  /** HTTP method as received, e.g. `POST`. */
  method: string;
  /** Raw path as on the wire, still percent-encoded: `/` or `/bucket/key%20x`. */
  path: string;
  /** Raw query string without the leading `?`, as on the wire; `''` when there is none. */
  rawQuery: string;
  /**
   * Lower-cased header names, node style. Prefer `req.headersDistinct` (arrays): node's
   * `req.headers` joins repeated headers with `', '`, whereas SigV4 joins them with `','`.
   */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Lower-case hex SHA-256 of the raw body as received; `undefined` when streaming / unknown. */
  bodySha256Hex: string | undefined;
}

/**
 * Returns the secret for an access key id, or `null` if the key is unknown. May throw a
 * `BridgeError` (e.g. `EXPIRED_TOKEN` / `INVALID_CLIENT_TOKEN`) when the key's session token does not
 * match; the verifier passes the session token it found (header or query) so the lookup can check it.
 */
export interface SigningSecretLookup {
  (accessKeyId: string, sessionToken: string | undefined): Promise<{ secretAccessKey: string } | null>;
}

export interface VerifyOptions {
  /** Signing name this endpoint answers to (`sts`, `s3`, `iam`, ...). Give this or `services`. */
  service?: string;
  /** Several accepted signing names; the first one is named in the wrong-service message. */
  services?: readonly string[];
  /** Injected clock, epoch milliseconds. */
  nowMs: number;
  /** Allowed distance between the request time and `nowMs`. Default 15 min (what STS tolerates). */
  maxSkewMs?: number;
  /** Regions accepted in the credential scope; `undefined` = any syntactically valid region. */
  allowedRegions?: readonly string[];
  /**
   * The caller promises to compute `bodySha256Hex`; a request whose `x-amz-content-sha256` claims a
   * hash can then never be accepted on the strength of the client's claim alone.
   */
  requireBodyHash?: boolean;
  /** Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD` (S3 style); presigned URLs then default to it. */
  allowUnsignedPayload?: boolean;
  /**
   * Accept `x-amz-content-sha256: STREAMING-…` (aws-chunked uploads, header form only). The literal is
   * returned as `payloadHash`; the adapter must then decode the chunks and verify their signatures
   * or trailing checksum itself.
   */
  allowStreamingPayload?: boolean;
  /** S3 does not normalise or double-encode the path; every other service does. */
  s3PathRules?: boolean;
  /**
   * Reject any `x-amz-*` header that is not among the signed headers, as S3 does ("There were
   * headers present in the request which were not signed"): otherwise whoever relays a request or a
   * presigned URL could add e.g. `x-amz-acl`. Default false: STS-style endpoints read no such header
   * unsigned, and proxies such as CloudFront add unsigned ones (`x-amz-cf-id`).
   */
  requireSignedAmzHeaders?: boolean;
  /**
   * Real STS ignores `X-Amz-Expires` on presigned URLs and only applies its ±`maxSkewMs` window to
   * `X-Amz-Date` (EKS tokens carry `X-Amz-Expires=60` but are used for up to 15 min). Default false:
   * the URL expires at `X-Amz-Date + X-Amz-Expires` as S3 enforces it.
   */
  ignorePresignedExpires?: boolean;
  /** Signing-key cache to use; defaults to one shared, bounded cache per process. */
  keyCache?: SigningKeyCache;
}

/** What a successful verification proves about the caller. */
export interface VerifiedSignature {
  accessKeyId: string;
  sessionToken: string | undefined;
  region: string;
  service: string;
  /** Request time from `X-Amz-Date` (or the `Date` header fallback). */
  signedAt: Date;
  signedHeaders: string[];
  form: 'header' | 'query';
  /** The 64-hex signature that was verified. */
  signature: string;
  /**
   * Payload hash that was signed. When `bodySha256Hex` was not supplied this is the client's claim
   * (`x-amz-content-sha256`) and a streaming adapter must still check the body against it.
   */
  payloadHash: string;
}

/** Authentication material pulled out of the Authorization header or the presigned query. */
export interface ParsedAuth {
  form: 'header' | 'query';
  /** The raw `Credential` / `X-Amz-Credential` value. */
  credential: string;
  signedHeaders: string[];
  signature: string;
  /** Request time as sent, before validation (`X-Amz-Date`, or the `Date` header). */
  rawDate: string;
  /** Name of the header / parameter the date came from (must be signed when it is a header). */
  dateSource: 'x-amz-date' | 'date' | 'X-Amz-Date';
  /** `X-Amz-Expires` as sent (query form only). */
  rawExpires: string | undefined;
  sessionToken: string | undefined;
}
