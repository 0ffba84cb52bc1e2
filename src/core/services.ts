/**
 * @module core/services — the dependencies every STS use case receives.
 */
import { evaluate, type ContextValue, type Decision, type PrincipalContext } from '../policy/index.js';
import type { AuditLog } from './audit.js';
import type { Authorizer } from './authorizer.js';
import type { Directory } from './directory.js';
import type { Role } from './directory-types.js';
import type { MfaVerifier } from './mfa.js';
import type { Clock, KeyMaterial, RandomSource } from './ports.js';
import type { SessionMinter } from './session-minter.js';
import type { SessionRepository } from './session-repository.js';
import type { SessionResolver } from './session-resolver.js';
import type { SessionTokenVerifier } from './session-token-verifier.js';
import type { TokenKeys } from './token-keys.js';
import type { KeyValueStore } from './ports.js';

export interface StsServices {
  readonly directory: Directory;
  readonly authorizer: Authorizer;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keys: KeyMaterial;
  readonly sessions: SessionRepository;
  /** Cached, revocation-aware session lookup (the verification hot path). */
  readonly resolver: SessionResolver;
  readonly tokenKeys: TokenKeys;
  /** Session-token checks with a bounded cache of verified signatures (bearer mode, introspection). */
  readonly tokenVerifier: SessionTokenVerifier;
  /** rolegate's public URL: `iss` of session tokens. */
  readonly issuer: string;
  readonly store: KeyValueStore;
  readonly minter: SessionMinter;
  readonly mfa: MfaVerifier;
  readonly audit: AuditLog;
  /** Trust evaluation for principals without identity policies (federated identities, services). */
  evaluateTrust(principal: PrincipalContext, action: string, role: Role, context: Readonly<Record<string, ContextValue>>): Decision;
}

export function evaluateTrustPolicy(
  principal: PrincipalContext,
  action: string,
  role: Role,
  context: Readonly<Record<string, ContextValue>>,
): Decision {
  return evaluate(
    { principal, action, resource: role.arn, resourceAccount: role.account, context },
    { identity: [], resource: role.trustPolicy, resourcePolicyRequired: true },
  );
}
