/**
 * @module core/user-sign-in — an IAM user's console sign-in: password, then the MFA code when the
 * user has a device; the result is a temporary credential of the user (like GetSessionToken) that
 * the console session holds and every console action is decided with.
 *
 * Every failure is the same LOGIN_FAILED (no hint which of account, user, password or code was
 * wrong); an unknown user costs the same password comparison as a known one. Passwords are
 * `passwordHash` (`scrypt$N$r$p$salt$hash`, base64) or, in the demo configuration, `password`.
 */
import { scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { BridgeError } from '../errors.js';
import type { Directory } from './directory.js';
import type { User } from './directory-types.js';
import { checkMfa } from './mfa-check.js';
import type { RequestEnvironment } from './request-context.js';
import type { IssuedCredentials, Session } from './session.js';
import type { StsServices } from './services.js';

/** AWS console sessions of IAM users last 12 hours. */
export const CONSOLE_USER_SESSION_SECONDS = 12 * 60 * 60;
export const SIGN_IN_FAILED_MESSAGE = 'Sign-in failed. Check the account, user name, password and MFA code, and try again.';

/** The one sign-in failure: the same public message whatever was wrong, the reason only in `detail`. */
export const signInFailed = (detail: string): BridgeError => new BridgeError('LOGIN_FAILED', { message: SIGN_IN_FAILED_MESSAGE, detail });

function scryptAsync(password: string, salt: Buffer, length: number, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** A configured passwordHash, so an unknown user or account costs the same scrypt as a known user. */
const decoys = new WeakMap<Directory, string | undefined>();
function decoyHash(directory: Directory): string | undefined {
  if (!decoys.has(directory)) decoys.set(directory, directory.accounts.flatMap((a) => directory.usersOf(a.id)).find((u) => u.passwordHash)?.passwordHash);
  return decoys.get(directory);
}

async function passwordMatches(user: User | undefined, password: string, decoy: string | undefined): Promise<boolean> {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  const hashed = user ? user.passwordHash : decoy;
  if (hashed) {
    const [, n, r, p, salt, hash] = hashed.split('$');
    const expected = Buffer.from(hash ?? '', 'base64');
    if (!n || !r || !p || !salt || expected.length === 0) return false;
    const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, Number(n), Number(r), Number(p));
    return timingSafeEqual(actual, expected) && user?.passwordHash !== undefined;
  }
  // Demo passwords: compare digests so the comparison takes the same time whatever the lengths.
  const same = timingSafeEqual(digest(user?.password ?? '\u0000no-password'), digest(password));
  return same && user?.password !== undefined;
}

/** Checks the password; the user itself, once it is right. Throws LOGIN_FAILED otherwise. */
export async function verifyUserPassword(services: Pick<StsServices, 'directory'>, account: string, userName: string, password: string): Promise<User> {
  if (account.length > 64 || userName.length > 64 || password.length > 256) throw signInFailed('input too long');
  const accountId = services.directory.account(account)?.id;
  const user = accountId ? services.directory.userByName(accountId, userName) : undefined;
  if (!(await passwordMatches(user, password, decoyHash(services.directory))) || !user) throw signInFailed(user ? `password check failed for ${user.arn}` : `no such user (account ${accountId ?? 'unknown'})`);
  return user;
}

/** Mints the user's console credential after the MFA check (when the user has a device). */
export async function startUserConsoleSession(
  services: StsServices,
  user: User,
  input: { readonly mfaCode?: string; readonly loginId: string; readonly env: RequestEnvironment },
): Promise<{ session: Session; credentials: IssuedCredentials }> {
  const device = user.mfaDevices[0];
  if (device) {
    if (input.mfaCode === undefined || !/^\d{6}$/.test(input.mfaCode)) throw signInFailed('MFA code missing or malformed');
    const caller = { kind: 'user', account: user.account, arn: user.arn, user } as const;
    await checkMfa(services, caller, device.serial, input.mfaCode, input.env.nowMs).catch((error: unknown) => {
      throw signInFailed(error instanceof BridgeError ? (error.detail ?? error.message) : String(error));
    });
  }
  // The sign-in MFA authenticates the person to the console; the credential does not carry it, so
  // a role whose trust policy demands MFA asks for a fresh code at the switch (a rolegate decision).
  const { session, credentials } = await services.minter.mint({
    kind: 'session-token',
    account: user.account,
    arn: user.arn,
    userId: user.uniqueId,
    userArn: user.arn,
    sessionName: user.name,
    issuedAt: services.clock.now(),
    expiresAt: input.env.nowMs + CONSOLE_USER_SESSION_SECONDS * 1000,
    tags: {},
    transitiveTagKeys: [],
    chained: false,
    issuedBy: user.arn,
    origin: user.arn,
    loginId: input.loginId,
  });
  await services.audit.record({
    type: 'console.signin',
    action: 'signin:ConsoleLogin',
    principal: user.arn,
    accessKeyId: session.accessKeyId,
    ...(input.env.sourceIp ? { sourceIp: input.env.sourceIp } : {}),
    ...(input.env.requestId ? { requestId: input.env.requestId } : {}),
    result: 'success',
  });
  return { session, credentials };
}
