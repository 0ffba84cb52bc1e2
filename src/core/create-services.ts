/**
 * @module core/create-services — wires the core's parts from its ports.
 */
import { createAuditLog } from './audit.js';
import { createAuthorizer } from './authorizer.js';
import type { Directory } from './directory.js';
import { createMfaVerifier } from './mfa.js';
import type { Clock, KeyMaterial, KeyValueStore, RandomSource } from './ports.js';
import { evaluateTrustPolicy, type StsServices } from './services.js';
import { createSessionMinter } from './session-minter.js';
import { createSessionRepository } from './session-repository.js';
import { createSessionResolver } from './session-resolver.js';
import { createSessionTokenVerifier } from './session-token-verifier.js';
import { createTokenKeys } from './token-keys.js';

export interface CoreDependencies {
  readonly directory: Directory;
  readonly store: KeyValueStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keys: KeyMaterial;
  /** rolegate's public URL (session token issuer). */
  readonly issuer: string;
  readonly onAuditError?: (error: unknown) => void;
}

export function createStsServices(deps: CoreDependencies): StsServices {
  const sessions = createSessionRepository(deps.store);
  const tokenKeys = createTokenKeys(deps.keys.master, deps.clock);
  return {
    store: deps.store,
    tokenKeys,
    tokenVerifier: createSessionTokenVerifier(tokenKeys),
    issuer: deps.issuer,
    resolver: createSessionResolver({ store: deps.store, sessions, clock: deps.clock }),
    directory: deps.directory,
    authorizer: createAuthorizer(deps.directory),
    clock: deps.clock,
    random: deps.random,
    keys: deps.keys,
    sessions,
    minter: createSessionMinter({ sessions, random: deps.random, keys: deps.keys, tokenKeys, issuer: deps.issuer }),
    mfa: createMfaVerifier(deps.store, deps.clock),
    audit: createAuditLog(deps.store, deps.clock, deps.onAuditError ?? (() => undefined)),
    evaluateTrust: evaluateTrustPolicy,
  };
}
