/** The record as DOCX, where case recording lives: headings, numbered items, tables, page numbers. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type Pack, ratingBar } from '../../shared/pack.js';
import type { BoardImages } from '../store/boardStore.js';
import { type Block, mapText, outline, RECORD_TITLE } from './outline.js';
import { boardPages } from './png.js';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
/** Usable width of an A4 page with 2 cm margins, in twentieths of a point. */
const PAGE_WIDTH_TWIPS = 11906 - 2 * 1134;
const GREY = '55606D';

/** Lines of text as runs with breaks between them (Word keeps a cell's line breaks). */
const lines = (text: string, opts: { bold?: boolean; font?: string } = {}) =>
  text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...opts }));

function paragraph(b: Extract<Block, { kind: 'para' }>): Paragraph {
  const tone = b.tone ?? 'normal';
  return new Paragraph({
    spacing: { after: 100 },
    children: [
      new TextRun({
        text: b.text,
        italics: tone === 'italic',
        bold: tone === 'warning',
        color: tone === 'muted' ? GREY : tone === 'warning' ? 'B3261E' : undefined,
      }),
    ],
  });
}

function table(b: Extract<Block, { kind: 'table' }>): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'B8C2CC' };
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: Math.round(b.widths[i]! * PAGE_WIDTH_TWIPS), type: WidthType.DXA },
            borders: { top: border, bottom: border, left: border, right: border },
            children: [new Paragraph({ children: lines(text, { bold: header || (b.columns[0] === '' && i === 0) }) })],
          }),
      ),
    });
  const header = b.columns.some((c) => c !== '') ? [row(b.columns, true)] : [];
  return new Table({
    width: { size: PAGE_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: b.widths.map((w) => Math.round(w * PAGE_WIDTH_TWIPS)),
    rows: [...header, ...b.rows.map((r) => row(r, false))],
  });
}

/** A part of the board, one picture to a page, every slice at the same scale (as in the PDF). */
function boardParagraphs(title: string, pngs: Buffer[]): Paragraph[] {
  // The page's width and height inside its margins, in the pixels ImageRun measures in.
  return boardPages(title, pngs, { w: 620, h: 860 }).flatMap((p) => [
    new Paragraph({ text: p.heading, heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
    new Paragraph({
      children: [
        new ImageRun({
          type: 'png',
          data: p.png,
          transformation: { width: Math.round(p.width), height: Math.round(p.height) },
        }),
      ],
    }),
  ]);
}

/**
 * Only characters XML 1.0 allows: one U+FFFF (or a control character, or half a surrogate pair)
 * makes word/document.xml malformed, and Word refuses the whole file.
 */
export function xmlText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: naming the allowed control characters is the point
  return text.replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

export async function renderDocx(pack: Pack, images: BoardImages = {}): Promise<Buffer> {
  const body: Array<Paragraph | Table> = [];
  for (const b of outline(pack, new Set(Object.keys(images))).map((block) => mapText(block, xmlText))) {
    switch (b.kind) {
      case 'title':
        body.push(new Paragraph({ text: b.text, heading: HeadingLevel.TITLE }));
        break;
      case 'heading':
        body.push(
          new Paragraph({ text: b.text, heading: HEADINGS[b.level], keepNext: true, pageBreakBefore: b.newPage }),
        );
        break;
      case 'para':
        body.push(paragraph(b));
        break;
      case 'item': {
        const runs = [new TextRun({ text: `${b.number}.\t` })];
        if (b.chosen) runs.push(new TextRun({ text: '[Chosen] ', bold: true }));
        runs.push(new TextRun({ text: b.text }));
        if (b.author) runs.push(new TextRun({ text: ` (${b.author})`, italics: true }));
        // keepLines: an item is never split across a page break.
        body.push(
          new Paragraph({
            children: runs,
            keepLines: true,
            indent: { left: 480, hanging: 480 },
            spacing: { after: 120 },
          }),
        );
        break;
      }
      case 'table':
        body.push(table(b), new Paragraph({ text: '' }));
        break;
      case 'ratings':
        for (const r of b.rows)
          body.push(
            new Paragraph({
              children: [
                new TextRun({ text: `${r.label}: ` }),
                new TextRun({ text: ratingBar(r.value), font: 'Consolas' }),
              ],
            }),
          );
        break;
      case 'plain':
        body.push(
          new Paragraph({
            border: { left: { style: BorderStyle.SINGLE, size: 12, color: '0B5CAD', space: 8 } },
            children: lines(b.text, { font: 'Consolas' }),
          }),
        );
        break;
      case 'board':
        body.push(
          ...boardParagraphs(
            b.title,
            b.pages.map((name) => images[name]!),
          ),
        );
        break;
    }
  }

  const marking = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: xmlText(pack.protectiveMarking), bold: true })],
    });
  const doc = new Document({
    title: xmlText(`${RECORD_TITLE}: ${pack.title}`),
    creator: 'groupmap',
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } },
        },
        headers: { default: new Header({ children: [marking()] }) },
        footers: {
          default: new Footer({
            children: [
              marking(),
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
