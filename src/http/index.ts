/**
 * @module http — the Express shell: routers and middleware only.
 */
export * from './error-handler.js';
export * from './health-router.js';
export * from './metrics.js';
export * from './query-router.js';
export * from './request-context.js';
export * from './security-headers.js';
