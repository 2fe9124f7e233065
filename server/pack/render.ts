/** One entry point for every pack format. */
import type { Pack, PackFormat } from '../../shared/pack.js';
import type { BoardImages } from '../store/boardStore.js';
import { renderDocx } from './docx.js';
import { renderMarkdown } from './markdown.js';
import { renderPdf } from './pdf.js';

export const CONTENT_TYPES: Record<PackFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The formats that show the board image; the others never need it loaded. */
export const SHOWS_BOARD_IMAGE: ReadonlySet<PackFormat> = new Set(['pdf', 'docx']);

/** `boardImages`: the board's parts as PNG, those the facilitator's browser has saved (see SHOWS_BOARD_IMAGE). */
export async function renderPack(pack: Pack, format: PackFormat, boardImages: BoardImages = {}): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return renderPdf(pack, boardImages);
    case 'docx':
      return renderDocx(pack, boardImages);
    case 'md':
      return Buffer.from(renderMarkdown(pack), 'utf8');
    case 'json':
      return Buffer.from(`${JSON.stringify(pack, null, 2)}\n`, 'utf8');
  }
}
