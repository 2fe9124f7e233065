/**
 * The record of the consultation (REC-*): actions, decisions, the case reference, whether the goal
 * was met, agreement by both parties, later additions and retention. Until someone agrees the
 * record it is a draft anyone keeping it may edit; from the first agreement nothing already in it
 * changes, and whatever is added is dated after the agreement so every format shows it as a later
 * addition (REC-6).
 */
import type { CommandOf } from '../../commands.js';
import { fail } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { stageChooses, stageSpec } from '../../process/stages.js';
import {
  type AgreeingRole,
  agreedByBoth,
  agreedSince,
  type ConsultationRecord,
  DAY_MS,
  deletionTime,
  MAX_RETENTION_DAYS,
} from '../../record.js';
import { consultationRecord, type SessionState } from '../../state.js';
import { actorId, type Context, type Handler, withFieldsSet } from '../context.js';

const withRecord = (state: SessionState, record: ConsultationRecord): SessionState => ({ ...state, record });

const AGREED = 'the record has been agreed: add a later addition instead of changing it';

/** An entry that existed when the record was first agreed is fixed from then on. */
function requireChangeable(record: ConsultationRecord, entry: { at: number } | undefined): void {
  const since = agreedSince(record);
  if (entry && since !== null && entry.at <= since) fail('CLOSED', AGREED);
}

function agreeingRole(ctx: Context): AgreeingRole {
  const role = ctx.actor.kind === 'member' ? ctx.actor.role : null;
  if (role !== 'facilitator' && role !== 'caseworker')
    return fail('FORBIDDEN', 'only the two parties agree the record');
  return role;
}

export const setDetails: Handler<CommandOf<'record.setDetails'>> = (state, cmd) => {
  const record = consultationRecord(state);
  const next = withFieldsSet(record, cmd);
  if (next === null) return state;
  if (agreedSince(record) !== null) return fail('CLOSED', AGREED);
  return withRecord(state, next);
};

/** The record's two lists of dated entries: actions (REC-1) and decisions (REC-2). */
type EntryList = 'actions' | 'decisions';
type Entry<L extends EntryList> = ConsultationRecord[L][number];
type EntryFields<L extends EntryList> = Omit<Entry<L>, 'id' | 'at' | 'updatedAt'>;

const ENTRY_CAPS: Record<EntryList, number> = { actions: LIMITS.recordActions, decisions: LIMITS.recordDecisions };

/**
 * Adds an entry, or rewrites it in place keeping when it was first made (its `at` decides whether
 * it is a later addition). Unchanged fields are a retry; an entry made before agreement is fixed.
 */
function putEntry<L extends EntryList>(
  state: SessionState,
  list: L,
  id: string,
  fields: EntryFields<L>,
  now: number,
): SessionState {
  const record = consultationRecord(state);
  const entries = record[list] as Array<Entry<L>>;
  const existing = entries.find((e) => e.id === id);
  const same = (e: Entry<L>) => Object.entries(fields).every(([k, v]) => e[k as keyof Entry<L>] === v);
  if (existing && same(existing)) return state;
  requireChangeable(record, existing);
  if (!existing && entries.length >= ENTRY_CAPS[list]) return fail('LIMIT', `there are too many ${list}`);
  const entry = { ...fields, id, at: existing?.at ?? now, updatedAt: now } as Entry<L>;
  const next = existing ? entries.map((e) => (e === existing ? entry : e)) : [...entries, entry];
  return withRecord(state, { ...record, [list]: next });
}

/** Removes an entry made since the record was agreed, or any entry of a draft; gone already is a retry. */
function removeEntry(state: SessionState, list: EntryList, id: string): SessionState {
  const record = consultationRecord(state);
  const entries: Array<{ id: string; at: number }> = record[list];
  const existing = entries.find((e) => e.id === id);
  if (!existing) return state;
  requireChangeable(record, existing);
  return withRecord(state, { ...record, [list]: entries.filter((e) => e !== existing) });
}

/** REC-1: an action comes from a chosen next step (a question the worker chose) or stands alone. */
export const actionSet: Handler<CommandOf<'action.set'>> = (state, cmd, ctx) => {
  if (cmd.itemId !== null) {
    const item = state.items[cmd.itemId];
    if (!item || item.withdrawn) return fail('NOT_FOUND', 'no such item');
    if (!item.chosen || !stageChooses(stageSpec(item.stageId)))
      return fail('INVALID', 'actions come from the next steps the worker chose');
  }
  const fields = { text: cmd.text, owner: cmd.owner, due: cmd.due, itemId: cmd.itemId };
  return putEntry(state, 'actions', cmd.actionId, fields, ctx.now);
};

export const actionRemove: Handler<CommandOf<'action.remove'>> = (state, cmd) =>
  removeEntry(state, 'actions', cmd.actionId);

/** REC-2: the course of action chosen, why, and any disagreement about it. */
export const decisionSet: Handler<CommandOf<'decision.set'>> = (state, cmd, ctx) => {
  const fields = { decision: cmd.decision, rationale: cmd.rationale, disagreement: cmd.disagreement };
  return putEntry(state, 'decisions', cmd.decisionId, fields, ctx.now);
};

export const decisionRemove: Handler<CommandOf<'decision.remove'>> = (state, cmd) =>
  removeEntry(state, 'decisions', cmd.decisionId);

/** REC-6: each party agrees once the session has ended; until both have, the record is a draft. */
export const agree: Handler<CommandOf<'record.agree'>> = (state, cmd, ctx) => {
  if (state.status !== 'ended') return fail('WRONG_STAGE', 'the record is agreed once the session has ended');
  const role = agreeingRole(ctx);
  const record = consultationRecord(state);
  if (record.agreements.some((a) => a.role === role)) return state; // agreed already: a retry or a second screen
  const agreement = { role, memberId: actorId(ctx), name: cmd.name, at: ctx.now };
  return withRecord(state, { ...record, agreements: [...record.agreements, agreement] });
};

/** REC-6: after agreement, what either party adds is kept apart, dated and attributed. */
export const addition: Handler<CommandOf<'record.addition'>> = (state, cmd, ctx) => {
  const record = consultationRecord(state);
  const role = agreeingRole(ctx);
  const memberId = actorId(ctx);
  const existing = record.additions.find((a) => a.id === cmd.additionId);
  if (existing) {
    if (existing.memberId !== memberId) return fail('CONFLICT', 'that addition id is already in use');
    return state;
  }
  if (agreedSince(record) === null)
    return fail('WRONG_STAGE', 'the record is still a draft: change it directly until it is agreed');
  if (record.additions.length >= LIMITS.laterAdditions) return fail('LIMIT', 'there are too many later additions');
  const fresh = { id: cmd.additionId, memberId, role, text: cmd.text, at: ctx.now };
  return withRecord(state, { ...record, additions: [...record.additions, fresh] });
};

/** REC-7: once both have agreed, the facilitator may keep the session longer, up to a year after it ended. */
export const retentionExtend: Handler<CommandOf<'retention.extend'>> = (state, cmd, ctx) => {
  if (state.status !== 'ended' || state.endedAt === null)
    return fail('WRONG_STAGE', 'retention is extended after the session has ended');
  if (!agreedByBoth(consultationRecord(state)))
    return fail('WRONG_STAGE', 'retention is extended once both parties have agreed the record');
  const retention = state.retention;
  if (!retention) return fail('WRONG_STAGE', 'this session was stored before its retention could be extended');
  const from = deletionTime(retention, state, state.endedAt);
  const latest = state.endedAt + MAX_RETENTION_DAYS * DAY_MS;
  const until = Math.min(from + cmd.days * DAY_MS, latest);
  if (until <= from) return fail('LIMIT', `a session is kept at most ${MAX_RETENTION_DAYS} days after it ends`);
  const extension = { memberId: actorId(ctx), at: ctx.now, from, until };
  return { ...state, retention: { ...retention, until, extensions: [...retention.extensions, extension] } };
};
