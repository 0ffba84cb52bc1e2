/**
 * @module saml — the SAML 2.0 SP protocol adapter (no Express; the HTTP shell calls it).
 *
 * - `createSamlValidator` — validates a SAMLResponse strictly (security.md §1) into a `SamlLogin`
 *   with its role candidates and `saml:*` condition keys;
 * - `nodeSamlOptions`, `createRequestCache`, `fromNodeSamlError` — what passport-saml's strategy
 *   (in the HTTP shell) is configured with: node-saml options, the store-backed InResponseTo cache;
 * - `spMetadata` — SP metadata;
 * - `validateLogoutRequest`, `logoutResponseUrl` — IdP-initiated single logout;
 * - `createSpLogout` — SP-initiated single logout (console sign-out);
 * - `createSamlProviderRegistry`, `withLiveSamlProviders` — providers that change at run time;
 * - `chooseRole`, `fallbackSessionName` — the console's role choice.
 */
export * from './assertion.js';
export * from './claims.js';
export * from './constants.js';
export * from './library-errors.js';
export * from './one-time.js';
export * from './provider-registry.js';
export * from './request-cache.js';
export * from './sp.js';
export * from './sp-logout.js';
export * from './validator.js';
export * from './xml-guard.js';
export * from './flows.js';
