/**
 * @module auth — authentication of presented credentials, shared by the adapters.
 */
export * from './caller-authentication.js';
