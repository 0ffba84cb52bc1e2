/**
 * @module oidc — web identity federation: token validation for AssumeRoleWithWebIdentity (and later the RP).
 */
export * from './keys.js';
export * from './web-identity.js';
export * from './mapping.js';
export * from './token-exchange.js';
export * from './rp.js';
export * from './profiles.js';
