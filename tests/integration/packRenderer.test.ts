/**
 * The pack renderer (server/pack/renderer.ts): PDF and DOCX are rendered on a worker thread, so a
 * download never holds up the sockets; the worker's files read the same as ones rendered in place,
 * concurrent downloads each get their own file, and a worker that dies fails only what it held.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPack } from '../../server/pack/render.js';
import { PackRenderer } from '../../server/pack/renderer.js';
import { buildPack, type Pack } from '../../shared/pack.js';
import { bluePng } from '../helpers/png.js';
import { Sim } from '../helpers/sim.js';

const WRITERS = ['p1-00001', 'p2-00001', 'p3-00001', 'adv-0001', 'fac-0001'];

function packTitled(title: string, items = 3): Pack {
  const s = Sim.room().goTo('working-well');
  for (let i = 1; i <= items; i++)
    s.do(WRITERS[i % WRITERS.length]!, {
      type: 'item.submit',
      itemId: `item-${String(i).padStart(4, '0')}`,
      stageId: 'working-well',
      text: `${title} question ${i}`,
    });
  s.do('fac-0001', { type: 'stage.handOver' });
  return { ...buildPack(s.state, { protectiveMarking: 'OFFICIAL-SENSITIVE', now: s.now }), title };
}

function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-')), 'pack.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

async function docxText(docx: Buffer): Promise<string> {
  return (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
}

const renderers: PackRenderer[] = [];
function renderer() {
  const r = new PackRenderer();
  renderers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(renderers.splice(0).map((r) => r.close()));
});

describe('the pack renderer', () => {
  it('renders PDF and DOCX on a worker thread, Markdown and JSON in place', async () => {
    const r = renderer();
    const pack = packTitled('Family K');
    expect((await r.render(pack, 'md')).toString('utf8')).toContain('Family K question 1');
    expect(JSON.parse((await r.render(pack, 'json')).toString('utf8')).title).toBe('Family K');
    expect(r.threadId).toBeNull(); // no worker for the quick formats
    const pdf = await r.render(pack, 'pdf');
    expect(r.threadId).not.toBeNull();
    expect(r.threadId).not.toBe(threadId);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("the worker's files read the same as ones rendered in place", async () => {
    const r = renderer();
    const pack = packTitled('Family L', 40);
    expect(pdfText(await r.render(pack, 'pdf'))).toBe(pdfText(await renderPack(pack, 'pdf')));
    expect(await docxText(await r.render(pack, 'docx'))).toBe(await docxText(await renderPack(pack, 'docx')));
  });

  it('REC-9: passes the board pictures through to the PDF, each part on a page of its own', async () => {
    const r = renderer();
    const withImage = await r.render(packTitled('Family M'), 'pdf', { genogram: bluePng(), needs: bluePng() });
    expect(pdfText(withImage)).toContain('The genogram');
    expect(pdfText(withImage)).toContain('The map: What needs to happen?');
    expect(pdfText(withImage)).not.toContain("The map: What's working well?");
    expect(withImage.includes(Buffer.from('/Subtype /Image'))).toBe(true);
  });

  it('REC-9: prints a tall column over the pages it was sliced into, all at one scale', async () => {
    const r = renderer();
    // A column in three slices: two full pages and a short last one, as the facilitator's browser cuts it.
    const images = { worried: bluePng(100, 220), 'worried-2': bluePng(100, 220), 'worried-3': bluePng(100, 60) };
    const pdf = await r.render(packTitled('Family S'), 'pdf', { ...images, 'needs-3': bluePng() });
    const text = pdfText(pdf);
    for (const n of [1, 2, 3]) expect(text).toContain(`The map: What are we worried about? (${n} of 3)`);
    expect(text).not.toContain('What needs to happen?'); // a later page without its first is never printed
    // Each slice on a page of its own, drawn at the same scale: the short slice is not blown up to fill its page.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slices-')), 'pack.pdf');
    fs.writeFileSync(file, pdf);
    const listing = execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').slice(2);
    expect(listing).toHaveLength(3);
    const pages = execFileSync('pdfinfo', [file])
      .toString()
      .match(/Pages:\s+(\d+)/)![1];
    const last = Number(pages);
    const sizeOn = (page: number) =>
      execFileSync('pdfimages', ['-list', '-f', String(page), '-l', String(page), file])
        .toString()
        .trim()
        .split('\n')
        .slice(2)
        .map((l) => l.trim().split(/\s+/).slice(12, 14).map(Number))[0]!;
    const [xFull] = sizeOn(last - 2);
    const [xShort] = sizeOn(last);
    expect(xShort).toBe(xFull); // pixels per inch, the same for the full slice and the short one
    const docx = await docxText(await r.render(packTitled('Family S'), 'docx', images));
    for (const n of [1, 2, 3]) expect(docx).toContain(`The map: What are we worried about? (${n} of 3)`);
  });

  it('gives concurrent downloads each their own file', async () => {
    const r = renderer();
    const titles = ['Family A', 'Family B', 'Family C', 'Family D'];
    const files = await Promise.all(titles.map((title, i) => r.render(packTitled(title), i % 2 ? 'docx' : 'pdf')));
    for (const [i, title] of titles.entries()) {
      const text = i % 2 ? await docxText(files[i]!) : pdfText(files[i]!);
      expect(text).toContain(`${title} question 1`);
      for (const other of titles.filter((t) => t !== title)) expect(text).not.toContain(`${other} question`);
    }
  });

  it('a worker that dies fails the downloads it held, and the next download starts a new one', async () => {
    const r = renderer();
    await r.render(packTitled('Family N'), 'pdf');
    const first = r.threadId;
    const held = expect(r.render(packTitled('Family O', 200), 'pdf')).rejects.toThrow(/pack renderer stopped/);
    await (r as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await held;
    const next = await r.render(packTitled('Family P'), 'pdf');
    expect(pdfText(next)).toContain('Family P question 1');
    expect(r.threadId).not.toBe(first);
  });

  it('after close, waiting and new downloads are refused', async () => {
    const r = renderer();
    const held = expect(r.render(packTitled('Family Q', 200), 'pdf')).rejects.toThrow(/closed/);
    await r.close();
    await held;
    await expect(r.render(packTitled('Family R'), 'docx')).rejects.toThrow(/closed/);
  });
});
