/**
 * @module aws-query — the AWS Query protocol codec shared by the STS and IAM adapters.
 *
 * A protocol utility like `sigv4/`: adapters may import it; it imports nothing of theirs.
 */
export * from './params.js';
export * from './render.js';
export * from './request.js';
