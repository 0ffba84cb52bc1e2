/**
 * @module sts/federated-request — the assume-role request of AssumeRoleWithSAML and
 * AssumeRoleWithWebIdentity: the caller's optional parameters plus what the verified token carried.
 */
import type { AssumeRoleRequest, AssumeRoleSource, RequestEnvironment, SessionTag } from '../core/index.js';

export interface FederatedParameters {
  readonly roleArn: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
}

export interface VerifiedSessionAttributes {
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
}

export function federatedAssumeRoleRequest(
  input: FederatedParameters,
  roleSessionName: string,
  verified: VerifiedSessionAttributes,
  source: Extract<AssumeRoleSource, { kind: 'federated' }>,
  env: RequestEnvironment,
): AssumeRoleRequest {
  return {
    roleArn: input.roleArn,
    roleSessionName,
    ...(input.durationSeconds !== undefined ? { durationSeconds: input.durationSeconds } : {}),
    ...(input.policy !== undefined ? { policy: input.policy } : {}),
    ...(input.policyArns !== undefined ? { policyArns: input.policyArns } : {}),
    ...(verified.tags.length > 0 ? { tags: verified.tags } : {}),
    ...(verified.transitiveTagKeys.length > 0 ? { transitiveTagKeys: verified.transitiveTagKeys } : {}),
    ...(verified.sourceIdentity !== undefined ? { sourceIdentity: verified.sourceIdentity } : {}),
    source,
    env,
  };
}
