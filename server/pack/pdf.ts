/**
 * The record as PDF, the one people print: A4, the protective marking (and DRAFT until agreed) at
 * the top and bottom of every page, numbered items and table rows that never split across a page
 * break, page numbers, the usefulness ratings as a small bar chart, and the genogram and the map
 * each on a page of its own.
 */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Pack } from '../../shared/pack.js';
import type { BoardImages } from '../store/boardStore.js';
import { type Block, outline, RECORD_TITLE, type Tone } from './outline.js';
import { boardPages, isLandscape } from './png.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const INK = '#1b1f24';
const MUTED = '#55606d';
const ACCENT = '#0b5cad';
const WARNING = '#b3261e';

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

export function renderPdf(pack: Pack, images: BoardImages = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 16, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: printable(`${RECORD_TITLE}: ${pack.title}`), Creator: 'groupmap' },
  });
  for (const [name, data] of Object.entries(loadFonts().files)) doc.registerFont(name, data);
  doc.font('Sans');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  /** The page's bottom edge for content (pages differ: board pages may be landscape). */
  const bottom = () => doc.page.height - MARGIN - 24;
  const width = () => doc.page.width - 2 * MARGIN;
  /** Starts a new page when a block of this height would cross the bottom margin. */
  const ensureRoom = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (text: string, size: number, gapBefore = 14) => {
    ensureRoom(size * 3 + 30); // a heading never ends a page alone
    doc
      .moveDown(gapBefore / 12)
      .font('Sans-Bold')
      .fontSize(size)
      .fillColor(INK)
      .text(printable(text), MARGIN, doc.y, { width: width() });
    doc.moveDown(0.3);
  };
  const body = (text: string, tone: Tone = 'normal') => {
    doc
      .font(tone === 'italic' ? 'Sans-Oblique' : tone === 'warning' ? 'Sans-Bold' : 'Sans')
      .fontSize(11)
      .fillColor(tone === 'muted' ? MUTED : tone === 'warning' ? WARNING : INK);
    const t = printable(text);
    ensureRoom(doc.heightOfString(t, { width: width() }));
    doc.text(t, MARGIN, doc.y, { width: width() });
    doc.moveDown(0.3);
  };
  const item = (b: Extract<Block, { kind: 'item' }>) => {
    const label = `${b.number}.`;
    const text = printable(`${b.chosen ? '[Chosen] ' : ''}${b.text}${b.author ? ` (${b.author})` : ''}`);
    doc.font(b.chosen ? 'Sans-Bold' : 'Sans').fontSize(11);
    const height = doc.heightOfString(text, { width: WIDTH - 28 });
    ensureRoom(height + 4);
    const y = doc.y;
    doc
      .fillColor(b.chosen ? ACCENT : MUTED)
      .font('Sans-Bold')
      .text(label, MARGIN, y, { width: 24, align: 'right' });
    doc
      .fillColor(INK)
      .font(b.chosen ? 'Sans-Bold' : 'Sans')
      .text(text, MARGIN + 28, y, { width: WIDTH - 28 });
    doc.moveDown(0.45);
  };

  for (const b of outline(pack, new Set(Object.keys(images)))) {
    switch (b.kind) {
      case 'title':
        doc.font('Sans-Bold').fontSize(20).fillColor(INK).text(printable(b.text), { width: WIDTH });
        doc.moveDown(0.3);
        break;
      case 'heading':
        if (b.newPage) doc.addPage();
        heading(b.text, b.level === 1 ? 16 : b.level === 2 ? 13.5 : 12, b.newPage ? 0 : b.level === 1 ? 16 : 10);
        break;
      case 'para':
        body(b.text, b.tone);
        break;
      case 'item':
        item(b);
        break;
      case 'table':
        drawTable(doc, b, ensureRoom);
        break;
      case 'ratings':
        drawChart(doc, b.rows, ensureRoom);
        break;
      case 'plain':
        drawPlain(doc, b.text, ensureRoom);
        break;
      case 'board':
        drawBoardPages(
          doc,
          b.title,
          b.pages.map((name) => images[name]!),
        );
        break;
    }
  }

  // Every page: the marking at top and bottom (with DRAFT until both have agreed), and "Page n of N".
  const range = doc.bufferedPageRange();
  const marking = printable(`${pack.protectiveMarking}${pack.status === 'draft' ? '  ·  DRAFT' : ''}`);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width: w, height: h } = doc.page;
    // Writing inside the bottom margin would make pdfkit start a new page: lift the margin first.
    doc.page.margins.bottom = 0;
    doc
      .font('Sans-Bold')
      .fontSize(9)
      .fillColor(pack.status === 'draft' ? WARNING : INK);
    doc.text(marking, MARGIN, MARGIN - 24, { width: w - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.text(marking, MARGIN, h - MARGIN - 6, { width: w - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.font('Sans').fontSize(9).fillColor(MUTED);
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, h - MARGIN + 8, {
      width: w - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}

/**
 * A part of the board on pages of its own, as large as the pages allow (REC-9): landscape when the
 * drawing is wider than tall, so a genogram's names print at a readable size. A tall column comes
 * in slices, each on its own page; every slice is printed at the same scale, so its notes read
 * alike from page to page.
 */
function drawBoardPages(doc: PDFKit.PDFDocument, title: string, pngs: Buffer[]): void {
  const layout = isLandscape(pngs) ? 'landscape' : 'portrait';
  const page = layout === 'landscape' ? { w: A4.height, h: A4.width } : { w: A4.width, h: A4.height };
  // Room for the heading above the picture and the marking below it.
  const box = { w: page.w - 2 * MARGIN, h: page.h - 2 * MARGIN - 16 - 24 - 28 };
  for (const p of boardPages(title, pngs, box)) {
    doc.addPage({ size: 'A4', layout, margins: doc.page.margins });
    doc.font('Sans-Bold').fontSize(13.5).fillColor(INK).text(printable(p.heading), MARGIN, doc.y, { width: box.w });
    doc.moveDown(0.4);
    doc.image(p.png, MARGIN + (box.w - p.width) / 2, doc.y, { width: p.width, height: p.height });
  }
}

/** The case-file summary as a boxed block of plain text, as it will be pasted. */
function drawPlain(doc: PDFKit.PDFDocument, text: string, ensureRoom: (h: number) => void): void {
  doc.font('Sans').fontSize(10).fillColor(INK);
  for (const paragraph of printable(text).split('\n\n')) {
    const h = doc.heightOfString(paragraph, { width: WIDTH - 16 });
    ensureRoom(h + 8);
    const y = doc.y;
    doc.text(paragraph, MARGIN + 12, y, { width: WIDTH - 16 });
    doc
      .moveTo(MARGIN + 2, y - 2)
      .lineTo(MARGIN + 2, doc.y + 2)
      .lineWidth(3)
      .strokeColor(ACCENT)
      .stroke();
    doc.moveDown(0.6);
  }
  doc.x = MARGIN;
}

/** A table with a header row (when the columns have names); a row never splits across pages. */
function drawTable(
  doc: PDFKit.PDFDocument,
  b: Extract<Block, { kind: 'table' }>,
  ensureRoom: (h: number) => void,
): void {
  const pad = 5;
  const widths = b.widths.map((f) => f * WIDTH);
  const drawRow = (cells: string[], header: boolean) => {
    const bold = (i: number) => header || (b.columns[0] === '' && i === 0);
    const heights = cells.map((c, i) =>
      doc
        .font(bold(i) ? 'Sans-Bold' : 'Sans')
        .fontSize(10)
        .heightOfString(printable(c), { width: widths[i]! - 2 * pad }),
    );
    const h = Math.max(...heights) + 2 * pad;
    ensureRoom(h);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      if (header) doc.rect(x, y, widths[i]!, h).fillColor('#e6ebf2').fill();
      doc.rect(x, y, widths[i]!, h).lineWidth(0.5).strokeColor('#b8c2cc').stroke();
      doc
        .font(bold(i) ? 'Sans-Bold' : 'Sans')
        .fontSize(10)
        .fillColor(INK)
        .text(printable(c), x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    doc.x = MARGIN;
    doc.y = y + h;
  };
  if (b.columns.some((c) => c !== '')) drawRow(b.columns, true);
  for (const r of b.rows) drawRow(r, false);
  doc.moveDown(0.6);
}

function drawChart(
  doc: PDFKit.PDFDocument,
  ratings: Array<{ label: string; value: number }>,
  ensureRoom: (h: number) => void,
): void {
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
      .text(printable(r.label), MARGIN, y + 3, { width: labelWidth - 8, lineBreak: false, ellipsis: true });
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
