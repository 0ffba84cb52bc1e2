/**
 * @module vending — credential vending for services: an IMDSv2-compatible instance metadata
 * service and a container-credentials endpoint (the AWS SDKs' default credential chain works
 * against both unchanged), and the container tokens they need.
 */
export * from './container-tokens.js';
export * from './error-table.js';
export * from './guards.js';
export * from './http-types.js';
export * from './imds-tokens.js';
export * from './instance-sessions.js';
export * from './service-credentials.js';
export * from './vending.js';
