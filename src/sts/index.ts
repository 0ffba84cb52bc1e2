/**
 * @module sts — the AWS STS Query API adapter.
 */
export * from './action.js';
export * from './error-table.js';
export * from './handler.js';
export * from './actions/assume-role-with-saml.js';
export * from './actions/assume-role-with-web-identity.js';
