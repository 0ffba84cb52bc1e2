/**
 * @module iam — the IAM Query API adapter (policy simulator) and the explain API.
 */
export * from './action.js';
export * from './error-table.js';
export * from './handler.js';
export * from './explain.js';
export * from './admin-explain.js';
