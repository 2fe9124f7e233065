/** The pack as DOCX, where case recording lives: headings, numbered items, page numbers. */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import {
  checkInWordLines,
  itemText,
  type Pack,
  type PackItem,
  ratingBar,
  reviewLines,
  safetyScaleLines,
} from '../../shared/pack.js';

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level, keepNext: true });
const para = (text: string, italics = false) => new Paragraph({ children: [new TextRun({ text, italics })] });

function item(i: PackItem): Paragraph {
  const runs = [new TextRun({ text: `${i.number}.\t` })];
  if (i.chosen) runs.push(new TextRun({ text: '[Chosen] ', bold: true }));
  runs.push(new TextRun({ text: itemText(i) }));
  if (i.author) runs.push(new TextRun({ text: ` (${i.author})`, italics: true }));
  // keepLines: an item is never split across a page break.
  return new Paragraph({
    children: runs,
    keepLines: true,
    indent: { left: 480, hanging: 480 },
    spacing: { after: 120 },
  });
}

export async function renderDocx(pack: Pack, boardImage: Buffer | null = null): Promise<Buffer> {
  const body: Paragraph[] = [
    heading(`Question pack: ${pack.title}`, HeadingLevel.TITLE),
    para(`Session held on ${pack.date}.`),
    heading("The worker's goal", HeadingLevel.HEADING_1),
    para(pack.workerGoal || 'Not recorded.', !pack.workerGoal),
    heading('Chosen next steps', HeadingLevel.HEADING_1),
  ];
  if (pack.nextSteps.length === 0) body.push(para('None chosen.', true));
  for (const s of pack.nextSteps) body.push(item({ ...s, chosen: false, text: `${s.text} (${s.stageTitle})` }));
  for (const section of pack.sections) {
    body.push(heading(`${section.stageNumber}. ${section.title}`, HeadingLevel.HEADING_1));
    if (section.chosenCount > 0)
      body.push(para(`${section.chosenCount} chosen by the caseworker, listed first.`, true));
    for (const group of section.groups) {
      if (group.label) body.push(heading(group.label, HeadingLevel.HEADING_2));
      for (const i of group.items) body.push(item(i));
    }
  }
  body.push(heading('Safety scale by key player', HeadingLevel.HEADING_1));
  for (const l of safetyScaleLines(pack)) body.push(para(l));
  if (pack.safetyScale.length === 0) body.push(para('No ratings recorded.', true));
  for (const r of pack.safetyScale) body.push(para(`${r.keyPlayer}: ${r.value}/10`));
  body.push(heading('Usefulness through the session', HeadingLevel.HEADING_1));
  body.push(para('0 = no better off or any clearer than at the start; 10 = got what I need from the consult.', true));
  if (pack.usefulness.length === 0) body.push(para('No check-ins recorded.', true));
  for (const r of pack.usefulness) {
    body.push(
      new Paragraph({
        children: [
          new TextRun({ text: `${r.stageTitle}: ` }),
          new TextRun({ text: ratingBar(r.value), font: 'Consolas' }),
        ],
      }),
    );
  }
  for (const l of checkInWordLines(pack)) body.push(para(l, true));
  if (pack.harmMapped.length > 0)
    body.push(
      para(`How well past harm was already mapped (0-10): ${pack.harmMapped.map((r) => `${r.value}/10`).join(', ')}`),
    );
  const review = reviewLines(pack);
  if (review.length > 0) body.push(heading('Review and next steps', HeadingLevel.HEADING_1));
  for (const l of review) body.push(para(l));

  if (boardImage) {
    const { width, height } = pngSize(boardImage);
    const scale = Math.min(1, 620 / width, 820 / height);
    body.push(
      new Paragraph({ text: 'The board: genogram and map', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
    );
    body.push(
      new Paragraph({
        children: [
          new ImageRun({
            type: 'png',
            data: boardImage,
            transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
          }),
        ],
      }),
    );
  }

  const marking = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: pack.protectiveMarking, bold: true })],
    });
  const doc = new Document({
    title: `Question pack: ${pack.title}`,
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

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
