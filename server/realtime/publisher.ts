/**
 * Publishing: what each member is sent when a session changes. Each role's view is computed and
 * encoded once and broadcast to that role's room, as a patch against the view it last sent; a
 * member's own items go to that member alone, and only when one of them changed. A member the
 * facilitator removed is told and cut off before anything more reaches them. The caches this takes
 * (per session: the state last published; per session and role: what the last view was made of)
 * are this publisher's own state, dropped when the session is purged.
 */
import {
  type ItemView,
  itemView,
  projectBase,
  projectOwn,
  projectRole,
  type RolePatch,
  type SessionView,
  visibleToRole,
} from '../../shared/projection.js';
import type { ViewMessage } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import type { Item, SessionState } from '../../shared/state.js';
import type { LiveSession, MemberIdentity } from '../sessions/hub.js';
import type { GroupServer, GroupSocket } from './socketServer.js';

export const roomOf = (sessionId: string) => `session:${sessionId}`;
export const roleRoomOf = (sessionId: string, role: Role) => `session:${sessionId}:${role}`;
export const memberRoomOf = (sessionId: string, memberId: string) => `session:${sessionId}:member:${memberId}`;

export class Publisher {
  /** Per session: the state last published, to send 'own' only to members whose items changed. */
  private readonly lastPublished = new Map<string, SessionState>();
  /** Per session and role: what the last broadcast view was made of, to send only what changed. */
  private readonly roleViews = new Map<string, Map<Role, RoleViewCache>>();
  /** The last replacedItems answer: every role's patch and the 'own' messages of one change ask the same. */
  private lastReplaced: { from: SessionState['items']; to: SessionState['items']; ids: string[] } | null = null;

  constructor(
    private readonly io: GroupServer,
    private readonly clock: () => number,
  ) {}

  private message(live: LiveSession, view: SessionView): ViewMessage {
    return { seq: live.seq, serverNow: this.clock(), view };
  }

  /** A whole view, on connect and on resync: own items first, so the screen is complete when the view lands. */
  sendView(socket: GroupSocket, live: LiveSession): void {
    const { memberId, role } = socket.data.identity;
    socket.emit('own', { seq: live.seq, items: projectOwn(live.state, { memberId, role }) });
    socket.emit('view', this.message(live, projectRole(live.state, role)));
  }

  /** The session's newest committed state, to everyone in it. */
  publish(sessionId: string, live: LiveSession): void {
    const sockets = this.io.sockets.adapter.rooms.get(roomOf(sessionId));
    if (!sockets) return;
    const roles = new Set<Role>();
    const members = new Map<string, Role>();
    for (const socketId of sockets) {
      const socket = this.io.sockets.sockets.get(socketId);
      const identity: MemberIdentity | undefined = socket?.data.identity;
      if (!socket || !identity) continue;
      if (!live.state.members[identity.memberId]) {
        this.removed(socket, identity);
        continue;
      }
      roles.add(identity.role);
      members.set(identity.memberId, identity.role);
    }
    const caches = this.roleViews.get(sessionId) ?? new Map<Role, RoleViewCache>();
    this.roleViews.set(sessionId, caches);
    const replaced = this.replaced;
    for (const role of roles) {
      const previous = caches.get(role);
      const baseSeq = previous?.seq; // read first: diffRole updates the cache in place
      const { patch, cache } = diffRole(live.state, role, previous, live.seq, replaced);
      caches.set(role, cache);
      const room = this.io.to(roleRoomOf(sessionId, role));
      if (baseSeq !== undefined) room.emit('patch', { seq: live.seq, baseSeq, serverNow: this.clock(), patch });
      else room.emit('view', this.message(live, projectRole(live.state, role)));
    }

    // A member's own items go again only when one of them changed: those the machine replaced
    // since the last published state (the same list the role patches were made from).
    const before = this.lastPublished.get(sessionId);
    this.lastPublished.set(sessionId, live.state);
    const authors = new Set<string>();
    for (const id of replaced(before?.items ?? {}, live.state.items)) {
      const item = live.state.items[id] ?? before?.items[id];
      if (item) authors.add(item.authorId);
    }
    for (const memberId of authors) {
      const role = members.get(memberId);
      if (role)
        this.io.to(memberRoomOf(sessionId, memberId)).emit('own', {
          seq: live.seq,
          items: projectOwn(live.state, { memberId, role }),
        });
    }
  }

  /** Removed by the facilitator: told, and out of the rooms before anything more is sent. */
  private removed(socket: GroupSocket, identity: MemberIdentity): void {
    void socket.leave(roomOf(identity.sessionId));
    void socket.leave(roleRoomOf(identity.sessionId, identity.role));
    void socket.leave(memberRoomOf(identity.sessionId, identity.memberId));
    socket.emit('gone', { reason: 'removed' });
    setImmediate(() => socket.disconnect(true));
  }

  /** The session was purged: its members are told (after this tick, so the facilitator's answer goes first). */
  purged(sessionId: string): void {
    this.lastPublished.delete(sessionId);
    this.roleViews.delete(sessionId);
    this.io.to(roomOf(sessionId)).emit('gone', { reason: 'purged' });
    setImmediate(() => this.io.in(roomOf(sessionId)).disconnectSockets(true));
  }

  /** Another node serves the session now: its members reconnect, and the proxy sends them there. */
  moved(sessionId: string): void {
    this.lastPublished.delete(sessionId);
    this.roleViews.delete(sessionId);
    this.io.in(roomOf(sessionId)).disconnectSockets(true);
  }

  private readonly replaced = (from: SessionState['items'], to: SessionState['items']): string[] => {
    const last = this.lastReplaced;
    if (last?.from === from && last.to === to) return last.ids;
    const ids = replacedItems(from, to);
    this.lastReplaced = { from, to, ids };
    return ids;
  };
}

/**
 * Incremental role views. The server remembers, per session and role, which state item each item
 * view came from; the machine replaces an item object whenever it changes, so an unchanged
 * reference means an unchanged view. A patch carries only the items that changed or went, and the
 * rest of the view (stage, timers, members, notes) only when some of it changed, which keeps busy
 * sessions' messages small as the item list grows.
 */
export interface RoleViewCache {
  /** The seq of the last patch made from it: a patch's baseSeq. */
  seq: number;
  /** The state it was last brought up to date with. */
  state: SessionState;
  /** Each visible item's state object its last sent view was made from (the view itself is not kept: it was sent). */
  items: Map<string, Item>;
  /** The view without items, as last sent, encoded: a patch carries it again only when it differs. */
  baseJson: string;
}

export function diffRole(
  state: SessionState,
  role: Role,
  previous: RoleViewCache | undefined,
  seq: number,
  replaced: (from: SessionState['items'], to: SessionState['items']) => string[] = replacedItems,
): { patch: RolePatch; cache: RoleViewCache } {
  const base = projectBase(state, role);
  const before = previous?.state;
  // Which items can have a different view: those the machine replaced, unless something every item
  // view depends on changed too (attribution, names, what was handed over), when it is all of them.
  const onlyReplaced =
    before !== undefined &&
    before.settings.attribution === state.settings.attribution &&
    before.members === state.members &&
    before.handedOver === state.handedOver;
  // Compared as JSON, so that any field of the base is caught, whatever the machine changed.
  const baseJson = JSON.stringify(base);
  const baseChanged = previous?.baseJson !== baseJson;
  // The cache is updated in place: a busy server makes one patch per role per change, and
  // rebuilding a map of every item each time was most of what it allocated.
  const cache: RoleViewCache =
    previous && previous.state.settings.attribution === state.settings.attribution
      ? previous
      : { seq, state, items: new Map(), baseJson };
  const upserts: ItemView[] = [];
  const removes: string[] = [];
  const visit = (id: string) => {
    const item = state.items[id];
    if (item && visibleToRole(item, role, state)) {
      if (cache.items.get(id) === item) return;
      cache.items.set(id, item);
      upserts.push(itemView(item, role, state, false));
    } else if (cache.items.delete(id)) {
      removes.push(id);
    }
  };
  if (onlyReplaced) {
    for (const id of replaced(before.items, state.items)) visit(id);
  } else {
    for (const id in state.items) visit(id);
    for (const id of [...cache.items.keys()]) if (!(id in state.items)) visit(id);
    if (previous && previous !== cache)
      for (const id of previous.items.keys()) if (!cache.items.has(id)) removes.push(id);
  }
  cache.seq = seq;
  cache.state = state;
  cache.baseJson = baseJson;
  return { patch: { ...(baseChanged ? { base } : {}), upserts, removes }, cache };
}

/**
 * Ids of items added, replaced or gone between two item maps (the machine replaces an item object
 * whenever it changes).
 */
function replacedItems(from: SessionState['items'], to: SessionState['items']): string[] {
  if (from === to) return [];
  const ids: string[] = [];
  for (const id in to) if (from[id] !== to[id]) ids.push(id);
  for (const id in from) if (!(id in to)) ids.push(id);
  return ids;
}
