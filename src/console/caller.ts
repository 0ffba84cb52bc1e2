/**
 * @module console/caller — the core `Caller` behind a console session, for policy decisions.
 *
 * Console pages act with exactly the permissions of the session's current credentials: the same
 * principal, role or user policies, session policies and tags the STS API would see.
 */
import { BridgeError } from '../errors.js';
import { callerOfSession, type Caller } from '../core/index.js';
import type { ConsoleDeps, ConsoleFrame } from './session.js';

export async function consoleCaller(deps: ConsoleDeps, frame: ConsoleFrame): Promise<Caller> {
  const resolved = await deps.services.resolver.find(frame.accessKeyId);
  if (!resolved || resolved.revocation.revoked || resolved.session.expiresAt <= deps.clock.now()) {
    throw new BridgeError('CONSOLE_SESSION_REQUIRED');
  }
  const caller = callerOfSession(deps.services.directory, resolved.session);
  if (!caller) throw new BridgeError('CONSOLE_SESSION_REQUIRED', { detail: 'the role or user of the console session no longer exists' });
  return caller;
}
