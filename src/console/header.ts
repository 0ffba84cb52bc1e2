/**
 * @module console/header — what the header of every signed-in page shows.
 *
 * Identity: an IAM user as `alice @ development`; a role session by the display name chosen at the
 * switch, else `RoleName/sessionName`. Account as `alias (id)`. Time left in the current session.
 * When in a switched role: who you were at the start (the way back is Exit role).
 */
import type { ConsoleFrame, ConsoleSession } from './session.js';

export interface HeaderView {
  readonly identity: string;
  readonly account: string;
  readonly timeLeft: string;
  readonly csrf: string;
  /** Present when in a switched role: the identity at the bottom of the stack. */
  readonly originalIdentity?: string;
  readonly color?: string;
}

export function frameLabel(frame: ConsoleFrame): string {
  if (frame.kind === 'user') return `${frame.userName ?? frame.sessionName} @ ${frame.accountAlias ?? frame.account}`;
  return frame.displayName ?? `${frame.roleName ?? frame.arn}/${frame.sessionName}`;
}

export function accountLabel(frame: Pick<ConsoleFrame, 'account' | 'accountAlias'>): string {
  return frame.accountAlias ? `${frame.accountAlias} (${frame.account})` : frame.account;
}

export function timeLeft(expiresAt: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((expiresAt - nowMs) / 60_000));
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min left` : `${minutes} min left`;
}

export function headerView(session: ConsoleSession, nowMs: number): HeaderView {
  const original = session.previous[0];
  return {
    identity: frameLabel(session),
    account: accountLabel(session),
    timeLeft: timeLeft(session.expiresAt, nowMs),
    csrf: session.csrf,
    ...(original ? { originalIdentity: frameLabel(original) } : {}),
    ...(session.color ? { color: session.color } : {}),
  };
}
