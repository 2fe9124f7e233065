/**
 * The room's big views start downloading as soon as the session page opens, alongside the
 * connection instead of after it: the console and the projector need the board (tldraw is most of
 * the app's code), so waiting for the first view and then for each chunk in turn costs seconds on
 * a slow network. Phones never fetch it.
 */
import type { Role } from '../../../shared/roles.js';

const ROOM_VIEWS: Partial<Record<Role, () => Promise<unknown>>> = {
  facilitator: () => import('../cockpit/Cockpit.js'),
  advisor: () => import('../cockpit/Cockpit.js'),
  screen: () => import('../panels/ScreenPanel.js'),
  caseworker: () => import('../panels/CaseworkerPanel.js'),
};

const started = new Set<Role>();

export function prefetchRoomViews(role: Role | null | undefined): void {
  const view = role ? ROOM_VIEWS[role] : undefined;
  if (!role || !view || started.has(role)) return;
  started.add(role);
  // A failed prefetch costs nothing: the view's own import tries again when it renders.
  void view().catch(() => undefined);
  void import('../board/Board.js').catch(() => undefined);
}
