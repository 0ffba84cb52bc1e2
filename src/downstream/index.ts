/**
 * @module downstream — verification for downstream apps (SigV4 and bearer), introspection, admin inputs.
 */
export * from './admin.js';
export * from './error-table.js';
export * from './introspect.js';
export * from './principal-view.js';
export * from './verify.js';
