/** One entry point for every pack format. */
import type { Pack, PackFormat } from '../../shared/pack.js';
import { renderDocx } from './docx.js';
import { renderMarkdown } from './markdown.js';
import { renderPdf } from './pdf.js';

export const CONTENT_TYPES: Record<PackFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** `boardImage`: the board as PNG, when the facilitator's browser has saved one (PDF and DOCX show it). */
export async function renderPack(pack: Pack, format: PackFormat, boardImage: Buffer | null = null): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return renderPdf(pack, boardImage);
    case 'docx':
      return renderDocx(pack, boardImage);
    case 'md':
      return Buffer.from(renderMarkdown(pack), 'utf8');
    case 'json':
      return Buffer.from(`${JSON.stringify(pack, null, 2)}\n`, 'utf8');
  }
}
