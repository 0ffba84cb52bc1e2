/**
 * @module console/picker — sign-in with one role, or a role picker when several are allowed.
 *
 * Any login flow (SAML today, OIDC next) builds one `RoleOption` per allowed role: a complete
 * assume-role request without its environment. One option → assume it and start the console
 * session. Several → the options are kept server-side for 5 minutes under a random handle (cookie
 * `rg_pick`, plus a CSRF token in the form), grouped by account on the picker page; the choice
 * consumes the state with GETDEL, so a picker can be used once.
 */
import { assumeRole, sha256Hex, type AssumeRoleRequest, type RequestEnvironment } from '../core/index.js';
import { BridgeError } from '../errors.js';
import { clearCookie, readCookie, setCookie } from './cookies.js';
import { randomToken, sameToken, startConsoleSession, type ConsoleDeps, type ConsoleIdentity, type ConsoleSession } from './session.js';

export const PICK_COOKIE = 'rg_pick';
const PICK_TTL_MS = 5 * 60 * 1000;

export interface RoleOption {
  readonly roleArn: string;
  /** The complete request, minus `env` (added when the role is chosen). */
  readonly request: Omit<AssumeRoleRequest, 'env'>;
}

export interface PickerState {
  readonly csrf: string;
  readonly identity: ConsoleIdentity;
  readonly loginId?: string;
  readonly returnTo: string;
  readonly options: readonly RoleOption[];
  /** The login was not asked for by this browser (IdP-initiated SAML): confirm before signing in. */
  readonly confirm?: boolean;
}

export interface SignInOutcome {
  /** `Set-Cookie` header values. */
  readonly cookies: readonly string[];
  readonly session?: ConsoleSession;
  /** Present when the user has to choose: the picker page model. */
  readonly picker?: PickerView;
  readonly returnTo: string;
}

export interface PickerView {
  readonly csrf: string;
  readonly identity: ConsoleIdentity;
  readonly confirm: boolean;
  readonly accounts: ReadonlyArray<{ id: string; alias?: string; roles: ReadonlyArray<{ arn: string; name: string }> }>;
}

const pickKey = (handle: string) => `console:pick:${sha256Hex(handle)}`;

async function assumeAndStart(deps: ConsoleDeps, option: RoleOption, identity: ConsoleIdentity, loginId: string | undefined, env: RequestEnvironment) {
  const result = await assumeRole(deps.services, { ...option.request, env });
  return startConsoleSession(deps, { session: result.session, identity, ...(loginId ? { loginId } : {}) });
}

function pickerView(deps: ConsoleDeps, state: PickerState): PickerView {
  const byAccount = new Map<string, Array<{ arn: string; name: string }>>();
  for (const option of state.options) {
    const [, account = '', , name = option.roleArn] = /^arn:aws:iam::(\d{12}):role\/(.*\/)?([^/]+)$/.exec(option.roleArn) ?? [];
    byAccount.set(account, [...(byAccount.get(account) ?? []), { arn: option.roleArn, name }]);
  }
  return {
    csrf: state.csrf,
    identity: state.identity,
    confirm: state.confirm === true,
    accounts: [...byAccount.entries()].map(([id, roles]) => {
      const alias = deps.services.directory.account(id)?.alias;
      return { id, ...(alias ? { alias } : {}), roles };
    }),
  };
}

/**
 * Signs in with the allowed roles: straight in with one, a picker with several. With `confirm`
 * (a login this browser did not start), even one role goes through the picker as a "continue as"
 * page, so a login CSRF cannot silently put a victim into the attacker's session (security.md §1.5).
 */
export async function signInWithRoles(
  deps: ConsoleDeps,
  input: {
    readonly options: readonly RoleOption[];
    readonly identity: ConsoleIdentity;
    readonly loginId?: string;
    readonly returnTo: string;
    readonly env: RequestEnvironment;
    readonly confirm?: boolean;
  },
): Promise<SignInOutcome> {
  if (input.options.length === 0) throw new BridgeError('SAML_NO_ROLE', { message: 'You are not allowed to use any role.' });
  if (input.options.length === 1 && input.confirm !== true) {
    const { cookie, session } = await assumeAndStart(deps, input.options[0]!, input.identity, input.loginId, input.env);
    return { cookies: [cookie], session, returnTo: input.returnTo };
  }
  const handle = randomToken(deps.random);
  const state: PickerState = {
    csrf: randomToken(deps.random),
    identity: input.identity,
    ...(input.loginId ? { loginId: input.loginId } : {}),
    returnTo: input.returnTo,
    options: input.options,
    ...(input.confirm === true ? { confirm: true } : {}),
  };
  await deps.store.set(pickKey(handle), JSON.stringify(state), { expiresAtMs: deps.clock.now() + PICK_TTL_MS, onlyIfAbsent: true });
  return {
    cookies: [setCookie(PICK_COOKIE, handle, { secure: deps.secureCookies, maxAgeSeconds: PICK_TTL_MS / 1000 })],
    picker: pickerView(deps, state),
    returnTo: input.returnTo,
  };
}

/** The picker page again (GET), without consuming the state. */
export async function showPicker(deps: ConsoleDeps, cookieHeader: string | undefined): Promise<PickerView | undefined> {
  const handle = readCookie(cookieHeader, PICK_COOKIE, deps.secureCookies);
  const text = handle ? await deps.store.get(pickKey(handle)) : null;
  return text === null ? undefined : pickerView(deps, JSON.parse(text) as PickerState);
}

/** The user's choice: consumes the picker state once, checks CSRF and that the role was offered. */
export async function pickRole(
  deps: ConsoleDeps,
  input: { readonly cookieHeader: string | undefined; readonly csrf: string | undefined; readonly roleArn: string | undefined; readonly env: RequestEnvironment },
): Promise<SignInOutcome> {
  const handle = readCookie(input.cookieHeader, PICK_COOKIE, deps.secureCookies);
  if (!handle) throw new BridgeError('SIGNIN_STATE_INVALID');
  const text = await deps.store.get(pickKey(handle));
  if (text === null) throw new BridgeError('SIGNIN_STATE_INVALID');
  const state = JSON.parse(text) as PickerState;
  if (!sameToken(state.csrf, input.csrf)) throw new BridgeError('CSRF_INVALID');
  const option = state.options.find((o) => o.roleArn === input.roleArn);
  if (!option) throw new BridgeError('SAML_NO_ROLE', { message: 'Choose one of the roles offered.' });
  if ((await deps.store.getDel(pickKey(handle))) === null) throw new BridgeError('SIGNIN_STATE_INVALID');
  const { cookie, session } = await assumeAndStart(deps, option, state.identity, state.loginId, input.env);
  return { cookies: [cookie, clearCookie(PICK_COOKIE, deps.secureCookies)], session, returnTo: state.returnTo };
}
