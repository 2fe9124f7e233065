/** The record as Markdown: for pasting into notes and case records that take plain text. */
import { type Pack, ratingBar } from '../../shared/pack.js';
import { oneLine } from '../../shared/safeInput.js';
import { type Block, outline } from './outline.js';

/**
 * Text exactly as written, whatever it holds: every character Markdown (or the HTML it lets
 * through) would read as syntax is escaped, and so is anything at the start of a line that would
 * make a heading, a quote or a list. No name or item can add a link, an image, a tag or a heading.
 */
export function literal(text: string): string {
  return inline(text).split('\n').map(lineStart).join('\n');
}
const inline = (text: string) => text.replace(/[\\`*_[\]<>|~&!]/g, (c) => `\\${c}`);
/** A line's (or a list item's) first characters, which could open a block. */
const lineStart = (line: string) => line.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
/** On one line, as a heading's text (after its hashes nothing opens a block). */
const heading = (text: string) => inline(oneLine(text));
/** On one line where a block could still open (a list item, a table flat). */
const flat = (text: string) => lineStart(heading(text));

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'title':
      return [`# ${heading(b.text)}`, ''];
    case 'heading':
      return [`${'#'.repeat(b.level + 1)} ${heading(b.text)}`, ''];
    case 'para':
      if (b.tone === 'warning') return [`**${literal(b.text)}**`, ''];
      return [b.tone === 'italic' || b.tone === 'muted' ? `_${literal(b.text)}_` : literal(b.text), ''];
    case 'item':
      return [
        `${b.number}. ${b.chosen ? '**[Chosen]** ' : ''}${flat(b.text)}${b.author ? ` _(${flat(b.author)})_` : ''}`,
      ];
    case 'table': {
      const header = b.columns.every((c) => c === '') ? b.rows[0]!.map(() => ' ') : b.columns;
      return [
        `| ${header.map(flat).join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(flat).join(' | ')} |`),
        '',
      ];
    }
    case 'ratings':
      return [...b.rows.map((r) => `- ${flat(r.label)}: \`${ratingBar(r.value)}\``), ''];
    case 'plain':
      // Inside a fence nothing is syntax: the text pastes into a case record as it is.
      return [`${fence(b.text)}text`, b.text, fence(b.text), ''];
    case 'board':
      return [];
  }
}

export function renderMarkdown(pack: Pack): string {
  const out: string[] = [`**${flat(pack.protectiveMarking)}**`, ''];
  let inList = false;
  for (const b of outline(pack)) {
    // A numbered list ends with a blank line before whatever follows it.
    if (inList && b.kind !== 'item') out.push('');
    inList = b.kind === 'item';
    out.push(...block(b));
  }
  if (inList) out.push('');
  out.push(`**${flat(pack.protectiveMarking)}**`, '');
  return out.join('\n');
}
