/**
 * @module config — configuration loading for the composition root.
 */
export * from './config-error.js';
export * from './load-directory.js';
export * from './settings.js';
export * from './schema.js';
export * from './saml-schema.js';
export * from './saml-providers.js';
export * from './instance-schema.js';
export * from './load-instances.js';
export * from './vending-settings.js';
export * from './cli-settings.js';
export * from './oidc-schema.js';
export * from './web-identity-settings.js';
export * from './web-login-schema.js';
