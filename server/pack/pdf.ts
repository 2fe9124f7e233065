/**
 * The pack as PDF, the one people print: A4, the protective marking at the top and bottom of every
 * page, numbered items that never split across a page break, page numbers, and the usefulness
 * ratings as a small bar chart.
 */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import {
  checkInWordLines,
  itemText,
  type Pack,
  type PackItem,
  reviewLines,
  safetyScaleLines,
} from '../../shared/pack.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const BOTTOM = A4.height - MARGIN - 24; // room for the footer
const INK = '#1b1f24';
const MUTED = '#55606d';
const ACCENT = '#0b5cad';

/**
 * DejaVu Sans, embedded (pdfkit keeps only the glyphs used): unlike pdfkit's built-in Helvetica,
 * which speaks only Windows-1252, it prints names and words in Polish, Romanian, Czech, Turkish,
 * Vietnamese, Greek, Cyrillic and more. The files come from the dejavu-fonts-ttf package.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = {
  Sans: 'DejaVuSans.ttf',
  'Sans-Bold': 'DejaVuSans-Bold.ttf',
  'Sans-Oblique': 'DejaVuSans-Oblique.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;
let fonts: { files: Record<FontName, Buffer>; coverage: fontkit.Font } | null = null;
function loadFonts() {
  if (!fonts) {
    const files = Object.fromEntries(
      Object.entries(FONT_FILES).map(([name, file]) => [
        name,
        fs.readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)),
      ]),
    ) as Record<FontName, Buffer>;
    fonts = { files, coverage: fontkit.create(files.Sans) };
  }
  return fonts;
}

/** The text with any character the font cannot draw (emoji, CJK) shown as '?', never as an empty box. */
export function printable(text: string): string {
  const { coverage } = loadFonts();
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += code === 0x0a || (code >= 0x20 && code !== 0x7f && coverage.hasGlyphForCodePoint(code)) ? ch : '?';
  }
  return out;
}

export function renderPdf(pack: Pack, boardImage: Buffer | null = null): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 16, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: printable(`Question pack: ${pack.title}`), Creator: 'groupmap' },
  });
  for (const [name, data] of Object.entries(loadFonts().files)) doc.registerFont(name, data);
  doc.font('Sans');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  /** Starts a new page when a block of this height would cross the bottom margin. */
  const ensureRoom = (height: number) => {
    if (doc.y + height > BOTTOM) doc.addPage();
  };
  const heading = (text: string, size: number, gapBefore = 14) => {
    ensureRoom(size * 3 + 30); // a heading never ends a page alone
    doc
      .moveDown(gapBefore / 12)
      .font('Sans-Bold')
      .fontSize(size)
      .fillColor(INK)
      .text(printable(text), MARGIN, doc.y, { width: WIDTH });
    doc.moveDown(0.3);
  };
  const body = (text: string, color = INK, italic = false) => {
    doc
      .font(italic ? 'Sans-Oblique' : 'Sans')
      .fontSize(11)
      .fillColor(color);
    const t = printable(text);
    ensureRoom(doc.heightOfString(t, { width: WIDTH }));
    doc.text(t, MARGIN, doc.y, { width: WIDTH });
    doc.moveDown(0.3);
  };
  const item = (i: PackItem, suffix = '') => {
    const label = `${i.number}.`;
    const text = printable(`${i.chosen ? '[Chosen] ' : ''}${itemText(i)}${i.author ? ` (${i.author})` : ''}${suffix}`);
    doc.font(i.chosen ? 'Sans-Bold' : 'Sans').fontSize(11);
    const height = doc.heightOfString(text, { width: WIDTH - 28 });
    ensureRoom(height + 4);
    const y = doc.y;
    doc
      .fillColor(i.chosen ? ACCENT : MUTED)
      .font('Sans-Bold')
      .text(label, MARGIN, y, { width: 24, align: 'right' });
    doc
      .fillColor(INK)
      .font(i.chosen ? 'Sans-Bold' : 'Sans')
      .text(text, MARGIN + 28, y, { width: WIDTH - 28 });
    doc.moveDown(0.45);
  };

  doc
    .font('Sans-Bold')
    .fontSize(22)
    .fillColor(INK)
    .text(printable(`Question pack: ${pack.title}`), { width: WIDTH });
  doc.moveDown(0.2);
  body(`Session held on ${pack.date}. Everything the group wrote for you, with your choices first.`, MUTED);

  heading("The worker's goal", 15);
  body(pack.workerGoal || 'Not recorded.', pack.workerGoal ? INK : MUTED, !pack.workerGoal);

  heading('Chosen next steps', 15);
  if (pack.nextSteps.length === 0) body('None chosen.', MUTED, true);
  for (const s of pack.nextSteps) item({ ...s, chosen: false }, ` (${s.stageTitle})`);

  for (const section of pack.sections) {
    heading(`${section.stageNumber}. ${section.title}`, 15);
    if (section.chosenCount > 0) body(`${section.chosenCount} chosen by the caseworker, listed first.`, MUTED, true);
    for (const group of section.groups) {
      if (group.label) heading(group.label, 12, 6);
      for (const i of group.items) item(i);
    }
  }

  heading('Safety scale by key player', 15);
  for (const l of safetyScaleLines(pack)) body(l);
  if (pack.safetyScale.length === 0) body('No ratings recorded.', MUTED, true);
  for (const r of pack.safetyScale) body(`${r.keyPlayer}: ${r.value}/10`);

  heading('Usefulness through the session', 15);
  body('0 = no better off or any clearer than at the start; 10 = got what I need from the consult.', MUTED, true);
  if (pack.usefulness.length === 0) body('No check-ins recorded.', MUTED, true);
  else drawChart(doc, pack.usefulness, ensureRoom);
  for (const l of checkInWordLines(pack)) body(l, INK, true);
  if (pack.harmMapped.length > 0)
    body(`How well past harm was already mapped (0-10): ${pack.harmMapped.map((r) => `${r.value}/10`).join(', ')}`);
  const review = reviewLines(pack);
  if (review.length > 0) heading('Review and next steps', 15);
  for (const l of review) body(l);

  if (boardImage) {
    doc.addPage();
    heading('The board: genogram and map', 15, 0);
    doc.image(boardImage, MARGIN, doc.y, { fit: [WIDTH, BOTTOM - doc.y], align: 'center' });
  }

  // Every page: the marking at top and bottom, and "Page n of N".
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start a new page: lift the margin first.
    doc.page.margins.bottom = 0;
    const marking = printable(pack.protectiveMarking);
    doc.font('Sans-Bold').fontSize(9).fillColor(INK);
    doc.text(marking, MARGIN, MARGIN - 24, { width: WIDTH, align: 'center', lineBreak: false });
    doc.text(marking, MARGIN, A4.height - MARGIN - 6, { width: WIDTH, align: 'center', lineBreak: false });
    doc.font('Sans').fontSize(9).fillColor(MUTED);
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, A4.height - MARGIN + 8, {
      width: WIDTH,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}

function drawChart(doc: PDFKit.PDFDocument, ratings: Pack['usefulness'], ensureRoom: (h: number) => void): void {
  const rowHeight = 18;
  const labelWidth = 200;
  const barWidth = WIDTH - labelWidth - 40;
  ensureRoom(ratings.length * rowHeight + 20);
  let y = doc.y + 4;
  for (const r of ratings) {
    doc
      .font('Sans')
      .fontSize(10)
      .fillColor(INK)
      .text(printable(r.stageTitle), MARGIN, y + 3, { width: labelWidth - 8, lineBreak: false, ellipsis: true });
    doc
      .rect(MARGIN + labelWidth, y + 2, barWidth, rowHeight - 6)
      .fillColor('#e6ebf2')
      .fill();
    doc
      .rect(MARGIN + labelWidth, y + 2, (barWidth * r.value) / 10, rowHeight - 6)
      .fillColor(ACCENT)
      .fill();
    doc
      .font('Sans-Bold')
      .fontSize(10)
      .fillColor(INK)
      .text(`${r.value}/10`, MARGIN + labelWidth + barWidth + 6, y + 3, { lineBreak: false });
    y += rowHeight;
  }
  doc.x = MARGIN;
  doc.y = y + 8;
}
