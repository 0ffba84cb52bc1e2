/**
 * @module http/console-role-lists — the recently used and pinned roles as page models (links to the
 * prefilled switch-role form).
 */
import { roleHistory, sameRole, switchRoleLink, type ConsoleDeps, type ConsoleSession, type RoleShortcut } from '../console/index.js';

export interface RoleLinkView extends RoleShortcut {
  readonly link: string;
  readonly label: string;
  readonly pinned: boolean;
}

export async function roleListsModel(deps: ConsoleDeps, session: ConsoleSession): Promise<{ recent: RoleLinkView[]; pinned: RoleLinkView[] }> {
  const history = await roleHistory(deps, session.identity);
  const isPinned = (r: RoleShortcut) => history.pinned.some((p) => sameRole(p, r));
  const view = (r: RoleShortcut): RoleLinkView => ({
    ...r,
    link: switchRoleLink(r),
    label: r.displayName ? `${r.displayName} (${r.roleName} @ ${r.account})` : `${r.roleName} @ ${r.account}`,
    pinned: isPinned(r),
  });
  return { recent: history.recent.map(view), pinned: history.pinned.map(view) };
}
