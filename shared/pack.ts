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
import { EMPTY_REVIEW, type Item, type SessionState } from './state.js';

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

export const PackSchema = z.object({
  schema: z.literal('groupmap.pack/2'),
  title: z.string(),
  /** The day the session was held (ISO date). */
  date: z.string(),
  generatedAt: z.string(),
  protectiveMarking: z.string(),
  attribution: z.boolean(),
  workerGoal: z.string(),
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

export interface PackOptions {
  protectiveMarking: string;
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The pack may be downloaded once something has been handed over (or the session has ended). */
export function packAvailable(state: SessionState): boolean {
  return state.status === 'ended' || Object.keys(state.handedOver).length > 0;
}

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

  return {
    schema: 'groupmap.pack/2',
    title: state.title,
    date: iso(state.startedAt ?? state.createdAt).slice(0, 10),
    generatedAt: iso(options.now),
    protectiveMarking: options.protectiveMarking,
    attribution,
    workerGoal: state.workerGoal,
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
}

/** "■■■■■■□□□□ 6/10": the usefulness chart in text formats. */
export function ratingBar(value: number): string {
  return `${'■'.repeat(value)}${'□'.repeat(10 - value)} ${value}/10`;
}

/** The file name a download gets: the pseudonym, the date and the format, nothing else. */
export function packFileName(pack: Pack, format: PackFormat): string {
  const safe =
    pack.title
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'session';
  return `question-pack-${safe}-${pack.date}.${format}`;
}

/** An item's text with its relationship tag, as every format prints it. */
export function itemText(item: PackItem): string {
  return item.relationship ? `${item.text} [relationship question]` : item.text;
}

/** The safety scale's definition, in lines every format prints the same (before the ratings). */
export function safetyScaleLines(pack: Pack): string[] {
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
