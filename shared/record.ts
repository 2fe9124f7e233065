/**
 * The record of the consultation (rules REC-*, docs/PROCESS-SPEC.md): what the supervision policy
 * asks a case discussion to leave behind, kept beside the process state. Actions with a lead and a
 * due date, decisions with their rationale and any disagreement, the case reference, whether the
 * worker's goal was met, both parties' agreement, later additions, and how long it is kept.
 */

export interface RecordAction {
  id: string;
  /** The SMART action as agreed with the caseworker. */
  text: string;
  /** Who leads it. */
  owner: string;
  /** Due date, YYYY-MM-DD. */
  due: string;
  /** The chosen next step it came from, if any. */
  itemId: string | null;
  at: number;
  updatedAt: number;
}

export interface RecordDecision {
  id: string;
  decision: string;
  rationale: string;
  /** Any disagreement about it: kept in the consultation record, never in the child's record (REC-5). */
  disagreement: string;
  at: number;
  updatedAt: number;
}

export const AGREEING_ROLES = ['facilitator', 'caseworker'] as const;
export type AgreeingRole = (typeof AGREEING_ROLES)[number];

export interface Agreement {
  role: AgreeingRole;
  memberId: string;
  /** The name as typed when agreeing. */
  name: string;
  at: number;
}

/** Something added once the record had been agreed: shown as such, never folded in silently. */
export interface LaterAddition {
  id: string;
  memberId: string;
  role: AgreeingRole;
  text: string;
  at: number;
}

export const GOAL_MET_ANSWERS = ['yes', 'partly', 'no'] as const;
export type GoalMetAnswer = (typeof GOAL_MET_ANSWERS)[number];
/** How each answer is written, on screen and in the record. */
export const GOAL_MET_LABELS: Record<GoalMetAnswer, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

export interface ConsultationRecord {
  /** A person or case ID: seen by the facilitator and the caseworker only, never the room (REC-3). */
  caseReference: string;
  goalMet: GoalMetAnswer | null;
  /** The worker's own words on whether their goal was met. */
  goalMetWords: string;
  actions: RecordAction[];
  decisions: RecordDecision[];
  agreements: Agreement[];
  additions: LaterAddition[];
}

export const EMPTY_RECORD: ConsultationRecord = {
  caseReference: '',
  goalMet: null,
  goalMetWords: '',
  actions: [],
  decisions: [],
  agreements: [],
  additions: [],
};

export interface RetentionExtension {
  memberId: string;
  at: number;
  /** The deletion time before and after. */
  from: number;
  until: number;
}

/** How long the session is kept (REC-7): set from the server's configuration when it is created. */
export interface Retention {
  /** Days kept after the session ends (or after its last change, if it never ends). */
  days: number;
  /** Set when the facilitator has extended it: the session is kept until then. */
  until: number | null;
  extensions: RetentionExtension[];
}

export const DAY_MS = 86_400_000;

/** The longest a session may be kept after it ends, extensions included. */
export const MAX_RETENTION_DAYS = 365;

/** The first agreement's time: from then on, changes are later additions (REC-6). */
export function agreedSince(record: ConsultationRecord): number | null {
  return record.agreements.length === 0 ? null : Math.min(...record.agreements.map((a) => a.at));
}

/** Agreed by both parties: the record is no longer a draft. */
export function agreedByBoth(record: ConsultationRecord): boolean {
  return AGREEING_ROLES.every((role) => record.agreements.some((a) => a.role === role));
}

/**
 * When the session will be deleted: the extended date if any, else `days` after it ended, else
 * `days` after its last change (a session nobody ended is kept as long as an ended one).
 */
export function deletionTime(retention: Retention, session: { endedAt: number | null }, lastChangeAt: number): number {
  if (retention.until !== null) return retention.until;
  return (session.endedAt ?? lastChangeAt) + retention.days * DAY_MS;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
