/**
 * @module core/assume-role — the one assume-role use case behind every entry point.
 *
 * STS AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, console switch-role and instance
 * profiles all build an `AssumeRoleRequest` and call `assumeRole`. Rules implemented here
 * (sts.md §2, §4, §12): role existence is never revealed; the trust policy must allow the principal
 * (and identity policies too across accounts or when the trust names only the account);
 * `sts:TagSession` / `sts:SetSourceIdentity` are required when tags / a source identity are set;
 * DurationSeconds is 900 s to the role's maximum and at most 1 h for role chaining; session
 * policies only narrow; transitive tags and the source identity survive chaining.
 */
import { BridgeError } from '../errors.js';
import { parsePolicy, type ContextValue, type Decision, type PrincipalContext } from '../policy/index.js';
import { assumedRoleArn, parseRoleArn } from './arn.js';
import type { Caller } from './caller.js';
import { principalContextOf, type RequestEnvironment } from './request-context.js';
import type { Role } from './directory-types.js';
import { assertPackedSize, packedPolicyPercent } from './packed-policy.js';
import type { IssuedCredentials, MfaInfo, Session, SessionPolicyRef } from './session.js';
import type { StsServices } from './services.js';
import { checkIntRange, checkLength, checkName, checkSessionTags, checkSourceIdentity, validationError, type SessionTag } from './validation.js';
import { deny } from './denial.js';
import { checkMfa } from './mfa-check.js';

export type AssumeRoleAction = 'sts:AssumeRole' | 'sts:AssumeRoleWithSAML' | 'sts:AssumeRoleWithWebIdentity';

export type AssumeRoleSource =
  | {
      readonly kind: 'caller';
      readonly caller: Caller;
      /** The session may not outlive this (the console: the identity switched from, sts.md §7). */
      readonly notAfterMs?: number;
    }
  | {
      readonly kind: 'federated';
      /** Provider ARN, or `accounts.google.com` / `graph.facebook.com` / `www.amazon.com`. */
      readonly provider: string;
      readonly action: 'sts:AssumeRoleWithSAML' | 'sts:AssumeRoleWithWebIdentity';
      /** Provider condition keys (`saml:sub`, `accounts.google.com:aud`, …). */
      readonly context: Readonly<Record<string, ContextValue>>;
      /** Keys that survive into the session's later requests (sts.md §4.4). */
      readonly persistentContext: Readonly<Record<string, ContextValue>>;
      /** The session may not outlive this (e.g. SAML SessionNotOnOrAfter). */
      readonly notAfterMs?: number;
      readonly loginId?: string;
    }
  | { readonly kind: 'service'; readonly service: string; readonly loginId?: string };

export interface AssumeRoleRequest {
  readonly source: AssumeRoleSource;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly SessionTag[];
  readonly transitiveTagKeys?: readonly string[];
  readonly externalId?: string;
  readonly serialNumber?: string;
  readonly tokenCode?: string;
  readonly sourceIdentity?: string;
  readonly env: RequestEnvironment;
}

export interface AssumeRoleResult {
  readonly credentials: IssuedCredentials;
  readonly assumedRoleId: string;
  readonly arn: string;
  readonly packedPolicySize?: number;
  readonly sourceIdentity?: string;
  readonly session: Session;
  readonly role: Role;
}

const DEFAULT_DURATION = 3600;
const CHAINED_MAX_DURATION = 3600;

function actionOf(source: AssumeRoleSource): AssumeRoleAction {
  return source.kind === 'federated' ? source.action : 'sts:AssumeRole';
}

function principalOf(source: AssumeRoleSource): PrincipalContext {
  if (source.kind === 'caller') return principalContextOf(source.caller);
  if (source.kind === 'service') return { kind: 'service', account: '', arn: source.service, service: source.service };
  return { kind: 'federated', account: '', arn: source.provider, federatedProvider: source.provider };
}

function sourceArn(source: AssumeRoleSource): string {
  if (source.kind === 'caller') return source.caller.arn;
  return source.kind === 'service' ? source.service : source.provider;
}

/** Validates syntax before anything is looked up: malformed input never reaches the store. */
function validateRequest(req: AssumeRoleRequest): void {
  checkLength('roleArn', req.roleArn, 20, 2048);
  checkName('roleSessionName', req.roleSessionName, 2, 64);
  if (req.durationSeconds !== undefined) checkIntRange('durationSeconds', req.durationSeconds, 900, 43200);
  if (req.externalId !== undefined) {
    checkLength('externalId', req.externalId, 2, 1224);
    if (!/^[\w+=,.@:/-]*$/.test(req.externalId)) {
      throw validationError(
        `1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*`,
      );
    }
  }
  if (req.serialNumber !== undefined) checkLength('serialNumber', req.serialNumber, 9, 256);
  if (req.tokenCode !== undefined && !/^\d{6}$/.test(req.tokenCode)) {
    throw validationError(`1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*`);
  }
  if ((req.serialNumber === undefined) !== (req.tokenCode === undefined)) {
    throw validationError('SerialNumber and TokenCode must be provided together.');
  }
  if (req.sourceIdentity !== undefined) checkSourceIdentity(req.sourceIdentity);
  if (req.policy !== undefined) {
    checkLength('policy', req.policy, 1, 2048);
    if (!/^[\u0009\u000A\u000D\u0020-\u00FF]+$/.test(req.policy)) {
      throw validationError(`1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`);
    }
  }
  if (req.policyArns && req.policyArns.length > 10) {
    throw validationError(`1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10`);
  }
  req.policyArns?.forEach((arn, i) => checkLength(`policyArns.${i + 1}.member.arn`, arn, 20, 2048));
  checkSessionTags(req.tags ?? [], req.transitiveTagKeys ?? []);
}

export async function assumeRole(services: StsServices, req: AssumeRoleRequest): Promise<AssumeRoleResult> {
  validateRequest(req);
  const { directory, authorizer, clock } = services;
  const nowMs = req.env.nowMs;
  const action = actionOf(req.source);
  const caller = req.source.kind === 'caller' ? req.source.caller : undefined;
  const callerSession = caller?.session;

  // Session policies are parsed before authorization so a malformed one is a MalformedPolicyDocument.
  const sessionPolicyRefs: SessionPolicyRef[] = [];
  if (req.policy !== undefined) {
    parsePolicy(req.policy, 'session');
    sessionPolicyRefs.push({ id: 'session-policy#inline', text: req.policy });
  }
  for (const arn of req.policyArns ?? []) {
    if (!directory.managedPolicy(arn)) {
      throw new BridgeError('MALFORMED_POLICY', { message: `The policy ${arn.slice(0, 256)} does not exist or is not attachable.` });
    }
    sessionPolicyRefs.push({ id: arn, arn });
  }

  const roleParts = parseRoleArn(req.roleArn);
  if (!roleParts) throw validationError('Request ARN is invalid');
  const role = directory.roleByArn(req.roleArn);

  // Transitive tags of the calling role session come along (sts.md §4.4, session tags).
  const inherited = callerSession?.kind === 'assumed-role' ? callerSession.transitiveTagKeys : [];
  const inheritedTags: Record<string, string> = {};
  for (const key of inherited) {
    const value = callerSession?.tags[key];
    if (value !== undefined) inheritedTags[key] = value;
  }
  const requestTags = req.tags ?? [];
  for (const tag of requestTags) {
    if (Object.keys(inheritedTags).some((k) => k.toLowerCase() === tag.key.toLowerCase())) {
      throw validationError(`The session tag ${tag.key} cannot be set because it is a transitive tag inherited from the calling session.`);
    }
  }

  // Source identity is set once and kept through chaining (sts.md §2).
  const inheritedSourceIdentity = callerSession?.sourceIdentity;
  if (inheritedSourceIdentity && req.sourceIdentity !== undefined && req.sourceIdentity !== inheritedSourceIdentity) {
    throw new BridgeError('ACCESS_DENIED', { message: 'The source identity of a role session cannot be changed.' });
  }
  const sourceIdentity = inheritedSourceIdentity ?? req.sourceIdentity;

  const mfa: MfaInfo | undefined = await checkMfa(services, caller, req.serialNumber, req.tokenCode, nowMs);

  const context: Record<string, ContextValue> = { ...(req.source.kind === 'federated' ? req.source.context : {}) };
  context['sts:RoleSessionName'] = req.roleSessionName;
  if (req.externalId !== undefined) context['sts:ExternalId'] = req.externalId;
  if (req.sourceIdentity !== undefined) context['sts:SourceIdentity'] = req.sourceIdentity;
  if (sourceIdentity !== undefined) context['aws:SourceIdentity'] = sourceIdentity;
  if (requestTags.length > 0) context['aws:TagKeys'] = requestTags.map((t) => t.key);
  for (const tag of requestTags) context[`aws:RequestTag/${tag.key}`] = tag.value;
  if ((req.transitiveTagKeys ?? []).length > 0) context['sts:TransitiveTagKeys'] = [...(req.transitiveTagKeys ?? [])];
  if (role) {
    // Transitive session tags override matching role tags before trust evaluation (sts.md §4.4).
    for (const [key, value] of Object.entries({ ...role.tags, ...inheritedTags })) context[`aws:ResourceTag/${key}`] = value;
  }
  if (mfa) {
    context['aws:MultiFactorAuthPresent'] = 'true';
    context['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((nowMs - mfa.authTime) / 1000)));
  }
  if (req.source.kind !== 'caller') {
    context['aws:CurrentTime'] = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    context['aws:EpochTime'] = String(Math.floor(nowMs / 1000));
    if (req.env.sourceIp) context['aws:SourceIp'] = req.env.sourceIp;
    if (req.env.userAgent) context['aws:UserAgent'] = req.env.userAgent;
  }

  const decide = (act: string): Decision => {
    if (!role) throw new TypeError('role required');
    if (caller) {
      return authorizer.authorize({
        caller,
        action: act,
        resource: role.arn,
        resourceAccount: role.account,
        resourcePolicy: role.trustPolicy,
        resourcePolicyRequired: true,
        env: req.env,
        context,
      });
    }
    return services.evaluateTrust(principalOf(req.source), act, role, context);
  };

  const notAuthorized = (act: string) =>
    caller
      ? `User: ${caller.arn} is not authorized to perform: ${act} on resource: ${req.roleArn}`
      : `Not authorized to perform ${act}`;

  if (caller?.kind === 'user' && caller.user.name === 'root') {
    throw new BridgeError('ACCESS_DENIED', { message: 'Roles may not be assumed by root accounts.' });
  }
  if (!role) {
    throw await deny(services, {
      message: notAuthorized(action),
      principal: principalOf(req.source),
      action,
      resource: req.roleArn,
      context,
      explanation: `No role ${req.roleArn} exists that this principal may assume.`,
    });
  }
  const checks: string[] = [action];
  const newTagsExist = requestTags.length > 0 || Object.keys(inheritedTags).length > 0;
  if (newTagsExist) checks.push('sts:TagSession');
  if (req.sourceIdentity !== undefined) checks.push('sts:SetSourceIdentity');
  for (const act of checks) {
    const decision = decide(act);
    if (!decision.allowed) {
      throw await deny(services, {
        message: notAuthorized(act),
        principal: principalOf(req.source),
        action: act,
        resource: role.arn,
        context: caller ? authorizer.contextOf({ caller, action: act, resource: role.arn, env: req.env, context }) : context,
        decision,
      });
    }
  }

  const chained = callerSession?.kind === 'assumed-role';
  if (req.durationSeconds !== undefined && req.durationSeconds > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  if (chained && req.durationSeconds !== undefined && req.durationSeconds > CHAINED_MAX_DURATION) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  const durationSeconds = req.durationSeconds ?? DEFAULT_DURATION;
  let expiresAt = nowMs + durationSeconds * 1000;
  if ((req.source.kind === 'federated' || req.source.kind === 'caller') && req.source.notAfterMs !== undefined) expiresAt = Math.min(expiresAt, req.source.notAfterMs);

  const allTags = [...Object.entries(inheritedTags).map(([key, value]) => ({ key, value })), ...requestTags];
  const passedPolicyOrTags = req.policy !== undefined || (req.policyArns ?? []).length > 0 || requestTags.length > 0;
  const packedPolicySize = passedPolicyOrTags ? packedPolicyPercent(req.policy, req.policyArns ?? [], requestTags) : undefined;
  if (packedPolicySize !== undefined) assertPackedSize(packedPolicySize, requestTags.length > 0);

  const arn = assumedRoleArn(role.account, role.name, req.roleSessionName);
  const assumedRoleId = `${role.uniqueId}:${req.roleSessionName}`;
  const tags: Record<string, string> = {};
  for (const tag of allTags) tags[tag.key] = tag.value;
  const transitiveTagKeys = [...new Set([...Object.keys(inheritedTags), ...(req.transitiveTagKeys ?? [])])];
  const federatedProvider =
    req.source.kind === 'federated' ? req.source.provider : callerSession?.federatedProvider;
  const federatedContext = req.source.kind === 'federated' ? req.source.persistentContext : callerSession?.federatedContext;
  const loginId = req.source.kind === 'caller' ? callerSession?.loginId : req.source.loginId;
  const origin = caller ? (callerSession?.origin ?? (caller.kind === 'user' ? caller.user.arn : caller.arn)) : undefined;

  const { session, credentials } = await services.minter.mint({
    kind: 'assumed-role',
    account: role.account,
    arn,
    userId: assumedRoleId,
    roleArn: role.arn,
    roleName: role.name,
    sessionName: req.roleSessionName,
    issuedAt: clock.now(),
    expiresAt,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    tags,
    transitiveTagKeys,
    ...(sessionPolicyRefs.length > 0 ? { sessionPolicies: sessionPolicyRefs } : {}),
    ...(mfa ? { mfa } : callerSession?.mfa ? { mfa: callerSession.mfa } : {}),
    chained,
    issuedBy: sourceArn(req.source),
    ...(origin ? { origin } : {}),
    ...(federatedProvider ? { federatedProvider } : {}),
    ...(federatedContext ? { federatedContext } : {}),
    ...(loginId ? { loginId } : {}),
  });
  await services.audit.record({
    type: 'credentials.issued',
    action,
    principal: sourceArn(req.source),
    role: role.arn,
    sessionArn: arn,
    accessKeyId: session.accessKeyId,
    ...(sourceIdentity ? { sourceIdentity } : {}),
    ...(req.env.sourceIp ? { sourceIp: req.env.sourceIp } : {}),
    result: 'success',
  });
  return {
    credentials,
    assumedRoleId,
    arn,
    ...(packedPolicySize !== undefined ? { packedPolicySize } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    session,
    role,
  };
}
