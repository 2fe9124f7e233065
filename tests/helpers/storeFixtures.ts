/**
 * Sessions and log entries for tests that drive a store directly (SQLite or PostgreSQL), without
 * a server: a session's first state, and a facilitator's command logged after it.
 */
import type { AppendEntry } from '../../server/store/sqliteStore.js';
import type { AnyCommand } from '../../shared/commands.js';
import { createSessionState, type SessionState } from '../../shared/state.js';

/** A new session whose join code comes from its id (unique as long as the ids' last five characters are). */
export function storedSession(id: string, title = 'Store test'): SessionState {
  return createSessionState(
    {
      id,
      title,
      joinCode: `C${id.slice(-5).toUpperCase()}`,
      facilitator: { id: 'fac-00001', name: 'F' },
      newToMethod: false,
      durations: {},
      retentionDays: 14,
    },
    1_000,
  );
}

/** The facilitator's command number `seq` (a stage advance), logged with `state` as the state after it. */
export function logEntry(state: SessionState, seq: number, at = 1_000 + seq): AppendEntry {
  const command = { type: 'stage.advance', id: `cmd-${state.id}-${seq}` } as AnyCommand;
  return {
    sessionId: state.id,
    seq,
    commandId: command.id,
    actorId: 'fac-00001',
    actorRole: 'facilitator',
    at,
    command,
    stateAfter: state,
  };
}
