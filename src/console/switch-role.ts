/**
 * @module console/switch-role — Switch role and Exit role: a real AssumeRole through the core.
 *
 * The switch calls the one assume-role use case with the console's current credentials as the
 * caller, so the trust decision, the credentials and the audit event are those of STS AssumeRole.
 * From an IAM user's console credential it is a first hop; from a role session it is role chaining
 * (1 hour at most, no MFA — the core's rules). The identity held before is pushed on the session's
 * stack; Exit role revokes the role's credentials and gives back exactly the previous frame.
 *
 * MFA: when the refusal is only about `aws:MultiFactorAuth*` (the role's trust policy demands MFA)
 * and the caller is an IAM user with a device, the outcome is `mfa-required` and the form asks for
 * a code, which is passed to AssumeRole as SerialNumber + TokenCode.
 */
import { assumeRole, type RequestEnvironment } from '../core/index.js';
import { BridgeError } from '../errors.js';
import type { Decision } from '../policy/index.js';
import { consoleCaller } from './caller.js';
import { rememberRecent, type RoleShortcut } from './role-history.js';
import { consoleColor, frameOf, revokeFrame, updateConsoleSession, type ConsoleDeps, type ConsoleFrame, type ConsoleSession } from './session.js';

export interface SwitchRoleForm {
  readonly account?: string;
  readonly roleName?: string;
  readonly displayName?: string;
  readonly color?: string;
  readonly mfaCode?: string;
}

export type SwitchRoleOutcome =
  | { readonly kind: 'switched'; readonly cookie: string; readonly session: ConsoleSession }
  | { readonly kind: 'mfa-required'; readonly roleArn: string };

const invalid = (message: string) => new BridgeError('VALIDATION', { message });
/** How deep switches may nest (each level is a live credential held by the console session). */
const MAX_STACK = 10;

/** The form's values, validated: a role shortcut (unknown colors are dropped). */
export function parseSwitchForm(deps: ConsoleDeps, form: SwitchRoleForm): RoleShortcut & { readonly accountId: string } {
  const account = (form.account ?? '').trim();
  const roleName = (form.roleName ?? '').trim();
  const displayName = (form.displayName ?? '').trim();
  if (!/^(\d{12}|[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?)$/.test(account)) throw invalid('Enter a 12-digit account id or an account alias.');
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw invalid('Enter a role name (letters, digits and +=,.@_- only, at most 64 characters).');
  if (displayName.length > 64 || /[\u0000-\u001f\u007f]/.test(displayName)) throw invalid('The display name must be at most 64 printable characters.');
  const accountId = /^\d{12}$/.test(account) ? account : deps.services.directory.account(account)?.id;
  if (!accountId) throw invalid(`No account has the alias ${account}.`);
  const color = consoleColor(form.color);
  return { account, accountId, roleName, ...(displayName ? { displayName } : {}), ...(color ? { color } : {}) };
}

/** True when a refusal is only about MFA (every failing condition of the closest statement is an MFA key). */
function onlyMfaMissing(decision: Decision | undefined): boolean {
  const miss = decision?.nearestMiss;
  if (!decision || decision.decision !== 'ImplicitDeny' || !miss || miss.mismatches.length === 0) return false;
  return miss.mismatches.every((m) => m.element === 'Condition' && /^aws:multifactorauth(present|age)$/i.test(m.key ?? ''));
}

export async function switchRole(
  deps: ConsoleDeps,
  input: { readonly cookieHeader: string | undefined; readonly session: ConsoleSession; readonly form: SwitchRoleForm; readonly env: RequestEnvironment },
): Promise<SwitchRoleOutcome> {
  const { session, env } = input;
  const { accountId, ...shortcut } = parseSwitchForm(deps, input.form);
  const mfaCode = input.form.mfaCode?.trim() ?? '';
  if (mfaCode !== '' && !/^\d{6}$/.test(mfaCode)) throw invalid('The MFA code is the six digits your device shows.');
  const caller = await consoleCaller(deps, session);
  const roleArn = deps.services.directory.roleByName(accountId, shortcut.roleName)?.arn ?? `arn:aws:iam::${accountId}:role/${shortcut.roleName}`;
  const device = caller.kind === 'user' ? caller.user.mfaDevices[0] : undefined;
  if (mfaCode !== '' && !device) throw invalid('Only an IAM user with an MFA device can give an MFA code; a role session (role chaining) carries no MFA.');
  if (session.previous.length >= MAX_STACK) throw invalid(`At most ${MAX_STACK} roles can be stacked; exit a role first.`);
  const roleSessionName = caller.kind === 'user' ? caller.user.name : session.sessionName;
  let result;
  try {
    result = await assumeRole(deps.services, {
      // Console role session = min(role maximum, remaining session switched from) (sts.md §7).
      source: { kind: 'caller', caller, notAfterMs: session.expiresAt },
      roleArn,
      roleSessionName,
      ...(mfaCode !== '' && device ? { serialNumber: device.serial, tokenCode: mfaCode } : {}),
      env,
    });
  } catch (error) {
    const decision = error instanceof BridgeError ? (error.extra?.['decision'] as Decision | undefined) : undefined;
    if (mfaCode === '' && device && error instanceof BridgeError && error.code === 'ACCESS_DENIED' && onlyMfaMissing(decision)) {
      return { kind: 'mfa-required', roleArn };
    }
    throw error;
  }
  const next = withFrame(session, frameOf(deps, result.session, shortcut), [...session.previous, frameOnly(session)]);
  // Lost a race with another change of this session: the role's fresh credentials are not kept.
  const cookie = await updateConsoleSession(deps, input.cookieHeader, next).catch(async (error: unknown) => {
    await revokeFrame(deps, next, 'console switch lost to a concurrent change');
    throw error;
  });
  await rememberRecent(deps, session.identity, shortcut);
  return { kind: 'switched', cookie, session: next };
}

/** The same sign-in (CSRF token, identity, login) acting as `frame`, with `previous` as its stack. */
function withFrame(session: ConsoleSession, frame: ConsoleFrame, previous: readonly ConsoleFrame[]): ConsoleSession {
  return { v: 2, csrf: session.csrf, identity: session.identity, ...(session.loginId ? { loginId: session.loginId } : {}), ...frame, previous };
}

/** The frame part of a session (what the stack keeps). */
function frameOnly(session: ConsoleSession): ConsoleFrame {
  const { v: _v, csrf: _csrf, identity: _identity, loginId: _loginId, previous: _previous, ...frame } = session;
  return frame;
}

/** Exit role: revokes the current role's credentials and restores the identity held before the switch. */
export async function exitRole(deps: ConsoleDeps, input: { readonly cookieHeader: string | undefined; readonly session: ConsoleSession }): Promise<{ cookie: string; session: ConsoleSession }> {
  const { session } = input;
  const back = session.previous.at(-1);
  if (!back) throw invalid('You are not in a switched role.');
  const next = withFrame(session, back, session.previous.slice(0, -1));
  const cookie = await updateConsoleSession(deps, input.cookieHeader, next);
  await revokeFrame(deps, session, 'exit role in the console');
  return { cookie, session: next };
}
