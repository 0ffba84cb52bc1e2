/**
 * @module saml/flows — from a verified SAML login to assume-role requests.
 *
 * - `consoleRoleOptions`: the console's options (one per role the assertion allows, after the
 *   providers' ambiguity rule), each a complete federated assume-role request;
 * - `createStsSamlCheck`: the AssumeRoleWithSAML check injected into the STS adapter.
 */
import type { AssumeRoleRequest, Clock, Directory, SessionTag } from '../core/index.js';
import type { ContextValue } from '../policy/index.js';
import { BridgeError } from '../errors.js';
import { chooseRole, fallbackSessionName, type RoleCandidate } from './claims.js';
import type { SamlLogin, SamlValidator } from './validator.js';

const DEFAULT_CONSOLE_SECONDS = 3600;

export interface SamlRoleOption {
  readonly roleArn: string;
  readonly request: Omit<AssumeRoleRequest, 'env'>;
}

function notAfter(login: SamlLogin, nowMs: number): number | undefined {
  const limits = [login.facts.sessionNotOnOrAfterMs, login.aws.sessionDurationSeconds !== undefined ? nowMs + login.aws.sessionDurationSeconds * 1000 : undefined].filter(
    (v): v is number => v !== undefined,
  );
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

function requestFor(login: SamlLogin, candidate: RoleCandidate, roleSessionName: string, durationSeconds: number | undefined, notAfterMs: number | undefined): Omit<AssumeRoleRequest, 'env'> {
  const ctx = login.contextFor(candidate.provider);
  const tags: SessionTag[] = login.aws.tags.map((t) => ({ key: t.key, value: t.value }));
  return {
    roleArn: candidate.roleArn,
    roleSessionName,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(login.aws.transitiveTagKeys.length > 0 ? { transitiveTagKeys: login.aws.transitiveTagKeys } : {}),
    ...(login.aws.sourceIdentity !== undefined ? { sourceIdentity: login.aws.sourceIdentity } : {}),
    source: {
      kind: 'federated',
      provider: candidate.provider.arn,
      action: 'sts:AssumeRoleWithSAML',
      context: ctx.context,
      persistentContext: ctx.persistent,
      ...(notAfterMs !== undefined ? { notAfterMs } : {}),
      loginId: login.loginId,
    },
  };
}

/**
 * Console options. The console session lasts SessionDuration (default 1 h), capped by the role's
 * maximum and by SessionNotOnOrAfter (sts.md §5).
 */
export function consoleRoleOptions(login: SamlLogin, directory: Pick<Directory, 'roleByArn'>): SamlRoleOption[] {
  const choice = chooseRole(login.candidates);
  const chosen = choice.kind === 'one' ? [choice.candidate] : choice.candidates;
  const roleSessionName = login.aws.roleSessionName ?? fallbackSessionName(login.facts.nameId);
  return chosen.map((candidate) => {
    const max = directory.roleByArn(candidate.roleArn)?.maxSessionDuration ?? DEFAULT_CONSOLE_SECONDS;
    const duration = Math.min(login.aws.sessionDurationSeconds ?? DEFAULT_CONSOLE_SECONDS, max);
    return { roleArn: candidate.roleArn, request: requestFor(login, candidate, roleSessionName, duration, login.facts.sessionNotOnOrAfterMs) };
  });
}

/** Structurally the STS adapter's `VerifiedSamlAssertion`. */
export interface StsSamlResult {
  readonly providerArn: string;
  readonly roleSessionName: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly persistentContext: Readonly<Record<string, ContextValue>>;
  readonly notAfterMs?: number;
  readonly loginId: string;
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  readonly subject: string;
  readonly subjectType: string;
  readonly issuer: string;
  readonly audience: string;
  readonly nameQualifier: string;
}

/** The AssumeRoleWithSAML check: PrincipalArn picks the provider; the pair must be in the assertion. */
export function createStsSamlCheck(validator: SamlValidator, clock: Clock) {
  return async (input: { readonly samlAssertion: string; readonly principalArn: string; readonly roleArn: string }): Promise<StsSamlResult> => {
    const login = await validator.validate(input.samlAssertion, { mode: 'api', providerArn: input.principalArn, requireRole: { roleArn: input.roleArn, providerArn: input.principalArn } });
    const candidate = login.candidates.find((c) => c.roleArn === input.roleArn && c.provider.arn === input.principalArn);
    if (!candidate) throw new BridgeError('SAML_ROLE_NOT_IN_ASSERTION', { detail: 'RoleArn/PrincipalArn pair not allowed by the assertion' });
    const roleSessionName = login.aws.roleSessionName;
    if (roleSessionName === undefined) throw new BridgeError('SAML_ATTRIBUTE_INVALID', { message: 'RoleSessionName is required in AuthnResponse' });
    const ctx = login.contextFor(candidate.provider);
    const notAfterMs = notAfter(login, clock.now());
    return {
      providerArn: candidate.provider.arn,
      roleSessionName,
      context: ctx.context,
      persistentContext: ctx.persistent,
      ...(notAfterMs !== undefined ? { notAfterMs } : {}),
      loginId: login.loginId,
      tags: login.aws.tags,
      transitiveTagKeys: login.aws.transitiveTagKeys,
      ...(login.aws.sourceIdentity !== undefined ? { sourceIdentity: login.aws.sourceIdentity } : {}),
      subject: login.facts.nameId,
      subjectType: ctx.subjectType,
      issuer: login.facts.issuer,
      audience: login.facts.recipient,
      nameQualifier: ctx.nameQualifier,
    };
  };
}
