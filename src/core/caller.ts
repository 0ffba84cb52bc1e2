/**
 * @module core/caller — the authenticated principal behind a request.
 */
import type { Role, User } from './directory-types.js';
import type { Session } from './session.js';

export type Caller =
  | { readonly kind: 'user'; readonly account: string; readonly arn: string; readonly user: User; readonly session?: Session }
  | { readonly kind: 'assumed-role'; readonly account: string; readonly arn: string; readonly role: Role; readonly session: Session }
  | { readonly kind: 'federated-user'; readonly account: string; readonly arn: string; readonly user: User; readonly session: Session };

/** The `UserId` GetCallerIdentity answers (sts.md §3.6). */
export function callerUserId(caller: Caller): string {
  return caller.kind === 'user' ? caller.user.uniqueId : caller.session.userId;
}

export function callerSession(caller: Caller): Session | undefined {
  return caller.session;
}

/** Tags visible as `aws:PrincipalTag/*`: user tags, or role tags overridden by session tags. */
export function principalTags(caller: Caller): Record<string, string> {
  switch (caller.kind) {
    case 'user':
      return { ...caller.user.tags };
    case 'assumed-role':
      return { ...caller.role.tags, ...caller.session.tags };
    case 'federated-user':
      return { ...caller.session.tags };
  }
}
