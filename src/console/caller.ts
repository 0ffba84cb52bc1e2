/**
 * @module console/caller — the core `Caller` behind a console session, for policy decisions.
 *
 * Console pages act with exactly the permissions of the session's credentials: the same
 * principal, role policies, session policies and tags the STS API would see.
 */
import { BridgeError } from '../errors.js';
import type { Caller } from '../core/index.js';
import type { ConsoleDeps, ConsoleSession } from './session.js';

export async function consoleCaller(deps: ConsoleDeps, session: ConsoleSession): Promise<Caller> {
  const resolved = await deps.services.resolver.find(session.accessKeyId);
  if (!resolved || resolved.revocation.revoked || resolved.session.expiresAt <= deps.clock.now()) {
    throw new BridgeError('CONSOLE_SESSION_REQUIRED');
  }
  const role = resolved.session.roleArn ? deps.services.directory.roleByArn(resolved.session.roleArn) : undefined;
  if (!role) throw new BridgeError('CONSOLE_SESSION_REQUIRED', { detail: 'the role of the console session no longer exists' });
  return { kind: 'assumed-role', account: resolved.session.account, arn: resolved.session.arn, role, session: resolved.session };
}
