/**
 * @module dev-oidc — simulated Google, corporate OIDC, Facebook and Login with Amazon providers (development only).
 */
export * from './simulators.js';
export * from './oauth-authorization.js';
