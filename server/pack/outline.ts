/**
 * What the supervision record says, in order, once for every format (REC-10): PDF, DOCX and
 * Markdown each only decide how a block looks. Three parts, as the policy keeps them apart (REC-5):
 *
 *   1. The record of the consultation, for the supervisee's record: who, when, the case reference,
 *      the goal and whether it was met, decisions with their rationale and any disagreement,
 *      actions, agreement, later additions, and when groupmap deletes it.
 *   2. The case-file summary, for the child's record: no disagreements, no process review.
 *   3. The question pack: everything the group wrote, the worker's choices first, and the worker's
 *      exact words as text (REC-8); then the genogram and the map on pages of their own (REC-9).
 */

import { BOARD_IMAGE_PARTS, type BoardImagePart, boardImageName, MAX_SLICES } from '../../shared/board/printPages.js';
import {
  agreementLines,
  checkInWordLines,
  goalMetLine,
  itemText,
  laterTag,
  localTime,
  type Pack,
  reviewLines,
  safetyScaleLines,
  whenLine,
} from '../../shared/pack.js';
import { MAP_COLUMN_TITLES } from '../../shared/process/map.js';

export type Tone = 'normal' | 'muted' | 'italic' | 'warning';

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; newPage?: boolean }
  | { kind: 'para'; text: string; tone?: Tone }
  | { kind: 'item'; number: number; text: string; chosen: boolean; author?: string | undefined }
  | { kind: 'table'; columns: string[]; widths: number[]; rows: string[][] }
  | { kind: 'ratings'; rows: Array<{ label: string; value: number }> }
  /** The summary as one block of plain text, to copy into a case-management system. */
  | { kind: 'plain'; text: string }
  /** A part of the board: its pictures' names, one page each, printed at one scale. */
  | { kind: 'board'; title: string; pages: string[] };

export const RECORD_TITLE = 'Group supervision record';

/** The same block with every piece of text passed through `fn` (a writer's escaping). */
export function mapText(b: Block, fn: (text: string) => string): Block {
  switch (b.kind) {
    case 'title':
    case 'heading':
    case 'para':
    case 'plain':
      return { ...b, text: fn(b.text) };
    case 'item':
      return { ...b, text: fn(b.text), ...(b.author !== undefined ? { author: fn(b.author) } : {}) };
    case 'table':
      return { ...b, columns: b.columns.map(fn), rows: b.rows.map((r) => r.map(fn)) };
    case 'ratings':
      return { ...b, rows: b.rows.map((r) => ({ ...r, label: fn(r.label) })) };
    case 'board':
      return { ...b, title: fn(b.title) };
  }
}

const boardTitle = (part: BoardImagePart) =>
  part === 'genogram' ? 'The genogram' : `The map: ${MAP_COLUMN_TITLES[part]}`;

/** The board's parts that have pictures, each with its pages in order; a legacy single picture last. */
function boardBlocks(names: ReadonlySet<string>): Block[] {
  const blocks: Block[] = [];
  for (const part of BOARD_IMAGE_PARTS) {
    if (!names.has(part)) continue;
    const pages = [part as string];
    for (let page = 2; page <= MAX_SLICES && names.has(boardImageName(part, page)); page++)
      pages.push(boardImageName(part, page));
    blocks.push({ kind: 'board', title: boardTitle(part), pages });
  }
  if (names.has('board')) blocks.push({ kind: 'board', title: 'The board', pages: ['board'] });
  return blocks;
}

export function outline(pack: Pack, boardImages: ReadonlySet<string> = new Set()): Block[] {
  const c = pack.consultation;
  const out: Block[] = [];
  const heading = (text: string, level: 1 | 2 | 3 = 2, newPage = false) =>
    out.push({ kind: 'heading', level, text, ...(newPage ? { newPage } : {}) });
  const para = (text: string, tone: Tone = 'normal') => out.push({ kind: 'para', text, tone });
  const at = (iso: string) => localTime(pack, iso);

  out.push({ kind: 'title', text: `${RECORD_TITLE}: ${pack.title}` });
  for (const line of agreementLines(pack))
    para(line, pack.status === 'draft' && line.startsWith('DRAFT') ? 'warning' : 'normal');

  // Part 1: the record of the consultation.
  heading('Part 1. Record of the consultation', 1);
  para(
    "For the supervisee's own supervision record. It holds any disagreement, which the case-file summary leaves out.",
    'muted',
  );
  out.push({
    kind: 'table',
    columns: ['', ''],
    widths: [0.28, 0.72],
    rows: [
      ['Date and time', whenLine(pack)],
      ['Case reference', c.caseReference ?? 'Not given'],
      ['Attendees', c.attendees.map((a) => `${a.name} (${a.role})`).join('\n')],
    ],
  });
  heading("The worker's goal");
  para(c.workerGoal || 'Not recorded.', c.workerGoal ? 'normal' : 'italic');
  heading('Was the goal met?');
  para(goalMetLine(pack));
  heading('Decisions');
  if (c.decisions.length === 0) para('None recorded.', 'italic');
  for (const d of c.decisions) {
    out.push({ kind: 'item', number: d.number, text: `${d.decision}${laterTag(pack, d)}`, chosen: false });
    para(`Rationale: ${d.rationale}`);
    para(`Disagreement: ${d.disagreement || 'None recorded.'}`, d.disagreement ? 'normal' : 'muted');
  }
  heading('Actions');
  actionsTable(pack, out);
  heading('Agreement');
  if (c.agreements.length === 0) para('Not yet agreed by either party.', 'italic');
  for (const a of c.agreements) para(`Agreed by ${a.name} (${a.role}) on ${at(a.at)}.`);
  if (c.laterAdditions.length > 0) {
    heading('Later additions', 3);
    para('Added after the record was agreed; the agreed record above is unchanged.', 'muted');
    for (const a of c.laterAdditions) para(`${at(a.at)}, ${a.name} (${a.role}): ${a.text}`);
  }
  if (c.deletesAt)
    para(`groupmap deletes this session on ${at(c.deletesAt)}. Keep this file where your records belong.`, 'muted');

  // Part 2: the case-file summary.
  heading("Part 2. Case-file summary for the child's record", 1, true);
  para(
    'Goal, danger statements and safety goals, safety scale, actions, decisions with their rationale, and usefulness. ' +
      'Disagreements and the review of the group process are not in it.',
    'muted',
  );
  out.push({ kind: 'plain', text: pack.caseFileSummary });

  // Part 3: the question pack.
  heading('Part 3. Question pack', 1, true);
  para("Everything the group wrote for the worker, the worker's choices first.", 'muted');
  heading('Chosen next steps');
  if (pack.nextSteps.length === 0) para('None chosen.', 'italic');
  for (const s of pack.nextSteps)
    out.push({ kind: 'item', number: s.number, text: `${s.text} (${s.stageTitle})`, chosen: false, author: s.author });
  for (const section of pack.sections) {
    heading(`${section.stageNumber}. ${section.title}`);
    if (section.chosenCount > 0) para(`${section.chosenCount} chosen by the caseworker, listed first.`, 'italic');
    for (const group of section.groups) {
      if (group.label) heading(group.label, 3);
      for (const i of group.items)
        out.push({ kind: 'item', number: i.number, text: itemText(i), chosen: i.chosen, author: i.author });
    }
  }
  heading("The worker's exact words");
  if (pack.exactWords.length === 0) para('None noted.', 'italic');
  for (const w of pack.exactWords) para(`“${w.text}”${w.fromGroup ? ' (noted by the group)' : ''}`);
  heading('Safety scale by key player');
  for (const l of safetyScaleLines(pack)) para(l);
  if (pack.safetyScale.length === 0) para('No ratings recorded.', 'italic');
  for (const r of pack.safetyScale) para(`${r.keyPlayer}: ${r.value}/10`);
  heading('Usefulness through the session');
  para('0 = no better off or any clearer than at the start; 10 = got what I need from the consult.', 'italic');
  if (pack.usefulness.length === 0) para('No check-ins recorded.', 'italic');
  else out.push({ kind: 'ratings', rows: pack.usefulness.map((r) => ({ label: r.stageTitle, value: r.value })) });
  for (const l of checkInWordLines(pack)) para(l, 'italic');
  if (pack.harmMapped.length > 0)
    para(`How well past harm was already mapped (0-10): ${pack.harmMapped.map((r) => `${r.value}/10`).join(', ')}`);
  const review = reviewLines(pack);
  if (review.length > 0) heading('Review and next steps');
  for (const l of review) para(l);

  out.push(...boardBlocks(boardImages));
  return out;
}

function actionsTable(pack: Pack, out: Block[]): void {
  const actions = pack.consultation.actions;
  if (actions.length === 0) {
    out.push({ kind: 'para', text: 'None recorded.', tone: 'italic' });
    return;
  }
  out.push({
    kind: 'table',
    columns: ['#', 'Action', 'Lead', 'Due'],
    widths: [0.06, 0.58, 0.2, 0.16],
    rows: actions.map((a) => [
      String(a.number),
      `${a.text}${a.fromQuestion ? `\nFrom the question: ${a.fromQuestion}` : ''}${laterTag(pack, a)}`,
      a.owner,
      a.due,
    ]),
  });
}
