/**
 * Shared fixtures for the SigV4 tests: a node:crypto Checksum for @smithy/signature-v4 (the
 * @aws-crypto packages are not installed), signing helpers that turn the SDK signer's output into
 * the wire form our verifier receives, and a counting secret lookup.
 */

import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import type { Hash, Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { BridgeError } from '../../src/errors.js';
import type { ErrorCode } from '../../src/errors.js';
import type { SignedRequestParts, SigningSecretLookup } from '../../src/sigv4/index.js';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** Implements the smithy `Checksum` interface (SHA-256, or HMAC-SHA256 when given a secret). */
export class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#create();
  }
  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.#secret));
  }
  update(data: SourceData): void {
    this.#hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#create();
  }
}

export const EXAMPLE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
export const TEMP = { accessKeyId: 'ASIATEMPEXAMPLE00001', secretAccessKey: 'tempSecret/abc+def', sessionToken: 'FwoGZXIvYXdzEXAMPLE+/=token' };
export const SUITE_DATE = new Date('2015-08-30T12:36:00Z');
export const NOW = Date.parse('2025-03-01T10:00:00Z');

export function sha256Hex(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** smithy's escapeUri: encodeURIComponent plus `!'()*` — what the SDK's HTTP handlers send. */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export type Query = Record<string, string | string[]>;

export function buildRawQuery(query: Query): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${escapeUri(name)}=${escapeUri(v)}`);
  }
  return parts.join('&');
}

export interface SignInput {
  method?: string;
  path?: string;
  query?: Query;
  headers?: Record<string, string>;
  body?: string;
  service?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  date?: Date;
  /** S3 signs the path as-is. */
  s3?: boolean;
  /** Add `x-amz-content-sha256` (smithy's default); false mimics botocore / the AWS test suite. */
  applyChecksum?: boolean;
  expiresIn?: number;
  /** Presign only: headers that stay headers and stay unsigned (botocore's S3 payload marker). */
  keepOutOfQuery?: string[];
}

function signer(input: SignInput): SignatureV4 {
  return new SignatureV4({
    service: input.service ?? 'sts',
    region: input.region ?? 'us-east-1',
    credentials: input.credentials ?? EXAMPLE,
    sha256: NodeSha256,
    uriEscapePath: input.s3 !== true,
    applyChecksum: input.applyChecksum ?? true,
  });
}

function unsignedRequest(input: SignInput) {
  return {
    method: input.method ?? 'GET',
    protocol: 'https:',
    hostname: 'rolegate.example',
    path: input.path ?? '/',
    query: input.query ?? {},
    headers: { host: 'rolegate.example', ...input.headers },
    ...(input.body === undefined ? {} : { body: input.body }),
  };
}

function toParts(signed: { method: string; path: string; query?: Query; headers: Record<string, string> }, body: string | undefined): SignedRequestParts {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return {
    method: signed.method,
    path: signed.path,
    rawQuery: buildRawQuery(signed.query ?? {}),
    headers,
    bodySha256Hex: sha256Hex(body ?? ''),
  };
}

/** Header-form signature by @smithy/signature-v4, converted to what arrives on the wire. */
export async function signHeader(input: SignInput): Promise<SignedRequestParts> {
  const signed = await signer(input).sign(unsignedRequest(input), { signingDate: input.date ?? new Date(NOW) });
  return toParts(signed as Parameters<typeof toParts>[0], input.body);
}

/** Presigned (query-form) URL by @smithy/signature-v4. */
export async function presign(input: SignInput): Promise<SignedRequestParts> {
  const signed = await signer(input).presign(unsignedRequest(input), {
    signingDate: input.date ?? new Date(NOW),
    expiresIn: input.expiresIn ?? 900,
    ...(input.keepOutOfQuery === undefined
      ? {}
      : { unhoistableHeaders: new Set(input.keepOutOfQuery), unsignableHeaders: new Set(input.keepOutOfQuery) }),
  });
  return toParts(signed as Parameters<typeof toParts>[0], input.body);
}

export interface CountingLookup extends SigningSecretLookup {
  calls: Array<{ accessKeyId: string; sessionToken: string | undefined }>;
}

/** Knows EXAMPLE and TEMP; TEMP requires its session token (EXPIRED_TOKEN for 'expired-token'). */
export function testLookup(): CountingLookup {
  const calls: CountingLookup['calls'] = [];
  const lookup = async (accessKeyId: string, sessionToken: string | undefined) => {
    calls.push({ accessKeyId, sessionToken });
    if (accessKeyId === EXAMPLE.accessKeyId) return { secretAccessKey: EXAMPLE.secretAccessKey };
    if (accessKeyId !== TEMP.accessKeyId) return null;
    if (sessionToken === 'expired-token') throw new BridgeError('EXPIRED_TOKEN');
    if (sessionToken !== TEMP.sessionToken) throw new BridgeError('INVALID_CLIENT_TOKEN');
    return { secretAccessKey: TEMP.secretAccessKey };
  };
  return Object.assign(lookup, { calls });
}

/** Asserts that `promise` rejects with a BridgeError of `code` (and exact `message`, if given). */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: string): Promise<BridgeError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof BridgeError, `expected BridgeError, got ${String(caught)}`);
  assert.equal(caught.code, code, `code (message: ${caught.message}; detail: ${caught.detail ?? ''})`);
  if (message !== undefined) assert.equal(caught.message, message);
  return caught;
}
