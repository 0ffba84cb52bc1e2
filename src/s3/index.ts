/**
 * @module s3 — the S3-compatible demo service (protocol adapter; no Express).
 */
export * from './error-table.js';
export * from './handler.js';
export type { S3HttpRequest, S3HttpResponse, S3Target } from './request.js';
export { decodeAwsChunked, type ChunkedInput, type ChunkedMode, type ChunkedResult } from './aws-chunked.js';
