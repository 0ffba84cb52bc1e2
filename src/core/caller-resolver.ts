/**
 * @module core/caller-resolver — from an access key id (and session token) to a Caller and its signing secret.
 *
 * Errors follow AWS: unknown key or wrong/missing session token → InvalidClientTokenId; a
 * temporary credential past its expiry → ExpiredToken (sts.md §1.6).
 */
import { BridgeError } from '../errors.js';
import type { Caller } from './caller.js';
import { sha256Hex } from './credential-codec.js';
import { timingSafeEqual } from 'node:crypto';
import type { StsServices } from './services.js';
import type { Session } from './session.js';

export interface ResolvedCaller {
  readonly caller: Caller;
  readonly secretAccessKey: string;
}

export const REVOKED_MESSAGE = 'The security token included in the request has been revoked.';

const invalid = (detail: string) => new BridgeError('INVALID_CLIENT_TOKEN', { detail });

function sameDigest(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function resolveCaller(
  services: Pick<StsServices, 'directory' | 'resolver' | 'minter' | 'clock'>,
  accessKeyId: string,
  sessionToken: string | undefined,
): Promise<ResolvedCaller | null> {
  if (accessKeyId.startsWith('AKIA')) {
    const found = services.directory.userByAccessKey(accessKeyId);
    if (!found) return null;
    if (found.key.status !== 'Active') throw invalid('access key inactive');
    if (sessionToken !== undefined) throw invalid('session token sent with a long-term access key');
    return { caller: { kind: 'user', account: found.user.account, arn: found.user.arn, user: found.user }, secretAccessKey: found.key.secret };
  }
  if (!accessKeyId.startsWith('ASIA')) return null;
  const resolved = await services.resolver.find(accessKeyId);
  if (!resolved) return null;
  const { session, revocation } = resolved;
  if (sessionToken === undefined || !sameDigest(sha256Hex(sessionToken), session.tokenSha256)) {
    throw invalid('session token missing or does not match');
  }
  if (services.clock.now() >= session.expiresAt) {
    throw new BridgeError('EXPIRED_TOKEN', { detail: `session ${accessKeyId} expired` });
  }
  if (revocation.revoked) {
    throw new BridgeError('INVALID_CLIENT_TOKEN', { message: REVOKED_MESSAGE, detail: revocation.reason ?? 'revoked' });
  }
  const caller = callerOfSession(services.directory, session);
  if (!caller) throw invalid('the role or user of the session no longer exists');
  return { caller, secretAccessKey: services.minter.secretOf(session) };
}

/** The caller a stored session stands for, or undefined when its role or user no longer exists. */
export function callerOfSession(directory: Pick<StsServices['directory'], 'roleByArn' | 'userByArn'>, session: Session): Caller | undefined {
  if (session.kind === 'assumed-role') {
    const role = session.roleArn ? directory.roleByArn(session.roleArn) : undefined;
    return role ? { kind: 'assumed-role', account: session.account, arn: session.arn, role, session } : undefined;
  }
  const user = session.userArn ? directory.userByArn(session.userArn) : undefined;
  if (!user) return undefined;
  if (session.kind === 'federated-user') return { kind: 'federated-user', account: session.account, arn: session.arn, user, session };
  return { kind: 'user', account: user.account, arn: user.arn, user, session };
}
