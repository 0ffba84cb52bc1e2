/**
 * @module http — the Express shell: routers and middleware only.
 */
export * from './admin-explain-router.js';
export * from './error-handler.js';
export * from './health-router.js';
export * from './metrics.js';
export * from './query-router.js';
export * from './request-context.js';
export * from './security-headers.js';
export * from './admin-router.js';
export * from './downstream-router.js';
export * from './imds-router.js';
export * from './s3-router.js';
export * from './s3-app.js';
export * from './saml-router.js';
export * from './console-router.js';
export * from './idp-router.js';
export * from './token-exchange-router.js';
export * from './oidc-router.js';
export * from './console-operations-router.js';
export * from './console-switch-router.js';
export * from './console-resources-router.js';
export * from './federation-router.js';
export * from './client-address.js';
export * from './lean-path.js';
export * from './send.js';
