/**
 * @module oidc — web identity federation: token validation for AssumeRoleWithWebIdentity, mapping rules,
 * the RFC 8693 token exchange, and browser sign-in (OpenID Connect and OAuth 2.0 relying party).
 */
export * from './keys.js';
export * from './web-identity.js';
export * from './mapping.js';
export * from './token-exchange.js';
export * from './rp.js';
export * from './profiles.js';
