/** The record as Markdown: for pasting into notes and case records that take plain text. */
import { type Pack, ratingBar } from '../../shared/pack.js';
import { type Block, outline } from './outline.js';

const flat = (text: string) => text.replace(/\s*\n+\s*/g, ' ');
const cell = (text: string) => flat(text).replace(/\|/g, '\\|');

function block(b: Block): string[] {
  switch (b.kind) {
    case 'title':
      return [`# ${b.text}`, ''];
    case 'heading':
      return [`${'#'.repeat(b.level + 1)} ${b.text}`, ''];
    case 'para':
      if (b.tone === 'warning') return [`**${b.text}**`, ''];
      return [b.tone === 'italic' || b.tone === 'muted' ? `_${b.text}_` : b.text, ''];
    case 'item':
      return [`${b.number}. ${b.chosen ? '**[Chosen]** ' : ''}${flat(b.text)}${b.author ? ` _(${b.author})_` : ''}`];
    case 'table': {
      const header = b.columns.every((c) => c === '') ? b.rows[0]!.map(() => ' ') : b.columns;
      return [
        `| ${header.join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
        '',
      ];
    }
    case 'ratings':
      return [...b.rows.map((r) => `- ${r.label}: \`${ratingBar(r.value)}\``), ''];
    case 'plain':
      return ['```text', b.text, '```', ''];
    case 'board':
      return [];
  }
}

export function renderMarkdown(pack: Pack): string {
  const out: string[] = [`**${pack.protectiveMarking}**`, ''];
  let inList = false;
  for (const b of outline(pack)) {
    // A numbered list ends with a blank line before whatever follows it.
    if (inList && b.kind !== 'item') out.push('');
    inList = b.kind === 'item';
    out.push(...block(b));
  }
  if (inList) out.push('');
  out.push(`**${pack.protectiveMarking}**`, '');
  return out.join('\n');
}
