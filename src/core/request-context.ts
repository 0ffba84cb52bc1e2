/**
 * @module core/request-context — condition-context keys for a caller (sts.md §4.4, global keys).
 */
import type { PrincipalContext, RequestContextValues } from '../policy/index.js';
import { principalTags, callerUserId, type Caller } from './caller.js';

export interface RequestEnvironment {
  readonly nowMs: number;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly secureTransport?: boolean;
  /** For audit events and logs. */
  readonly requestId?: string;
}

export function principalContextOf(caller: Caller): PrincipalContext {
  switch (caller.kind) {
    case 'user':
      return { kind: 'user', account: caller.account, arn: caller.user.arn };
    case 'assumed-role':
      return { kind: 'assumed-role', account: caller.account, arn: caller.arn, roleArn: caller.role.arn };
    case 'federated-user':
      return { kind: 'federated-user', account: caller.account, arn: caller.arn, userArn: caller.user.arn };
  }
}

const PRINCIPAL_TYPE = { user: 'User', 'assumed-role': 'AssumedRole', 'federated-user': 'FederatedUser' } as const;

/** Global condition keys describing the caller and the request environment. */
export function callerContext(caller: Caller, env: RequestEnvironment): Record<string, string | readonly string[]> {
  const values: Record<string, string | readonly string[]> = {
    'aws:CurrentTime': new Date(env.nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(env.nowMs / 1000)),
    'aws:PrincipalAccount': caller.account,
    'aws:PrincipalArn': caller.kind === 'assumed-role' ? caller.role.arn : caller.kind === 'user' ? caller.user.arn : caller.arn,
    'aws:PrincipalType': PRINCIPAL_TYPE[caller.kind],
    'aws:userid': callerUserId(caller),
    'aws:PrincipalIsAWSService': 'false',
    'aws:SecureTransport': env.secureTransport ? 'true' : 'false',
    'aws:ViaAWSService': 'false',
  };
  if (caller.kind === 'user') values['aws:username'] = caller.user.name;
  if (env.sourceIp) values['aws:SourceIp'] = env.sourceIp;
  if (env.userAgent) values['aws:UserAgent'] = env.userAgent;
  for (const [key, value] of Object.entries(principalTags(caller))) values[`aws:PrincipalTag/${key}`] = value;
  const session = caller.session;
  if (session) {
    // aws:MultiFactorAuthPresent and aws:TokenIssueTime exist only for temporary credentials.
    values['aws:TokenIssueTime'] = new Date(session.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    values['aws:MultiFactorAuthPresent'] = session.mfa ? 'true' : 'false';
    if (session.mfa) values['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((env.nowMs - session.mfa.authTime) / 1000)));
    if (session.sourceIdentity) values['aws:SourceIdentity'] = session.sourceIdentity;
    if (session.federatedProvider) values['aws:FederatedProvider'] = session.federatedProvider;
    for (const [key, value] of Object.entries(session.federatedContext ?? {})) values[key] = value;
  }
  return values;
}

export function mergeContext(...parts: ReadonlyArray<Record<string, string | readonly string[]>>): RequestContextValues {
  return Object.assign({}, ...parts) as RequestContextValues;
}
