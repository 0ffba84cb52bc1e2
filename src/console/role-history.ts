/**
 * @module console/role-history — recently used and pinned roles, per signed-in identity.
 *
 * Kept in the store under `console:roles:<sha256(provider, subject)>` for 90 days after the last
 * change, so they follow the person across sign-ins and gateway instances. Unlike AWS there is no
 * limit of five: the most recent 100 switches and up to 100 pins are kept (a bound, not a feature).
 * Updates are read-modify-write: two tabs switching at the same instant may lose one recent entry,
 * which is harmless for a convenience list.
 */
import { sha256Hex } from '../core/index.js';
import { consoleColor, type ConsoleColor, type ConsoleDeps, type ConsoleIdentity } from './session.js';

export interface RoleShortcut {
  readonly account: string;
  readonly roleName: string;
  readonly displayName?: string;
  readonly color?: ConsoleColor;
}

export interface RoleHistory {
  readonly recent: readonly RoleShortcut[];
  readonly pinned: readonly RoleShortcut[];
}

const LIMIT = 100;
const KEEP_MS = 90 * 24 * 60 * 60 * 1000;
const key = (identity: ConsoleIdentity) => `console:roles:${sha256Hex(`${identity.provider}\n${identity.subject}`)}`;
/** The same role (account as typed, role name); display name and color do not count. */
export const sameRole = (a: RoleShortcut, b: RoleShortcut): boolean => a.account === b.account && a.roleName === b.roleName;

function clean(list: unknown): RoleShortcut[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: Record<string, unknown>) => {
    if (typeof item?.['account'] !== 'string' || typeof item['roleName'] !== 'string') return [];
    const color = consoleColor(typeof item['color'] === 'string' ? item['color'] : undefined);
    const displayName = typeof item['displayName'] === 'string' ? item['displayName'] : undefined;
    return [{ account: item['account'], roleName: item['roleName'], ...(displayName ? { displayName } : {}), ...(color ? { color } : {}) }];
  });
}

export async function roleHistory(deps: ConsoleDeps, identity: ConsoleIdentity): Promise<RoleHistory> {
  const text = await deps.store.get(key(identity));
  if (text === null) return { recent: [], pinned: [] };
  const parsed = JSON.parse(text) as { recent?: unknown; pinned?: unknown };
  return { recent: clean(parsed.recent), pinned: clean(parsed.pinned) };
}

async function save(deps: ConsoleDeps, identity: ConsoleIdentity, history: RoleHistory): Promise<void> {
  await deps.store.set(key(identity), JSON.stringify(history), { expiresAtMs: deps.clock.now() + KEEP_MS });
}

/** Newest first; a role used again moves to the top with its latest display name and color. */
export async function rememberRecent(deps: ConsoleDeps, identity: ConsoleIdentity, role: RoleShortcut): Promise<void> {
  const history = await roleHistory(deps, identity);
  await save(deps, identity, { ...history, recent: [role, ...history.recent.filter((r) => !sameRole(r, role))].slice(0, LIMIT) });
}

export async function setPinned(deps: ConsoleDeps, identity: ConsoleIdentity, role: RoleShortcut, pinned: boolean): Promise<void> {
  const history = await roleHistory(deps, identity);
  const others = history.pinned.filter((r) => !sameRole(r, role));
  await save(deps, identity, { ...history, pinned: pinned ? [...others, role].slice(-LIMIT) : others });
}

/** The shareable link that opens the switch-role form filled in. */
export function switchRoleLink(role: RoleShortcut): string {
  const query = new URLSearchParams({ account: role.account, roleName: role.roleName });
  if (role.displayName) query.set('displayName', role.displayName);
  if (role.color) query.set('color', role.color);
  return `/switchrole?${query.toString()}`;
}
