/**
 * @module core — public surface of the domain core.
 */
export * from './arn.js';
export * from './assume-role.js';
export * from './audit.js';
export * from './random-pool.js';
export * from './authorizer.js';
export * from './caller.js';
export * from './caller-resolver.js';
export * from './credential-codec.js';
export * from './directory.js';
export type * from './directory-types.js';
export * from './identity-queries.js';
export * from './mfa.js';
export type * from './ports.js';
export * from './request-context.js';
export * from './services.js';
export type * from './session.js';
export * from './session-minter.js';
export * from './session-repository.js';
export * from './session-tokens.js';
export * from './validation.js';
export * from './create-services.js';
export * from './revocation.js';
export * from './revoke.js';
export * from './session-resolver.js';
export * from './session-token.js';
export * from './session-token-verifier.js';
export * from './token-keys.js';
export * from './denial.js';
export * from './resources/index.js';
export * from './user-sign-in.js';
