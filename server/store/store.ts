/**
 * What the server asks of its store, so that a second implementation (PostgreSQL, for an
 * authority hosting many teams) can stand beside the embedded SQLite one (sqliteStore.ts). The
 * hub, its access rules and its group commit see only these interfaces.
 *
 * Every call is asynchronous, as a database across the network is; the SQLite store answers at
 * once. The contract each implementation keeps:
 * - appendMany commits every entry, or none, before it returns; a full disk throws StoreFullError
 *   (nothing written, later writes tried again); any other failure stops the store for good
 *   (fail-stop), so nothing after a lost write is acknowledged.
 * - A change's audit line goes in the change's own transaction.
 * - Purge leaves nothing of the session's content anywhere the store keeps it.
 * - Join codes are unique among stored sessions: a clash is JoinCodeTakenError, not damage.
 */

import type { SessionState } from '../../shared/state.js';
import type { BoardImages } from './boardStore.js';
import type { BoardChanges, StoredBoard } from './boardTables.js';
import type { AuditEntry } from './schema.js';
import type { AppendEntry, Credential, DamagedSession, StoredSession } from './sqliteStore.js';

export interface BoardStorage {
  /** The last write found the disk full. */
  readonly diskFull: boolean;
  load(sessionId: string): Promise<StoredBoard | null>;
  save(changes: BoardChanges[]): Promise<void>;
  saveImage(sessionId: string, name: string, png: Buffer): Promise<boolean>;
  loadImages(sessionId: string): Promise<BoardImages>;
  purge(sessionId: string): Promise<void>;
  /** Resolves when every request made so far has run. */
  drain(): Promise<void>;
}

export type LoadedSession = StoredSession & { id: string; updatedAt: number };

/** One owner per session among nodes sharing a store (postgres/pgOwnership.ts). */
export interface SessionOwnership {
  /**
   * Takes the session for this node (its fencing epoch one higher than any before) and loads it;
   * 'elsewhere' while another node holds it, null if there is no such session.
   */
  claim(sessionId: string): Promise<LoadedSession | DamagedSession | 'elsewhere' | null>;
  /** Gives the session up after its last write: another node may claim it. */
  release(sessionId: string): Promise<void>;
  /** Runs when this node can no longer be sure it holds its sessions: they must be dropped. */
  onLost(listener: (sessionIds: string[]) => void): void;
  /** Asks the node holding the session to hand it over (the proxy sends its members here now). */
  requestHandover(sessionId: string): Promise<void>;
  /** Runs when another node asks for a session this node holds. */
  onHandover(listener: (sessionId: string) => void): void;
}

export interface SessionStore {
  /** The last write to any of its files found the disk full. */
  readonly diskFull: boolean;
  readonly boards: BoardStorage;

  sessionIdByJoinCode(code: string): Promise<string | null>;
  credential(hash: string): Promise<Credential | null>;
  tombstone(key: string): Promise<'purged' | 'revoked' | null>;
  /**
   * How sessions come into memory. A store one process owns (SQLite) loads them all at start;
   * a store nodes share (PostgreSQL) has each claimed by one node when first asked for.
   */
  loadAll?(): AsyncIterable<LoadedSession | DamagedSession>;
  readonly ownership?: SessionOwnership;
  audit(sessionId: string): Promise<Array<Omit<AuditEntry, 'sessionId'>>>;

  /** Throws JoinCodeTakenError (nothing written) if another session holds the state's join code. */
  createSession(
    state: SessionState,
    credentials: Array<{ hash: string } & Credential>,
    audit?: AuditEntry,
  ): Promise<void>;
  appendMany(entries: AppendEntry[]): Promise<void>;
  replaceInvites(
    sessionId: string,
    invites: Array<{ hash: string } & Credential>,
    at: number,
    audit?: AuditEntry,
  ): Promise<void>;
  /** For an event that changes nothing else (an export). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Refused (StoreFullError) only before anything is deleted; `complete: false` when the clean-up after must wait. */
  purgeSession(sessionId: string, at: number, audit?: AuditEntry): Promise<{ complete: boolean }>;
  forgetTombstones(before: number): Promise<void>;
  /** A shared store: sessions whose deletion time has passed, whether or not any node holds them (oldest first). */
  expired?(now: number, limit: number): Promise<string[]>;

  checkAtStart(): Promise<{ logProblems: number; boardProblems: number; orphanBoards: number }>;
  drain(): Promise<void>;
  close(): Promise<void>;
}
