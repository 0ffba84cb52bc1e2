/**
 * @module core/session-tokens — GetSessionToken and GetFederationToken (STS API reference).
 *
 * Both are for IAM users with long-term keys only: called with temporary credentials they fail
 * with AccessDenied "Cannot call X with session credentials" (sts.md §1.6). GetFederationToken
 * sessions have only the permissions of their session policies ∩ the user's policies.
 */
import { BridgeError } from '../errors.js';
import { parsePolicy } from '../policy/index.js';
import { federatedUserArn } from './arn.js';
import type { Caller } from './caller.js';
import { deny } from './denial.js';
import { checkMfa } from './mfa-check.js';
import { assertPackedSize, packedPolicyPercent } from './packed-policy.js';
import { principalContextOf, type RequestEnvironment } from './request-context.js';
import type { IssuedCredentials, SessionPolicyRef } from './session.js';
import type { StsServices } from './services.js';
import { checkIntRange, checkLength, checkName, checkSessionTags, validationError, type SessionTag } from './validation.js';

const GET_SESSION_TOKEN_MFA_MESSAGE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

function requireLongTermUser(caller: Caller, action: string): Extract<Caller, { kind: 'user' }> {
  if (caller.kind !== 'user' || caller.session) {
    throw new BridgeError('ACCESS_DENIED', { message: `Cannot call ${action} with session credentials` });
  }
  return caller;
}

export async function getSessionToken(
  services: StsServices,
  caller: Caller,
  input: { durationSeconds?: number; serialNumber?: string; tokenCode?: string; env: RequestEnvironment },
): Promise<IssuedCredentials> {
  if (input.durationSeconds !== undefined) checkIntRange('durationSeconds', input.durationSeconds, 900, 129600);
  if (input.serialNumber !== undefined) checkLength('serialNumber', input.serialNumber, 9, 256);
  if (input.tokenCode !== undefined && !/^\d{6}$/.test(input.tokenCode)) {
    throw validationError(`1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*`);
  }
  const user = requireLongTermUser(caller, 'GetSessionToken');
  const mfa = await checkMfa(services, user, input.serialNumber, input.tokenCode, input.env.nowMs, GET_SESSION_TOKEN_MFA_MESSAGE);
  const duration = input.durationSeconds ?? 43200;
  const { credentials, session } = await services.minter.mint({
    kind: 'session-token',
    account: user.account,
    arn: user.arn,
    userId: user.user.uniqueId,
    userArn: user.user.arn,
    sessionName: user.user.name,
    issuedAt: services.clock.now(),
    expiresAt: input.env.nowMs + duration * 1000,
    tags: {},
    transitiveTagKeys: [],
    ...(mfa ? { mfa } : {}),
    chained: false,
    issuedBy: user.arn,
    origin: user.user.arn,
  });
  await services.audit.record({ type: 'credentials.issued', action: 'sts:GetSessionToken', principal: user.arn, accessKeyId: session.accessKeyId, result: 'success' });
  return credentials;
}

export interface FederationTokenInput {
  readonly name: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly SessionTag[];
  readonly env: RequestEnvironment;
}

export async function getFederationToken(services: StsServices, caller: Caller, input: FederationTokenInput) {
  checkName('name', input.name, 2, 32);
  if (input.durationSeconds !== undefined) checkIntRange('durationSeconds', input.durationSeconds, 900, 129600);
  if (input.policy !== undefined) checkLength('policy', input.policy, 1, 2048);
  if ((input.policyArns ?? []).length > 10) {
    throw validationError(`1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10`);
  }
  checkSessionTags(input.tags ?? [], []);
  const user = requireLongTermUser(caller, 'GetFederationToken');
  const refs: SessionPolicyRef[] = [];
  if (input.policy !== undefined) {
    parsePolicy(input.policy, 'session');
    refs.push({ id: 'session-policy#inline', text: input.policy });
  }
  for (const arn of input.policyArns ?? []) {
    if (!services.directory.managedPolicy(arn)) {
      throw new BridgeError('MALFORMED_POLICY', { message: `The policy ${arn.slice(0, 256)} does not exist or is not attachable.` });
    }
    refs.push({ id: arn, arn });
  }
  const resource = federatedUserArn(user.account, input.name);
  const decision = services.authorizer.authorize({ caller: user, action: 'sts:GetFederationToken', resource, env: input.env });
  if (!decision.allowed) {
    throw await deny(services, {
      message: `User: ${user.arn} is not authorized to perform: sts:GetFederationToken on resource: ${resource}`,
      principal: principalContextOf(user),
      action: 'sts:GetFederationToken',
      resource,
      context: services.authorizer.contextOf({ caller: user, action: 'sts:GetFederationToken', resource, env: input.env }),
      decision,
    });
  }
  const tags = input.tags ?? [];
  const passed = input.policy !== undefined || refs.length > 0 || tags.length > 0;
  const packedPolicySize = passed ? packedPolicyPercent(input.policy, input.policyArns ?? [], tags) : undefined;
  if (packedPolicySize !== undefined) assertPackedSize(packedPolicySize, tags.length > 0);
  const duration = input.durationSeconds ?? 43200;
  const federatedUserId = `${user.account}:${input.name}`;
  const { credentials, session } = await services.minter.mint({
    kind: 'federated-user',
    account: user.account,
    arn: resource,
    userId: federatedUserId,
    userArn: user.user.arn,
    sessionName: input.name,
    issuedAt: services.clock.now(),
    expiresAt: input.env.nowMs + duration * 1000,
    tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
    transitiveTagKeys: [],
    // An empty list (not undefined) when no policy was passed: the session then has no permissions.
    sessionPolicies: refs,
    chained: false,
    issuedBy: user.arn,
    origin: user.user.arn,
  });
  await services.audit.record({ type: 'credentials.issued', action: 'sts:GetFederationToken', principal: user.arn, sessionArn: resource, accessKeyId: session.accessKeyId, result: 'success' });
  return { credentials, federatedUserId, arn: resource, ...(packedPolicySize !== undefined ? { packedPolicySize } : {}) };
}
