/**
 * The live sessions, held in memory and kept in step with the store. Every change goes the same
 * way (after tldraw's sync-core and Parabol's mutations):
 *
 *   1. validate   the message against the zod schema (nothing unparsed goes further)
 *   2. dedupe     a command id this actor already sent is acknowledged again, not re-applied
 *   3. resolve    through the pure machine, which also authorizes by role and state
 *   4. persist    append to the log (and snapshot) in one transaction
 *   5. ack + publish  only then is the sender told, and every member sent their projection
 *
 * Resolution is synchronous per message, so two commands for one session never interleave;
 * persistence is grouped (see commit): the commands accepted in one turn of the event loop share
 * one transaction and one fsync, so a busy server pays one fsync per batch, not per command.
 *
 * The hub holds two states per session: the newest (what the next command is resolved against)
 * and the durable one (the newest on disk). Everything outside sees only the durable one.
 */
import type { ZodError } from 'zod';
import { type AnyCommand, ClientCommand } from '../../shared/commands.js';
import type { CommandError } from '../../shared/errors.js';
import { isWellFormedJoinCode, normalizeJoinCode } from '../../shared/joinCode.js';
import { applyCommand } from '../../shared/machine/index.js';
import {
  type CommandAck,
  CreateSessionBody,
  type Invitation,
  InvitationBody,
  type InvitationResponse,
  JoinBody,
  type JoinResponse,
} from '../../shared/protocol.js';
import { DAY_MS, deletionTime } from '../../shared/record.js';
import type { Actor, Role } from '../../shared/roles.js';
import { hasForbiddenKey } from '../../shared/safeInput.js';
import { createSessionState, type SessionState } from '../../shared/state.js';
import { DEFAULT_SESSION_QUOTA_MB } from '../config.js';
import type { Logger } from '../log.js';
import { hashSecret, newId, newJoinCode, newToken } from '../security/tokens.js';
import type { AuditEntry } from '../store/schema.js';
import { type AppendEntry, type Credential, type SqliteStore, StoreFullError } from '../store/sqliteStore.js';

export interface LiveSession {
  state: SessionState;
  seq: number;
  /** When the session last changed: retention counts from here. */
  updatedAt: number;
  /** Bytes of its logged commands, against the storage quota. */
  logBytes: number;
}

export interface MemberIdentity {
  sessionId: string;
  memberId: string;
  role: Role;
}

/** A refusal carries its code; the HTTP status is the routes' business (HTTP_STATUS, requests.ts). */
export type HubResult<T> = { ok: true; value: T } | { ok: false; error: CommandError };

export interface CreatedSession {
  state: SessionState;
  facilitatorId: string;
  facilitatorToken: string;
  invites: Array<{ role: 'advisor' | 'caseworker' | 'screen'; secret: string }>;
}

type ChangeListener = (sessionId: string, session: LiveSession) => void;
type PurgeListener = (sessionId: string) => void;

export function zodIssues(error: ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
}

const INVITE_ROLES = ['advisor', 'caseworker', 'screen'] as const;

export class SessionHub {
  /** The newest state of each session: commands are resolved against it. */
  private readonly sessions = new Map<string, LiveSession>();
  /** Sessions whose stored rows could not be read at start: quarantined, reported by /healthz. */
  readonly damaged = new Set<string>();
  /** The newest state on disk: what members are shown. */
  private readonly durable = new Map<string, LiveSession>();
  private readonly changeListeners: ChangeListener[] = [];
  private readonly purgeListeners: PurgeListener[] = [];
  /** `key` is the command's retryKey, null for the system's commands (never retried). */
  private batch: Array<{
    entry: AppendEntry;
    key: string | null;
    /** The session's logged bytes once this command is on disk. */
    logBytes: number;
    resolve: (r: HubResult<{ seq: number; duplicate: boolean }>) => void;
  }> = [];
  /** Per session: what a retried member command is recognised by (see SessionRetries). */
  private readonly retries = new Map<string, SessionRetries>();
  private flushScheduled = false;

  private readonly clock: () => number;
  /** Days a new session is kept after it ends; also the period of sessions stored before retention was data. */
  private readonly retentionDays: number;
  /** Bytes of commands one session may log (GROUPMAP_SESSION_QUOTA_MB). */
  private readonly quotaBytes: number;

  constructor(
    private readonly store: SqliteStore,
    private readonly log: Logger,
    options: { clock?: (() => number) | undefined; retentionDays: number; sessionQuotaMb?: number | undefined },
  ) {
    this.clock = options.clock ?? Date.now;
    this.retentionDays = options.retentionDays;
    this.quotaBytes = (options.sessionQuotaMb ?? DEFAULT_SESSION_QUOTA_MB) * 1024 * 1024;
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

  /** Loads every stored session: its snapshot, then the logged commands after it, replayed. */
  restore(): number {
    for (const stored of this.store.loadAll()) {
      if ('damaged' in stored) {
        // Loud, and contained: this session is not served (nor purged: an operator may recover it).
        this.damaged.add(stored.id);
        this.log.error('session.damaged', { sessionId: stored.id, error: stored.damaged });
        continue;
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
    return this.sessions.size;
  }

  create(body: unknown): HubResult<CreatedSession> {
    if (hasForbiddenKey(body)) return refused('INVALID', 'the request has a forbidden key');
    const parsed = CreateSessionBody.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const input = parsed.data;
    const now = this.clock();
    let joinCode = newJoinCode();
    while (this.store.isJoinCodeTaken(joinCode)) joinCode = newJoinCode();
    const facilitatorId = newId();
    const state = createSessionState(
      {
        id: newId(),
        title: input.title,
        joinCode,
        facilitator: { id: facilitatorId, name: input.facilitatorName },
        newToMethod: input.newToMethod,
        durations: input.durations,
        wordsAndPictures: input.wordsAndPictures,
        retentionDays: this.retentionDays,
      },
      now,
    );
    const facilitatorToken = newToken();
    const { invites, credentials } = mintInvitations(state.id);
    const stored = this.storing(() =>
      this.store.createSession(
        state,
        [
          {
            hash: hashSecret(facilitatorToken),
            sessionId: state.id,
            kind: 'member',
            role: 'facilitator',
            memberId: facilitatorId,
          },
          ...credentials,
        ],
        { sessionId: state.id, at: now, event: 'session.created', role: 'facilitator', memberId: facilitatorId },
      ),
    );
    if (!stored.ok) return stored;
    const live = { state, seq: 0, updatedAt: now, logBytes: 0 };
    this.sessions.set(state.id, live);
    this.durable.set(state.id, live);
    this.retries.set(state.id, { inFlight: new Map(), logged: new Map() });
    this.log.info('session.created', { sessionId: state.id });
    return { ok: true, value: { state, facilitatorId, facilitatorToken, invites } };
  }

  /** Joins with the participant code or an invitation secret, and issues a personal token. */
  async join(body: unknown): Promise<HubResult<JoinResponse>> {
    if (hasForbiddenKey(body)) return refused('INVALID', 'the request has a forbidden key');
    const parsed = JoinBody.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    let sessionId: string | null;
    let role: Role;
    if ('code' in parsed.data) {
      const found = this.sessionForCode(parsed.data.code);
      if (!found.ok) return found;
      sessionId = found.value.state.id;
      role = 'participant';
    } else {
      const found = this.invitation(parsed.data.invite);
      if (!found.ok) return found;
      sessionId = found.value.live.state.id;
      role = found.value.role;
    }
    const memberId = newId();
    const token = newToken();
    const command: AnyCommand = {
      type: 'member.join',
      id: newId(),
      memberId,
      role: role as never,
      name: parsed.data.name,
    };
    const result = await this.commit(sessionId!, { kind: 'system' }, command, {
      credential: { hash: hashSecret(token), sessionId: sessionId!, kind: 'member', role, memberId },
      audit: { sessionId: sessionId!, at: this.clock(), event: 'member.joined', role, memberId },
    });
    if (!result.ok) return result;
    this.log.info('member.joined', { sessionId: sessionId!, memberId, role });
    return { ok: true, value: { sessionId: sessionId!, memberId, role, token } };
  }

  /**
   * The open session a typed code belongs to, or why not, each case in its own words: a code
   * never issued, a session the facilitator has locked, one that has ended, one that was purged.
   */
  private sessionForCode(typed: string): HubResult<LiveSession> {
    const code = normalizeJoinCode(typed);
    if (!isWellFormedJoinCode(code)) return refused('NOT_FOUND', NO_SUCH_CODE);
    const sessionId = this.store.sessionIdByJoinCode(code);
    const live = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!live) {
      if (this.store.tombstone(`code:${code}`) === 'purged') return refused('GONE', PURGED);
      return refused('NOT_FOUND', NO_SUCH_CODE);
    }
    if (live.state.status !== 'open') return refused('CLOSED', ENDED);
    if (live.state.locked)
      return refused('LOCKED', 'The facilitator has closed this session to new people. Ask them to let you in.');
    return { ok: true, value: live };
  }

  /** The session and role an invitation link is for, or why it no longer works. */
  private invitation(secret: string): HubResult<{ live: LiveSession; role: Role }> {
    const hash = hashSecret(secret);
    const credential = this.store.credential(hash);
    const live = credential?.kind === 'invite' ? this.sessions.get(credential.sessionId) : undefined;
    if (!credential || !live) {
      const fate = this.store.tombstone(`link:${hash}`);
      if (fate === 'purged') return refused('GONE', PURGED);
      if (fate === 'revoked')
        return refused('GONE', 'This link was replaced by a newer one. Ask the facilitator for your link.');
      return refused('NOT_FOUND', 'This invitation link is not valid. Check that the whole link was copied.');
    }
    // After the end only the caseworker still has a reason to arrive: the record is theirs to agree.
    if (live.state.status !== 'open' && credential.role !== 'caseworker') return refused('CLOSED', ENDED);
    return { ok: true, value: { live, role: credential.role } };
  }

  /** What an invitation is for, for its page to say before anyone joins (no secret in the answer). */
  describeInvitation(body: unknown): HubResult<InvitationResponse> {
    if (hasForbiddenKey(body)) return refused('INVALID', 'the request has a forbidden key');
    const parsed = InvitationBody.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const found = this.invitation(parsed.data.invite);
    if (!found.ok) return found;
    const { state } = found.value.live;
    return {
      ok: true,
      value: { role: found.value.role, title: state.title, status: state.status === 'open' ? 'open' : 'ended' },
    };
  }

  /**
   * New invitation links for the advisor, the caseworker and the screen, for a facilitator who has
   * lost theirs (secrets are kept only as hashes, so old ones cannot be shown again). The old links
   * stop working at once; people who already joined stay, with their own tokens.
   */
  renewInvitations(identity: MemberIdentity): HubResult<Array<{ role: Invitation['role']; secret: string }>> {
    if (identity.role !== 'facilitator') return refused('FORBIDDEN', 'only the facilitator makes new links');
    const live = this.sessions.get(identity.sessionId);
    if (!live) return refused('NOT_FOUND', 'no such session');
    const { invites, credentials } = mintInvitations(identity.sessionId);
    const now = this.clock();
    const stored = this.storing(() =>
      this.store.replaceInvites(identity.sessionId, credentials, now, {
        sessionId: identity.sessionId,
        at: now,
        event: 'invitations.renewed',
        role: 'facilitator',
        memberId: identity.memberId,
      }),
    );
    if (!stored.ok) return stored;
    this.log.info('invitations.renewed', { sessionId: identity.sessionId });
    return { ok: true, value: invites };
  }

  /** Who a personal token belongs to, if its session is still here. */
  authenticate(token: string): MemberIdentity | null {
    const credential = this.store.credential(hashSecret(token));
    if (credential?.kind !== 'member' || !credential.memberId) return null;
    const live = this.sessions.get(credential.sessionId);
    if (!live?.state.members[credential.memberId]) return null;
    return { sessionId: credential.sessionId, memberId: credential.memberId, role: credential.role };
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
  private commit(
    sessionId: string,
    actor: Actor,
    command: AnyCommand,
    extras: { credential?: { hash: string } & Credential; audit?: AuditEntry } = {},
  ): Promise<HubResult<{ seq: number; duplicate: boolean }>> {
    const live = this.sessions.get(sessionId);
    if (!live) return Promise.resolve(refused('NOT_FOUND', 'no such session'));
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
    const bytes = Buffer.byteLength(JSON.stringify(command));
    if (live.logBytes + bytes > this.quotaBytes * (QUOTA_RESERVED_FOR.has(actorRole(actor)) ? 1.25 : 1))
      return Promise.resolve(
        refused(
          'QUOTA',
          'This session has used all the space the server allows one session, so nothing more can be added. The facilitator can still end it and finish the record.',
        ),
      );

    if (result.state.status === 'purged') {
      this.flush(); // queued before the purge, so the purge deletes it too
      return this.purge(sessionId, actor.kind === 'member' ? actor : null, 'facilitator').then(
        () => ({ ok: true, value: { seq: live.seq + 1, duplicate: false } }),
        (err) => {
          if (err instanceof StoreFullError) return refused('UNAVAILABLE', STORE_FULL);
          throw err;
        },
      );
    }
    const seq = live.seq + 1;
    this.sessions.set(sessionId, { state: result.state, seq, updatedAt: now, logBytes: live.logBytes + bytes });
    const audited = auditDetail(command, live.state, result.state);
    const audit: AuditEntry | undefined =
      extras.audit ??
      (audited !== undefined && actor.kind === 'member'
        ? { sessionId, at: now, event: command.type, role: actor.role, memberId: actor.memberId, detail: audited }
        : undefined);
    const promise = new Promise<HubResult<{ seq: number; duplicate: boolean }>>((resolve) => {
      this.batch.push({
        entry: {
          sessionId,
          seq,
          commandId: command.id,
          actorId,
          actorRole: actor.kind === 'member' ? actor.role : null,
          at: now,
          command,
          stateAfter: result.state,
          forceSnapshot: result.state.status !== live.state.status,
          ...(extras.credential ? { credential: extras.credential } : {}),
          // A removed member's token dies with the command that removed them, in its transaction.
          ...(command.type === 'member.remove' ? { revokeMember: command.memberId } : {}),
          ...(audit ? { audit } : {}),
        },
        key,
        logBytes: live.logBytes + bytes,
        resolve,
      });
    });
    if (key !== null) retries.inFlight.set(key, promise);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return promise;
  }

  /**
   * Commits the batch; then acknowledges it and publishes each session's newest committed state.
   * A failing disk ends the process: nothing in the batch was acknowledged, clients re-send, and
   * a restart serves exactly what is on disk. A full disk does not (refuseBatch).
   */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    try {
      this.store.appendMany(batch.map((b) => b.entry));
    } catch (err) {
      if (err instanceof StoreFullError) {
        this.refuseBatch(batch);
        return;
      }
      this.log.error('store.failed', { error: (err as Error).name });
      // Thrown outside any caller's try, so nothing can catch it and carry on unpersisted.
      setImmediate(() => {
        throw err;
      });
      return;
    }
    this.committed(batch);
  }

  /**
   * The disk is full: nothing of the batch was written. Each of its sessions goes back to its
   * state on disk (a later command is resolved against what is stored), each command is refused
   * as UNAVAILABLE (a phone keeps it in its outbox and sends it again), and the server stays up,
   * serving what it has.
   */
  private refuseBatch(batch: typeof this.batch): void {
    this.log.error('store.full', { count: batch.length });
    for (const b of batch) {
      const durable = this.durable.get(b.entry.sessionId);
      if (durable) this.sessions.set(b.entry.sessionId, durable);
      if (b.key !== null) this.retries.get(b.entry.sessionId)?.inFlight.delete(b.key);
      b.resolve(refused('UNAVAILABLE', STORE_FULL));
    }
  }

  /** A write outside the command log (a new session, new links): refused, not fatal, on a full disk. */
  private storing(write: () => void): HubResult<null> {
    try {
      write();
      return { ok: true, value: null };
    } catch (err) {
      if (!(err instanceof StoreFullError)) throw err;
      this.log.error('store.full', { count: 0 });
      return refused('UNAVAILABLE', STORE_FULL);
    }
  }

  private committed(batch: typeof this.batch): void {
    const newest = new Map<string, LiveSession>();
    for (const b of batch) {
      const retries = this.retries.get(b.entry.sessionId);
      if (b.key !== null && retries) {
        retries.logged.set(b.key, b.entry.seq);
        retries.inFlight.delete(b.key);
      }
      b.resolve({ ok: true, value: { seq: b.entry.seq, duplicate: false } });
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
   * Deletes every trace of a session (the audit trail keeps that it happened, and why). The
   * session stops taking commands and being shown at once; its rows go after every write queued
   * before, and only then are its members told.
   */
  private async purge(
    sessionId: string,
    by: { role: Role; memberId: string } | null,
    reason: 'facilitator' | 'retention',
  ): Promise<void> {
    const kept = [this.sessions.get(sessionId), this.durable.get(sessionId), this.retries.get(sessionId)] as const;
    this.sessions.delete(sessionId);
    this.durable.delete(sessionId);
    this.retries.delete(sessionId);
    try {
      await this.store.purgeSession(sessionId, this.clock(), {
        sessionId,
        at: this.clock(),
        event: 'session.purged',
        role: by?.role ?? null,
        memberId: by?.memberId ?? null,
        detail: reason,
      });
    } catch (err) {
      // Nothing was deleted (the disk is full): the session is served again until the purge can run.
      if (err instanceof StoreFullError && kept[0] && kept[1] && kept[2]) {
        this.sessions.set(sessionId, kept[0]);
        this.durable.set(sessionId, kept[1]);
        this.retries.set(sessionId, kept[2]);
      }
      throw err;
    }
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
    const outcomes = await Promise.allSettled(expired.map((id) => this.purge(id, null, 'retention')));
    // A purge the full disk refused is tried again at the next sweep; anything else is damage.
    const failed = outcomes.find((o) => o.status === 'rejected' && !(o.reason instanceof StoreFullError));
    if (failed) throw (failed as PromiseRejectedResult).reason;
    this.storing(() => this.store.forgetTombstones(now - TOMBSTONE_DAYS * DAY_MS));
    return outcomes.filter((o) => o.status === 'fulfilled').length;
  }

  /** Commits and publishes every accepted command now, and waits for any checkpoint under way. */
  async settle(): Promise<void> {
    this.flush();
    await this.store.drain();
  }
}

/**
 * A session's record of member commands by retryKey: those accepted but not yet on disk (a retry
 * waits for the first), and every logged one with its seq (a retry is recognised without a query;
 * this mirrors the log's unique index and is loaded on restore).
 */
interface SessionRetries {
  inFlight: Map<string, Promise<HubResult<{ seq: number; duplicate: boolean }>>>;
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

function invalid(error: ZodError): { ok: false; error: CommandError & { issues: string[] } } {
  return { ok: false, error: { code: 'INVALID', message: 'the request is not valid', issues: zodIssues(error) } };
}

/** New secrets for the invited roles, and the credential rows that keep only their hashes. */
function mintInvitations(sessionId: string) {
  const invites = INVITE_ROLES.map((role) => ({ role, secret: newToken() }));
  const credentials = invites.map((i) => ({
    hash: hashSecret(i.secret),
    sessionId,
    kind: 'invite' as const,
    role: i.role,
    memberId: null,
  }));
  return { invites, credentials };
}

/** How long a purged session's code and links are recognised, to tell late arrivals it was deleted. */
const TOMBSTONE_DAYS = 30;

/** Who may go a quarter past the quota, so that a full session can still be ended and its record finished. */
const QUOTA_RESERVED_FOR: ReadonlySet<Role | 'system'> = new Set(['facilitator', 'caseworker']);
const actorRole = (actor: Actor): Role | 'system' => (actor.kind === 'member' ? actor.role : 'system');
const STORE_FULL = 'The server cannot save anything just now (its disk is full). Nothing was lost; try again shortly.';

const NO_SUCH_CODE = 'No session has that code. Check the code and try again.';
const ENDED = 'This session has ended, so there is nothing more to join.';
const PURGED = 'This session has been deleted, with everything written in it.';

function refused(code: CommandError['code'], message: string): { ok: false; error: CommandError } {
  return { ok: false, error: { code, message } };
}
