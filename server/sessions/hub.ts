/**
 * The registry of live sessions, held in memory and kept in step with the store, and the one path
 * every change takes (after tldraw's sync-core and Parabol's mutations):
 *
 *   1. validate   the message against the zod schema (nothing unparsed goes further)
 *   2. dedupe     a command id this actor already sent is acknowledged again, not re-applied
 *   3. resolve    through the pure machine, which also authorizes by role and state
 *   4. persist    append to the log (and snapshot) in one transaction (groupCommit.ts)
 *   5. publish + ack  only once it is on disk are members sent it (publisher.ts) and the sender
 *                 acknowledged; a refused write is neither
 *
 * Resolution is synchronous per message, so two commands for one session never interleave.
 * Who may come in (create, join, tokens, invitations) is access.ts; purge and retention are here.
 *
 * The hub holds two states per session: the newest (what the next command is resolved against)
 * and the durable one (the newest on disk). Everything outside sees only the durable one.
 */
import { type AnyCommand, ClientCommand } from '../../shared/commands.js';
import { applyCommand, joinsAfterEnd } from '../../shared/machine/index.js';
import type { CommandAck } from '../../shared/protocol.js';
import { DAY_MS, deletionTime } from '../../shared/record.js';
import type { Actor, Role } from '../../shared/roles.js';
import { hasForbiddenKey } from '../../shared/safeInput.js';
import type { SessionState } from '../../shared/state.js';
import { DEFAULT_SESSION_QUOTA_MB } from '../config.js';
import type { Logger } from '../log.js';
import type { AuditEntry } from '../store/schema.js';
import type { Credential, DamagedSession } from '../store/sqliteStore.js';
import type { LoadedSession, SessionStore } from '../store/store.js';
import { FencedError, StoreFullError } from '../store/storeFull.js';
import { type AccessRegistry, SessionAccess } from './access.js';
import { GroupCommit, type Pending } from './groupCommit.js';
import {
  type Committed,
  type LiveSession,
  type MemberIdentity,
  MOVED_MESSAGE,
  refused,
  STORE_FULL,
  storing,
  zodIssues,
} from './model.js';

export type { CreatedSession } from './access.js';
export type { HubResult, LiveSession, MemberIdentity } from './model.js';

type ChangeListener = (sessionId: string, session: LiveSession) => void;
type PurgeListener = (sessionId: string) => void;

export class SessionHub implements AccessRegistry {
  /** The newest state of each session: commands are resolved against it. */
  private readonly sessions = new Map<string, LiveSession>();
  /** Sessions whose stored rows could not be read at start: quarantined, reported by /healthz. */
  readonly damaged = new Set<string>();
  /** The newest state on disk: what members are shown. */
  private readonly durable = new Map<string, LiveSession>();
  private readonly changeListeners: ChangeListener[] = [];
  private readonly purgeListeners: PurgeListener[] = [];
  private readonly groupCommit: GroupCommit;
  /** Creating, joining, tokens and invitations (access.ts). */
  readonly access: SessionAccess;
  /** Claims under way (a shared store): concurrent asks for one session wait for the same. */
  private readonly claims = new Map<string, Promise<LiveSession | 'elsewhere' | undefined>>();
  private readonly dropListeners: Array<(sessionIds: string[]) => void> = [];
  /** Sessions whose purge is waiting for the writes queued before it: they take no command. */
  private readonly leaving = new Map<string, 'purge' | 'handover'>();
  /** What must be written before a session is handed to another node (its board). */
  private readonly releaseHooks: Array<(sessionId: string) => Promise<void>> = [];
  /** When this node last asked for each session held elsewhere, so a burst of requests asks once. */
  private readonly handoversAsked = new Map<string, number>();
  /** Per session: what a retried member command is recognised by (see SessionRetries). */
  private readonly retries = new Map<string, SessionRetries>();

  private readonly clock: () => number;
  /** Days a new session is kept after it ends; also the period of sessions stored before retention was data. */
  private readonly retentionDays: number;
  /** Bytes of commands one session may log (GROUPMAP_SESSION_QUOTA_MB). */
  private readonly quotaBytes: number;

  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
    options: { clock?: (() => number) | undefined; retentionDays: number; sessionQuotaMb?: number | undefined },
  ) {
    this.clock = options.clock ?? Date.now;
    this.retentionDays = options.retentionDays;
    this.quotaBytes = (options.sessionQuotaMb ?? DEFAULT_SESSION_QUOTA_MB) * 1024 * 1024;
    this.groupCommit = new GroupCommit(store, log, {
      committed: (batch) => this.committed(batch),
      refused: (batch) => this.refusedForSpace(batch),
      fenced: (sessionIds) => this.drop(sessionIds),
    });
    store.ownership?.onLost((sessionIds) => this.drop(sessionIds));
    store.ownership?.onHandover((sessionId) => void this.release(sessionId));
    this.access = new SessionAccess(store, log, this, { clock: this.clock, retentionDays: this.retentionDays });
  }

  /**
   * Holds a session just created (and stored) by access.ts. With a shared store it is released
   * at once instead: the proxy sends its members to whichever node their session id hashes to,
   * and that node claims it.
   */
  register(state: SessionState, now: number): Promise<void> | undefined {
    // Released before the creator hears of it, so the node its first request reaches can claim it at once.
    if (this.store.ownership) return this.store.ownership.release(state.id);
    const live = { state, seq: 0, updatedAt: now, logBytes: 0 };
    this.sessions.set(state.id, live);
    this.durable.set(state.id, live);
    this.retries.set(state.id, { inFlight: new Map(), logged: new Map() });
  }

  /** What the start's check of the store files found (PRAGMA quick_check); 'unchecked' until it ran. */
  integrity: 'unchecked' | 'ok' | 'damaged' = 'unchecked';

  /** Why health is degraded, if it is: the store refusing writes for want of space, or damaged files. Reads go on. */
  get degraded(): 'store-full' | 'store-damaged' | null {
    if (this.store.diskFull) return 'store-full';
    return this.integrity === 'damaged' ? 'store-damaged' : null;
  }

  onChange(listener: ChangeListener): void {
    this.changeListeners.push(listener);
  }

  onPurge(listener: PurgeListener): void {
    this.purgeListeners.push(listener);
  }

  /** The session as it is on disk (a command waiting for its commit is not in it yet). */
  get(sessionId: string): LiveSession | undefined {
    return this.durable.get(sessionId);
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Loads every stored session, when the store is this process's alone (SQLite). A shared store's
   * sessions come in one at a time instead, claimed when first asked for (open).
   */
  async restore(): Promise<number> {
    if (!this.store.loadAll) return 0;
    for await (const stored of this.store.loadAll()) this.adopt(stored);
    return this.sessions.size;
  }

  /**
   * The session, in memory: held already, or (with a shared store) claimed for this node and
   * loaded now. 'elsewhere' while another node holds it; undefined if there is none (or it is
   * damaged). Concurrent asks for one session share one claim.
   */
  open(sessionId: string): Promise<LiveSession | 'elsewhere' | undefined> | LiveSession | undefined {
    const live = this.sessions.get(sessionId);
    if (live || !this.store.ownership || this.damaged.has(sessionId)) return live;
    let claim = this.claims.get(sessionId);
    if (!claim) {
      const ownership = this.store.ownership;
      claim = ownership
        .claim(sessionId)
        .then((stored) => {
          if (stored === 'elsewhere') this.askForHandover(sessionId);
          if (stored === null || stored === 'elsewhere') return stored ?? undefined;
          this.adopt(stored);
          return this.sessions.get(sessionId);
        })
        .finally(() => this.claims.delete(sessionId));
      this.claims.set(sessionId, claim);
    }
    return claim;
  }

  /**
   * Forgets sessions this node no longer holds (its lock connection failed, or a write was
   * fenced): nothing more is taken or sent for them here, and their members are told to
   * reconnect, which the proxy sends to the node that serves them now.
   */
  drop(sessionIds: string[], reason: 'lost' | 'handover' = 'lost'): void {
    const dropped = sessionIds.filter((id) => this.sessions.delete(id));
    for (const id of dropped) {
      this.durable.delete(id);
      this.retries.delete(id);
    }
    if (dropped.length === 0) return;
    // Queued but not yet written: never to be written here, even if this node claims the session again.
    this.groupCommit.discard(new Set(dropped));
    if (reason === 'handover') this.log.info('session.handed.over', { sessionId: dropped[0] });
    else this.log.warn('sessions.dropped', { count: dropped.length });
    for (const listener of this.dropListeners) listener(dropped);
  }

  /** A hook run before a session is handed over, to write what is not yet written (the board). */
  beforeRelease(hook: (sessionId: string) => Promise<void>): void {
    this.releaseHooks.push(hook);
  }

  /**
   * Hands the session to another node: nothing more is taken, what was accepted is written, the
   * board is saved, and only then is the claim released and its members sent on (they reconnect,
   * and the proxy sends them to the node that asked).
   */
  async release(sessionId: string): Promise<void> {
    const ownership = this.store.ownership;
    if (!ownership || !this.sessions.has(sessionId) || this.leaving.has(sessionId)) return;
    this.leaving.set(sessionId, 'handover');
    try {
      await this.groupCommit.flush();
      for (const hook of this.releaseHooks) await hook(sessionId);
    } finally {
      this.leaving.delete(sessionId);
    }
    this.drop([sessionId], 'handover');
    await ownership.release(sessionId);
  }

  /**
   * With a shared store: lets go of sessions nobody is using (no member connected, no board open,
   * no change for `idleMs`), so a node holds only what is live and a session nobody has open can
   * be claimed by whichever node its members reach next. Resolves to how many went.
   */
  async unloadIdle(inUse: (sessionId: string) => boolean, idleMs: number): Promise<number> {
    if (!this.store.ownership) return 0;
    const now = this.clock();
    const idle = [...this.durable]
      .filter(([id, live]) => now - live.updatedAt >= idleMs && !inUse(id) && !this.leaving.has(id))
      .map(([id]) => id);
    for (const id of idle) await this.release(id);
    return idle.length;
  }

  /** The proxy sent a request here for a session another node holds: ask that node to hand it over. */
  private askForHandover(sessionId: string): void {
    const now = this.clock();
    if (now - (this.handoversAsked.get(sessionId) ?? 0) < 2000) return;
    this.handoversAsked.set(sessionId, now);
    if (this.handoversAsked.size > 1000) this.handoversAsked.clear();
    void this.store.ownership?.requestHandover(sessionId).catch(() => {});
  }

  onDrop(listener: (sessionIds: string[]) => void): void {
    this.dropListeners.push(listener);
  }

  /** A stored session, replayed into memory: its snapshot, then the logged commands after it. */
  private adopt(stored: LoadedSession | DamagedSession): void {
    {
      if ('damaged' in stored) {
        // Loud, and contained: this session is not served (nor purged: an operator may recover it).
        this.damaged.add(stored.id);
        this.log.error('session.damaged', { sessionId: stored.id, error: stored.damaged });
        return;
      }
      let state = stored.snapshot;
      for (const entry of stored.tail) {
        const actor: Actor =
          entry.actorId === null
            ? { kind: 'system' }
            : { kind: 'member', memberId: entry.actorId, role: entry.actorRole! };
        const result = applyCommand(state, entry.command, actor, entry.at);
        if (result.ok) state = result.state;
        else this.log.error('replay.refused', { sessionId: stored.id, seq: entry.seq, code: result.error.code });
      }
      const live = { state, seq: stored.seq, updatedAt: stored.updatedAt, logBytes: stored.logBytes };
      this.sessions.set(stored.id, live);
      this.durable.set(stored.id, live);
      this.retries.set(stored.id, {
        inFlight: new Map(),
        logged: new Map(stored.logged.map(([actorId, commandId, seq]) => [retryKey(actorId, commandId), seq])),
      });
    }
  }

  /** A command from a connected member: the whole path from raw message to publish. */
  async execute(identity: MemberIdentity, raw: unknown): Promise<CommandAck> {
    if (hasForbiddenKey(raw))
      return {
        ok: false,
        error: { code: 'INVALID', message: 'the command has a forbidden key (__proto__, constructor or prototype)' },
      };
    const parsed = ClientCommand.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID', message: 'the command is not valid', issues: zodIssues(parsed.error) },
      };
    }
    const actor: Actor = { kind: 'member', memberId: identity.memberId, role: identity.role };
    const result = await this.commit(identity.sessionId, actor, parsed.data);
    if (!result.ok) return { ok: false, error: result.error };
    return { ok: true, seq: result.value.seq, duplicate: result.value.duplicate };
  }

  /**
   * Resolve, then persist with group commit: the new state is live at once (the next command sees
   * it), but the acknowledgement waits until the batch this command joined is on disk. Commands
   * arriving in the same turn of the event loop share one transaction and one fsync, committed
   * just after that turn's I/O (setImmediate), and each session is published once per batch with
   * its newest state.
   */
  commit(
    sessionId: string,
    actor: Actor,
    command: AnyCommand,
    extras: { credential?: { hash: string } & Credential; audit?: AuditEntry } = {},
  ): Promise<Committed> {
    const live = this.sessions.get(sessionId);
    if (!live) return Promise.resolve(refused('NOT_FOUND', 'no such session'));
    const leaving = this.leaving.get(sessionId);
    if (leaving === 'purge') return Promise.resolve(refused('GONE', 'This session is being deleted.'));
    if (leaving === 'handover') return Promise.resolve(refused('MOVED', MOVED_MESSAGE));
    const actorId = actor.kind === 'member' ? actor.memberId : null;
    const key = actorId === null ? null : retryKey(actorId, command.id);
    const retries = this.retries.get(sessionId)!;
    const inFlight = key === null ? undefined : retries.inFlight.get(key);
    if (inFlight) return inFlight.then((r) => (r.ok ? { ok: true, value: { seq: r.value.seq, duplicate: true } } : r));
    const loggedSeq = key === null ? undefined : retries.logged.get(key);
    if (loggedSeq !== undefined) return Promise.resolve({ ok: true, value: { seq: loggedSeq, duplicate: true } });

    const now = this.clock();
    const result = applyCommand(live.state, command, actor, now);
    if (!result.ok) return Promise.resolve({ ok: false, error: result.error });
    if (!result.changed) return Promise.resolve({ ok: true, value: { seq: live.seq, duplicate: true } });
    if (result.state.status === 'purged') {
      return this.purge(sessionId, actor.kind === 'member' ? actor : null, 'facilitator').then(
        () => ({ ok: true, value: { seq: live.seq + 1, duplicate: false } }),
        (err) => {
          if (err instanceof StoreFullError) return refused('UNAVAILABLE', STORE_FULL);
          if (err instanceof FencedError) return refused('MOVED', MOVED_MESSAGE);
          throw err;
        },
      );
    }
    // Encoded once: the quota counts these bytes and the log stores them.
    const body = JSON.stringify(command);
    const bytes = Buffer.byteLength(body);
    if (
      !closesTheSession(command) &&
      live.logBytes + bytes > this.quotaBytes * (QUOTA_RESERVED_FOR.has(actorRole(actor)) ? 1.25 : 1)
    )
      return Promise.resolve(
        refused(
          'QUOTA',
          'This session has used all the space the server allows one session, so nothing more can be added. The facilitator can still end it and finish the record.',
        ),
      );

    const seq = live.seq + 1;
    const next = { state: result.state, seq, updatedAt: now, logBytes: live.logBytes + bytes };
    this.sessions.set(sessionId, next);
    const audited = auditDetail(command, live.state, result.state);
    const audit: AuditEntry | undefined =
      extras.audit ??
      (audited !== undefined && actor.kind === 'member'
        ? { sessionId, at: now, event: command.type, role: actor.role, memberId: actor.memberId, detail: audited }
        : undefined);
    const promise = this.groupCommit.add({
      entry: {
        sessionId,
        seq,
        commandId: command.id,
        actorId,
        actorRole: actor.kind === 'member' ? actor.role : null,
        at: now,
        command,
        body,
        stateAfter: result.state,
        forceSnapshot: result.state.status !== live.state.status,
        ...(extras.credential ? { credential: extras.credential } : {}),
        // A removed member's token dies with the command that removed them, in its transaction.
        ...(command.type === 'member.remove' ? { revokeMember: command.memberId } : {}),
        ...(audit ? { audit } : {}),
        deletesAt: this.deletionTime(next),
      },
      key,
      logBytes: live.logBytes + bytes,
    });
    if (key !== null) retries.inFlight.set(key, promise);
    return promise;
  }

  /** A batch is on disk: retries will find it, the durable state moves, and members are sent it. */
  private committed(batch: Pending[]): void {
    const newest = new Map<string, LiveSession>();
    for (const b of batch) {
      const retries = this.retries.get(b.entry.sessionId);
      if (b.key !== null && retries) {
        retries.logged.set(b.key, b.entry.seq);
        retries.inFlight.delete(b.key);
      }
      newest.set(b.entry.sessionId, {
        state: b.entry.stateAfter,
        seq: b.entry.seq,
        updatedAt: b.entry.at,
        logBytes: b.logBytes,
      });
    }
    for (const [sessionId, live] of newest) {
      if (!this.sessions.has(sessionId)) continue; // purged meanwhile
      this.durable.set(sessionId, live);
      for (const listener of this.changeListeners) listener(sessionId, live);
    }
  }

  /**
   * The disk is full: nothing of the batch was written. Each of its sessions goes back to its
   * state on disk (a later command is resolved against what is stored), and the server stays up,
   * serving what it has; each command is answered UNAVAILABLE (a phone keeps it in its outbox).
   */
  private refusedForSpace(batch: Pending[]): void {
    for (const b of batch) {
      const durable = this.durable.get(b.entry.sessionId);
      if (durable) this.sessions.set(b.entry.sessionId, durable);
      if (b.key !== null) this.retries.get(b.entry.sessionId)?.inFlight.delete(b.key);
    }
  }

  /**
   * Deletes every trace of a session (the audit trail keeps that it happened, and why). The
   * session stops taking commands and being shown at once; its rows go after every write queued
   * before, and only then are its members told.
   */
  private async purge(
    sessionId: string,
    by: { role: Role; memberId: string } | null,
    reason: 'facilitator' | 'retention',
  ): Promise<void> {
    // No command is taken from here on; what was accepted before is written first, so the purge
    // deletes it too, and the session is put back exactly as stored if the purge is refused.
    this.leaving.set(sessionId, 'purge');
    try {
      await this.groupCommit.flush();
    } finally {
      this.leaving.delete(sessionId);
    }
    const kept = [this.sessions.get(sessionId), this.durable.get(sessionId), this.retries.get(sessionId)] as const;
    this.sessions.delete(sessionId);
    this.durable.delete(sessionId);
    this.retries.delete(sessionId);
    let purged: { complete: boolean };
    try {
      const now = this.clock();
      purged = await this.store.purgeSession(sessionId, now, {
        sessionId,
        at: now,
        event: 'session.purged',
        role: by?.role ?? null,
        memberId: by?.memberId ?? null,
        detail: reason,
      });
    } catch (err) {
      // Another node holds the session now (this one was deposed): it is theirs to serve, or to delete.
      if (err instanceof FencedError) for (const listener of this.dropListeners) listener([sessionId]);
      // Nothing was deleted (the disk is full): the session is served again until the purge can run.
      if (err instanceof StoreFullError && kept[0] && kept[1] && kept[2]) {
        this.sessions.set(sessionId, kept[0]);
        this.durable.set(sessionId, kept[1]);
        this.retries.set(sessionId, kept[2]);
      }
      throw err;
    }
    if (!purged.complete) this.log.error('purge.unfinished', { sessionId, reason: 'store-full' });
    this.log.info('session.purged', { sessionId, reason });
    for (const listener of this.purgeListeners) listener(sessionId);
  }

  /** When a session will be deleted (REC-7). */
  deletionTime(live: LiveSession): number {
    const retention = live.state.retention ?? { days: this.retentionDays, until: null, extensions: [] };
    return deletionTime(retention, live.state, live.updatedAt);
  }

  /** Purges every session past its deletion time. Resolves to how many went. */
  async purgeExpired(): Promise<number> {
    const now = this.clock();
    const expired = [...this.sessions].filter(([, live]) => this.deletionTime(live) <= now).map(([id]) => id);
    // A shared store also holds sessions no node has open: each is claimed here, checked, and purged.
    for (const id of (await this.store.expired?.(now, EXPIRED_PER_SWEEP)) ?? []) {
      if (this.sessions.has(id)) continue;
      const live = await this.open(id);
      if (!live || live === 'elsewhere') continue; // its holder purges it in its own sweep
      if (this.deletionTime(live) <= now) expired.push(id);
      else await this.release(id);
    }
    const outcomes = await Promise.allSettled(expired.map((id) => this.purge(id, null, 'retention')));
    // A purge the full disk refused is tried again at the next sweep; anything else is damage.
    const failed = outcomes.find(
      (o) => o.status === 'rejected' && !(o.reason instanceof StoreFullError) && !(o.reason instanceof FencedError),
    );
    if (failed) throw (failed as PromiseRejectedResult).reason;
    await storing(this.log, () => this.store.forgetTombstones(now - TOMBSTONE_DAYS * DAY_MS));
    return outcomes.filter((o) => o.status === 'fulfilled').length;
  }

  /** Commits and publishes every accepted command now, and waits for any checkpoint under way. */
  async settle(): Promise<void> {
    await this.groupCommit.flush();
    await this.store.drain();
  }
}

/**
 * A session's record of member commands by retryKey: those accepted but not yet on disk (a retry
 * waits for the first), and every logged one with its seq (a retry is recognised without a query;
 * this mirrors the log's unique index and is loaded on restore).
 */
interface SessionRetries {
  inFlight: Map<string, Promise<Committed>>;
  logged: Map<string, number>;
}

/** A member command's identity for retries: its actor and client-chosen id. */
const retryKey = (actorId: string, commandId: string) => `${actorId}\u0000${commandId}`;

/** Commands that belong in the audit trail, with the one flag worth keeping (never text). */
function auditDetail(command: AnyCommand, before: SessionState, after: SessionState): string | null | undefined {
  switch (command.type) {
    // Which role was removed (their id is the command's, in the log while the session lasts).
    case 'member.remove':
      return before.members[command.memberId]?.role ?? null;
    case 'session.end':
    case 'record.agree':
      return null;
    // REC-7: the new deletion time, so the trail shows who kept the record longer and until when.
    case 'retention.extend':
      return after.retention?.until ? new Date(after.retention.until).toISOString() : null;
    case 'session.lock':
      return command.locked ? 'locked' : 'unlocked';
    case 'session.setAdvisorEditing':
    case 'session.setAttribution':
      return command.on ? 'on' : 'off';
    default:
      return undefined;
  }
}

/** Sessions a sweep claims from a shared store at most; the rest wait for the next sweep (10 minutes). */
const EXPIRED_PER_SWEEP = 200;

/** How long a purged session's code and links are recognised, to tell late arrivals it was deleted. */
const TOMBSTONE_DAYS = 30;

/** Who may go a quarter past the quota, so that a full session can still be ended and its record finished. */
const QUOTA_RESERVED_FOR: ReadonlySet<Role | 'system'> = new Set(['facilitator', 'caseworker']);
/** What a session at its quota still takes, so that it can always be ended, agreed and purged (purge is not logged). */
const closesTheSession = (command: AnyCommand): boolean =>
  command.type === 'session.end' || command.type === 'record.agree' || joinsAfterEnd(command);
const actorRole = (actor: Actor): Role | 'system' => (actor.kind === 'member' ? actor.role : 'system');
