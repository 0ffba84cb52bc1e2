/**
 * @module saml — the SAML 2.0 SP protocol adapter (no Express; the HTTP shell calls it).
 *
 * - `createSamlValidator` — validates a SAMLResponse strictly (security.md §1) into a `SamlLogin`
 *   with its role candidates and `saml:*` condition keys;
 * - `authnRequestUrl`, `spMetadata` — SP-initiated login and SP metadata;
 * - `validateLogoutRequest`, `logoutResponseUrl` — IdP-initiated single logout;
 * - `chooseRole`, `fallbackSessionName` — the console's role choice.
 */
export * from './assertion.js';
export * from './claims.js';
export * from './constants.js';
export * from './one-time.js';
export * from './sp.js';
export * from './validator.js';
export * from './xml-guard.js';
export * from './flows.js';
