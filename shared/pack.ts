/**
 * The question pack: what the caseworker takes away. One model, built here from the session state,
 * rendered by the server as PDF, DOCX, Markdown and JSON. The JSON is this model as it stands; its
 * schema (PackSchema) is published as docs/pack.schema.json.
 *
 * Order: title, date, protective marking; the worker's goal; the chosen next steps; then each stage
 * that collected items (chosen items first and marked, harm and rough statements grouped by
 * element); the safety-scale ratings by key player; the usefulness ratings through the session.
 * Only stages handed over to the caseworker are included. Authors appear only with attribution on.
 * Only question rounds have chosen items (A6-WW-4): danger statements, safety goals and rough
 * drafts are listed whole, and the review of the group process never appears (A6-PROC-2).
 */
import { z } from 'zod';
import { STAGES, type StageId, stageChooses, stageSpec } from './process/stages.js';
import { AGREEING_ROLES, agreedByBoth, agreedSince, GOAL_MET_ANSWERS, GOAL_MET_LABELS } from './record.js';
import { ROLE_LABELS } from './roles.js';
import { oneLine } from './safeInput.js';
import { consultationRecord, EMPTY_REVIEW, type Item, type SessionState } from './state.js';

export const PACK_FORMATS = ['pdf', 'docx', 'md', 'json'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];

export const DEFAULT_PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';

const PackItem = z.object({
  number: z.int().min(1),
  text: z.string(),
  element: z.string().nullable(),
  chosen: z.boolean(),
  /** A what's-working-well question its writer marked as a relationship question. */
  relationship: z.boolean().optional(),
  author: z.string().optional(),
});

const PackGroup = z.object({
  /** The element these items address (harm's behaviour, severity, ...), or null for one plain list. */
  element: z.string().nullable(),
  label: z.string().nullable(),
  items: z.array(PackItem),
});

const PackSection = z.object({
  stageId: z.string(),
  stageNumber: z.int(),
  title: z.string(),
  itemLabel: z.string(),
  /** Whether the worker chose among these (question rounds only). */
  chooses: z.boolean(),
  chosenCount: z.int(),
  groups: z.array(PackGroup),
});

const Rating = z.object({ stageId: z.string(), stageTitle: z.string(), value: z.int().min(0).max(10), at: z.string() });

const SafetyScaleDefinition = z.object({ question: z.string(), ten: z.string(), zero: z.string() });

const Review = z.object({
  mostUseful: z.string(),
  enough: z.boolean().nullable(),
  focus: z.string(),
  stickingPoint: z.string(),
});

const PackAction = z.object({
  number: z.int().min(1),
  text: z.string(),
  owner: z.string(),
  /** YYYY-MM-DD */
  due: z.string(),
  /** The chosen question it came from, if any. */
  fromQuestion: z.string().nullable(),
  /** Added after the record was first agreed (REC-6). */
  laterAddition: z.boolean(),
  at: z.string(),
});

const PackDecision = z.object({
  number: z.int().min(1),
  decision: z.string(),
  rationale: z.string(),
  /** Kept in the record of the consultation only, never in the case-file summary (REC-5). */
  disagreement: z.string(),
  laterAddition: z.boolean(),
  at: z.string(),
});

/** The record of the consultation: for the supervisee's record (REC-4). */
const Consultation = z.object({
  /** Person or case ID, when given: never shown to the room (REC-3). */
  caseReference: z.string().nullable(),
  /** Local date and times of the meeting, in `timeZone`. */
  date: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  timeZone: z.string(),
  attendees: z.array(z.object({ name: z.string(), role: z.string() })),
  workerGoal: z.string(),
  goalMet: z.object({
    answer: z.enum(GOAL_MET_ANSWERS).nullable(),
    /** The worker's words. */
    words: z.string(),
    /** The last usefulness check-in, 0-10, if any. */
    lastRating: z.int().min(0).max(10).nullable(),
  }),
  decisions: z.array(PackDecision),
  actions: z.array(PackAction),
  agreements: z.array(z.object({ role: z.enum(AGREEING_ROLES), name: z.string(), at: z.string() })),
  laterAdditions: z.array(
    z.object({ role: z.enum(AGREEING_ROLES), name: z.string(), text: z.string(), at: z.string() }),
  ),
  /** When the session and this record are deleted from groupmap (ISO), if known. */
  deletesAt: z.string().nullable(),
});

export const PackSchema = z.object({
  schema: z.literal('groupmap.pack/3'),
  title: z.string(),
  /** The day the session was held (ISO date). */
  date: z.string(),
  generatedAt: z.string(),
  protectiveMarking: z.string(),
  /** "draft" until both the facilitator and the caseworker have agreed the record (REC-6). */
  status: z.enum(['draft', 'agreed']),
  attribution: z.boolean(),
  consultation: Consultation,
  /** For the child's record, as plain text to paste into a case-management system (REC-5). */
  caseFileSummary: z.string(),
  workerGoal: z.string(),
  /** The worker's exact words from the free description, as text (REC-8). */
  exactWords: z.array(z.object({ text: z.string(), fromGroup: z.boolean(), at: z.string() })),
  nextSteps: z.array(PackItem.extend({ stageTitle: z.string() })),
  sections: z.array(PackSection),
  /** The worker's safety scale as shaped in the scaling stage, or null if it was not. */
  safetyScaleDefinition: SafetyScaleDefinition.nullable(),
  safetyScale: z.array(Rating.extend({ keyPlayer: z.string() })),
  /** Check-ins: the 0-10 and the worker's "most useful so far" when recorded. */
  usefulness: z.array(Rating.extend({ words: z.string().optional() })),
  harmMapped: z.array(Rating),
  review: Review,
});
export type Pack = z.infer<typeof PackSchema>;
export type PackItem = z.infer<typeof PackItem>;
export type PackSection = z.infer<typeof PackSection>;
export type PackAction = z.infer<typeof PackAction>;
export type PackDecision = z.infer<typeof PackDecision>;

export interface PackOptions {
  protectiveMarking: string;
  now: number;
  /** The time zone the meeting's times are printed in (IANA name); UTC if not given. */
  timeZone?: string;
  /** When the session will be deleted, as the server works it out. */
  deletesAt?: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildPack(state: SessionState, options: PackOptions): Pack {
  const attribution = state.settings.attribution;
  const authorOf = (item: Item) =>
    attribution ? { author: state.members[item.authorId]?.name ?? 'Former member' } : {};
  const live = Object.values(state.items).filter((i) => !i.withdrawn);
  const handedOver = (stageId: StageId) => state.handedOver[stageId] !== undefined;
  const byTime = (a: Item, b: Item) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

  const chosen = (i: Item) => i.chosen && stageChooses(stageSpec(i.stageId));
  const nextSteps = live
    .filter(chosen)
    .sort((a, b) => (a.chosenAt ?? 0) - (b.chosenAt ?? 0) || byTime(a, b))
    .map((item, index) => ({
      number: index + 1,
      text: item.text,
      element: item.element,
      chosen: true,
      stageTitle: stageSpec(item.stageId).title,
      ...authorOf(item),
    }));

  const sections: PackSection[] = [];
  for (const spec of STAGES) {
    // The review of the group process is about the process, not the case: it stays out of the pack.
    if (!spec.items || spec.id === 'process-review' || !handedOver(spec.id)) continue;
    const items = live.filter((i) => i.stageId === spec.id);
    if (items.length === 0) continue;
    const elements = spec.items.elements ?? [{ id: null, label: null }];
    let number = 0;
    const groups = elements
      .map((el) => {
        const inGroup = items.filter((i) => el.id === null || i.element === el.id);
        const ordered = [...inGroup.filter(chosen).sort(byTime), ...inGroup.filter((i) => !chosen(i)).sort(byTime)];
        return {
          element: el.id,
          label: el.label,
          items: ordered.map((item) => ({
            number: ++number,
            text: item.text,
            element: item.element,
            chosen: chosen(item),
            ...(item.relationship ? { relationship: true } : {}),
            ...authorOf(item),
          })),
        };
      })
      .filter((g) => g.items.length > 0);
    sections.push({
      stageId: spec.id,
      stageNumber: spec.number,
      title: spec.title,
      itemLabel: spec.items.label,
      chooses: stageChooses(spec),
      chosenCount: items.filter(chosen).length,
      groups,
    });
  }

  const ratings = (scale: 'usefulness' | 'harm-mapped') =>
    state.ratings
      .filter((r) => r.scale === scale)
      .map((r) => ({
        stageId: r.stageId,
        stageTitle: stageSpec(r.stageId).title,
        value: r.value,
        at: iso(r.at),
        ...(r.words ? { words: r.words } : {}),
      }));

  const consultation = buildConsultation(state, options, ratings('usefulness'));
  const record = consultationRecord(state);
  const pack: Omit<Pack, 'caseFileSummary'> = {
    schema: 'groupmap.pack/3',
    title: state.title,
    date: consultation.date,
    generatedAt: iso(options.now),
    protectiveMarking: options.protectiveMarking,
    status: agreedByBoth(record) ? 'agreed' : 'draft',
    attribution,
    consultation,
    workerGoal: state.workerGoal,
    exactWords: state.exactWords.map((n) => ({ text: n.text, fromGroup: n.fromGroup === true, at: iso(n.at) })),
    nextSteps,
    sections,
    safetyScaleDefinition: state.safetyScale ?? null,
    safetyScale: state.ratings
      .filter((r) => r.scale === 'safety')
      .map((r) => ({
        stageId: r.stageId,
        stageTitle: stageSpec(r.stageId).title,
        value: r.value,
        at: iso(r.at),
        keyPlayer: r.keyPlayer ?? '',
      })),
    usefulness: ratings('usefulness'),
    harmMapped: ratings('harm-mapped'),
    review: state.review ?? EMPTY_REVIEW,
  };
  return { ...pack, caseFileSummary: caseFileSummary(pack) };
}

function buildConsultation(
  state: SessionState,
  options: PackOptions,
  usefulness: Pack['usefulness'],
): Pack['consultation'] {
  const record = consultationRecord(state);
  const since = agreedSince(record);
  const later = (at: number) => since !== null && at > since;
  const zone = options.timeZone ?? 'UTC';
  const nameOf = (memberId: string) => state.members[memberId]?.name ?? 'Former member';
  const questionOf = (itemId: string | null) => (itemId ? (state.items[itemId]?.text ?? null) : null);
  return {
    caseReference: record.caseReference || null,
    date: zoned(state.startedAt ?? state.createdAt, zone).date,
    startTime: state.startedAt === null ? null : zoned(state.startedAt, zone).time,
    endTime: state.endedAt === null ? null : zoned(state.endedAt, zone).time,
    timeZone: zone,
    attendees: Object.values(state.members)
      .filter((m) => m.role !== 'screen')
      .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.joinedAt - b.joinedAt)
      .map((m) => ({ name: m.name, role: ROLE_LABELS[m.role] })),
    workerGoal: state.workerGoal,
    goalMet: {
      answer: record.goalMet,
      words: record.goalMetWords,
      lastRating: usefulness.at(-1)?.value ?? null,
    },
    decisions: record.decisions.map((d, i) => ({
      number: i + 1,
      decision: d.decision,
      rationale: d.rationale,
      disagreement: d.disagreement,
      laterAddition: later(d.at),
      at: iso(d.at),
    })),
    actions: record.actions.map((a, i) => ({
      number: i + 1,
      text: a.text,
      owner: a.owner,
      due: a.due,
      fromQuestion: questionOf(a.itemId),
      laterAddition: later(a.at),
      at: iso(a.at),
    })),
    agreements: record.agreements.map((a) => ({ role: a.role, name: a.name, at: iso(a.at) })),
    laterAdditions: record.additions.map((a) => ({
      role: a.role,
      name: nameOf(a.memberId),
      text: a.text,
      at: iso(a.at),
    })),
    deletesAt: options.deletesAt == null ? null : iso(options.deletesAt),
  };
}

const ROLE_ORDER = ['facilitator', 'caseworker', 'advisor', 'participant', 'screen'];

/** The stages whose statements the case-file summary carries: what was given to the worker (REC-5). */
const SUMMARY_STAGES: readonly StageId[] = ['danger', 'safety-goals'];

/** A moment's local date ("2026-11-24") and time ("10:02") in a time zone. */
function zoned(ms: number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** An ISO time as "2026-11-24 10:02" in the pack's time zone: how every format prints a moment. */
export function localTime(pack: Pick<Pack, 'consultation'>, isoTime: string): string {
  const { date, time } = zoned(Date.parse(isoTime), pack.consultation.timeZone);
  return `${date} ${time}`;
}

/** "Agreed by Fran Lee (facilitator) on ..." lines, or why it is still a draft. */
export function agreementLines(pack: Pack): string[] {
  const lines = pack.consultation.agreements.map((a) => `Agreed by ${a.name} (${a.role}) on ${localTime(pack, a.at)}`);
  if (pack.status === 'draft') {
    const missing = AGREEING_ROLES.filter((r) => !pack.consultation.agreements.some((a) => a.role === r));
    lines.unshift(`DRAFT: not yet agreed by the ${missing.join(' and the ')}.`);
  }
  return lines;
}

/** The meeting's date and times in one line. */
export function whenLine(pack: Pick<Pack, 'consultation'>): string {
  const c = pack.consultation;
  const times = c.startTime ? `, ${c.startTime}${c.endTime ? ` to ${c.endTime}` : ''} (${c.timeZone})` : '';
  return `${c.date}${times}`;
}

/** The worker's answer on their goal, with the last 0-10. */
export function goalMetLine(pack: Pick<Pack, 'consultation'>): string {
  const g = pack.consultation.goalMet;
  const parts = [g.answer ? GOAL_MET_LABELS[g.answer] : 'Not recorded'];
  if (g.words) parts.push(`in the worker's words: "${g.words}"`);
  if (g.lastRating !== null) parts.push(`last usefulness rating ${g.lastRating}/10`);
  return parts.join('; ');
}

/**
 * The case-file summary for the child's record, as plain text (REC-5): the goal, the danger
 * statements and safety goals given to the worker, the safety scale and its ratings, the actions,
 * the decisions with their rationale, and usefulness. Disagreements, the group-process review,
 * and anything about the worker's own practice stay out of it.
 */
export function caseFileSummary(pack: Omit<Pack, 'caseFileSummary'>): string {
  const c = pack.consultation;
  const out: string[] = [];
  out.push(`Group supervision (Signs of Safety): ${pack.title}`);
  if (c.caseReference) out.push(`Case reference: ${c.caseReference}`);
  out.push(`Date: ${whenLine(pack)}`);
  out.push(`Attended: ${c.attendees.map((a) => `${a.name} (${a.role.toLowerCase()})`).join(', ')}`);
  out.push(
    pack.status === 'draft' ? 'Status: DRAFT, not yet agreed by both parties' : 'Status: agreed by both parties',
  );
  out.push('', "Worker's goal for the consultation:", oneLine(c.workerGoal) || 'Not recorded.');
  out.push(`Goal met: ${goalMetLine(pack)}`);
  for (const stageId of SUMMARY_STAGES) {
    const section = pack.sections.find((s) => s.stageId === stageId);
    if (!section) continue;
    out.push('', `${section.title}:`);
    for (const group of section.groups) for (const item of group.items) out.push(`- ${oneLine(item.text)}`);
  }
  if (pack.safetyScaleDefinition || pack.safetyScale.length > 0) {
    out.push('', 'Safety scale:');
    for (const line of safetyScaleLines(pack)) out.push(`- ${line}`);
    for (const r of pack.safetyScale) out.push(`- ${r.keyPlayer}: ${r.value}/10`);
  }
  out.push('', 'Actions:');
  if (c.actions.length === 0) out.push('- None recorded.');
  for (const a of c.actions)
    out.push(`${a.number}. ${oneLine(a.text)} (lead: ${a.owner}; by ${a.due})${laterTag(pack, a)}`);
  out.push('', 'Decisions and rationale:');
  if (c.decisions.length === 0) out.push('- None recorded.');
  for (const d of c.decisions)
    out.push(`${d.number}. ${oneLine(d.decision)}${laterTag(pack, d)}`, `   Rationale: ${oneLine(d.rationale)}`);
  if (pack.usefulness.length > 0)
    out.push(
      '',
      `Usefulness to the worker (0-10): ${pack.usefulness.map((r) => `${r.stageTitle} ${r.value}`).join('; ')}`,
    );
  return out.join('\n');
}

/** How an entry added after agreement is marked in the text formats. */
export const laterTag = (pack: Pick<Pack, 'consultation'>, entry: { laterAddition: boolean; at: string }) =>
  entry.laterAddition ? ` [added after agreement, ${localTime(pack, entry.at)}]` : '';

/** "■■■■■■□□□□ 6/10": the usefulness chart in text formats. */
export function ratingBar(value: number): string {
  return `${'■'.repeat(value)}${'□'.repeat(10 - value)} ${value}/10`;
}

/** The file name a download gets: the pseudonym, the date, draft or not, and the format; nothing else. */
export function packFileName(pack: Pack, format: PackFormat): string {
  const safe =
    pack.title
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'session';
  return `supervision-record-${safe}-${pack.date}${pack.status === 'draft' ? '-DRAFT' : ''}.${format}`;
}

/** An item's text with its relationship tag, as every format prints it. */
export function itemText(item: PackItem): string {
  return item.relationship ? `${item.text} [relationship question]` : item.text;
}

/** The safety scale's definition, in lines every format prints the same (before the ratings). */
export function safetyScaleLines(pack: Pick<Pack, 'safetyScaleDefinition'>): string[] {
  const d = pack.safetyScaleDefinition;
  if (!d) return [];
  return [`Question: ${d.question}`, `10 means: ${d.ten}`, `0 means: ${d.zero}`];
}

/** The worker's answers in the review, in lines every format prints the same. */
export function reviewLines(pack: Pack): string[] {
  const r = pack.review;
  const lines: string[] = [];
  if (r.mostUseful) lines.push(`Most useful: ${r.mostUseful}`);
  if (r.enough !== null) lines.push(`Is this enough for now? ${r.enough ? 'Yes' : 'No'}`);
  if (r.focus) lines.push(`Further focus: ${r.focus}`);
  if (r.stickingPoint) lines.push(`Sticking point: ${r.stickingPoint}`);
  return lines;
}

/** The worker's words at each check-in ("most useful so far"). */
export function checkInWordLines(pack: Pack): string[] {
  return pack.usefulness.filter((r) => r.words).map((r) => `${r.stageTitle}: "${r.words}"`);
}
