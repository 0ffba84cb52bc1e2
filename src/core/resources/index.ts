/**
 * @module core/resources — simulated resources shared by the S3-compatible service and the console.
 */
export type * from './types.js';
export * from './authorize-s3.js';
export * from './checksums.js';
export * from './object-store.js';
export * from './instance-state.js';
