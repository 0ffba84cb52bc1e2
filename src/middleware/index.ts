/**
 * @module middleware — libraries for downstream apps (not part of the gateway itself).
 */
export * from './rolegate-verifier.js';
