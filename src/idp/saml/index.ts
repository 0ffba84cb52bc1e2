/**
 * @module idp/saml — the built-in corporate directory SAML IdP (development default; off with
 * NODE_ENV=production unless ROLEGATE_BUILTIN_IDP=on). Metadata at `/idp/saml/metadata`.
 */
export * from './idp.js';
export * from './response.js';
export * from './views.js';
