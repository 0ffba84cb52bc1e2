/**
 * @module downstream/principal-view — what a downstream app learns about the caller (never a secret).
 */
import { callerUserId, principalTags, type Caller } from '../core/index.js';

export interface PrincipalView {
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
  readonly type: 'User' | 'AssumedRole' | 'FederatedUser';
  readonly roleArn?: string;
  readonly sessionName?: string;
  readonly sourceIdentity?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly issuedAt?: string;
  readonly expiresAt?: string;
  readonly mfa: boolean;
}

const TYPES = { user: 'User', 'assumed-role': 'AssumedRole', 'federated-user': 'FederatedUser' } as const;

export function principalView(caller: Caller): PrincipalView {
  const session = caller.session;
  return {
    arn: caller.arn,
    account: caller.account,
    userId: callerUserId(caller),
    type: TYPES[caller.kind],
    ...(caller.kind === 'assumed-role' ? { roleArn: caller.role.arn } : {}),
    ...(session ? { sessionName: session.sessionName, issuedAt: new Date(session.issuedAt).toISOString(), expiresAt: new Date(session.expiresAt).toISOString() } : {}),
    ...(session?.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {}),
    tags: principalTags(caller),
    mfa: !!session?.mfa,
  };
}
