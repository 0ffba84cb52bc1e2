/**
 * @module config — configuration loading for the composition root.
 */
export * from './config-error.js';
export * from './load-directory.js';
export * from './settings.js';
export * from './schema.js';
