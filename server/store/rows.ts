/**
 * How a session goes into rows and comes back, whichever store holds it. Written: each accepted
 * command encoded once, and every SNAPSHOT_EVERY commands (or at a change of status) the state
 * after it. Read: its snapshot, the commands logged after it, and checks that the log can be
 * trusted. A row that does not parse, or a log with a
 * gap, is reported by id and part, never by its text (a JSON error quotes the text it choked on).
 */
import type { AnyCommand } from '../../shared/commands.js';
import type { Role } from '../../shared/roles.js';
import type { SessionState } from '../../shared/state.js';
import type { LogRow } from './schema.js';
import type { AppendEntry, DamagedSession, StoredSession } from './sqliteStore.js';

/** A session's whole state is stored again every this many commands, so a load replays at most these. */
export const SNAPSHOT_EVERY = 50;

export interface SessionRow {
  id: string;
  seq: number;
  snapshotSeq: number;
  snapshot: string;
  updatedAt: number;
}

export interface CommandRow {
  seq: number;
  actorId: string | null;
  actorRole: Role | null;
  at: number;
  body: string;
}

/** What the log holds of a session: how many commands, the lowest and highest seq, their bytes. */
export interface LogSpan {
  n: number;
  lo: number;
  hi: number;
  bytes: number;
}

export function assembleSession(
  row: SessionRow,
  commands: CommandRow[],
  span: LogSpan,
  logged: () => Array<[string, string, number]>,
): (StoredSession & { id: string; updatedAt: number }) | DamagedSession {
  const snapshot = parseOrNull(row.snapshot);
  if (snapshot === null) return { id: row.id, damaged: 'snapshot' };
  const gap = logGap(span, row.snapshotSeq);
  if (gap) return { id: row.id, damaged: gap };
  const parsed = commands.map((c) => parseOrNull(c.body));
  const bad = parsed.indexOf(null);
  if (bad >= 0) return { id: row.id, damaged: `command ${commands[bad]!.seq}` };
  const tail = commands.map((c, i) => ({
    seq: c.seq,
    actorId: c.actorId,
    actorRole: c.actorRole,
    at: c.at,
    command: parsed[i] as AnyCommand,
  }));
  const last = tail.at(-1);
  return {
    id: row.id,
    snapshot: snapshot as SessionState,
    snapshotSeq: row.snapshotSeq,
    seq: last?.seq ?? row.seq,
    tail,
    logged: logged(),
    logBytes: span.bytes,
    updatedAt: last?.at ?? row.updatedAt,
  };
}

/**
 * Why a session's log cannot be trusted, or null: commands missing from its numbering (a lost
 * page, a WAL cut short), or a snapshot newer than the log it was taken from.
 */
function logGap(span: LogSpan, snapshotSeq: number): string | null {
  if (span.n > 0 && (span.lo !== 1 || span.hi !== span.n))
    return `log: ${span.hi - span.n} of ${span.hi} commands missing`;
  if (span.hi < snapshotSeq) return `log: ends at ${span.hi}, before its snapshot at ${snapshotSeq}`;
  return null;
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function toLogRow(entry: AppendEntry): LogRow {
  const takesSnapshot = entry.forceSnapshot || entry.seq % SNAPSHOT_EVERY === 0;
  return {
    sessionId: entry.sessionId,
    seq: entry.seq,
    commandId: entry.commandId,
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    at: entry.at,
    body: entry.body ?? JSON.stringify(entry.command),
    snapshot: takesSnapshot ? { status: entry.stateAfter.status, json: JSON.stringify(entry.stateAfter) } : null,
    ...(entry.credential ? { credential: entry.credential } : {}),
    ...(entry.revokeMember ? { revokeMember: entry.revokeMember } : {}),
    ...(entry.audit ? { audit: entry.audit } : {}),
  };
}
