/**
 * The question pack from a session driven through the real server: every format's content is
 * checked (the DOCX and PDF parsed back to text, the JSON against its schema), the PDF's pages are
 * rendered to PNG for a person to look at, and nobody but the caseworker and facilitator gets it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_FORMATS, type Pack, PackSchema } from '../../shared/pack.js';
import type { CreateSessionResponse } from '../../shared/protocol.js';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let session: CreateSessionResponse;
const tokens: Record<string, string> = {};
const clients: TestClient[] = [];
const ARTIFACTS = path.resolve('tests/artifacts/pack');

function client(token: string) {
  const c = new TestClient(t.url, token);
  clients.push(c);
  return c;
}

async function download(format: string, token: string | null, sessionId = session.sessionId) {
  const res = await fetch(
    `${t.url}/api/sessions/${sessionId}/pack.${format}`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

beforeAll(async () => {
  t = await startTestServer();
  session = await createSession(t.url, { title: 'Family K', facilitatorName: 'Fran' });
  tokens.facilitator = session.facilitatorToken;
  tokens.caseworker = (await join(t.url, { invite: inviteSecret(session, 'caseworker'), name: 'Cas' })).token;
  tokens.advisor = (await join(t.url, { invite: inviteSecret(session, 'advisor'), name: 'Ada' })).token;
  tokens.screen = (await join(t.url, { invite: inviteSecret(session, 'screen'), name: 'Screen' })).token;
  for (const p of ['p1', 'p2', 'p3'])
    tokens[p] = (await join(t.url, { code: session.participants.code, name: p.toUpperCase() })).token;
  await Promise.all(Object.values(tokens).map((tok) => client(tok).connected()));
});

afterAll(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

describe('the question pack', () => {
  let F: TestClient, CW: TestClient, P: TestClient[];

  it('is not available before anything is handed over', async () => {
    F = clients[0]!;
    CW = clients[1]!;
    P = clients.slice(4, 7);
    expect((await download('pdf', tokens.caseworker!)).status).toBe(409);
  });

  it('is built from a session driven through the server', async () => {
    for (let i = 0; i < 3; i++) await F.ok({ type: 'stage.advance' });
    await F.ok({ type: 'goal.set', text: 'Which questions to ask Dad about the evenings' });
    await F.ok({ type: 'stage.advance' }); // rough
    await P[0]!.ok({
      type: 'item.submit',
      itemId: 'rough-0001',
      stageId: 'rough',
      text: 'Rough danger: children alone at night',
      element: 'danger',
    });
    await P[1]!.ok({
      type: 'item.submit',
      itemId: 'rough-0002',
      stageId: 'rough',
      text: 'Rough goal: Dad home by 7',
      element: 'safety-goal',
    });
    await F.ok({ type: 'stage.handOver' });
    await F.ok({ type: 'stage.advance' }); // working well
    await P[0]!.ok({
      type: 'item.submit',
      itemId: 'ww-000001',
      stageId: 'working-well',
      text: 'WW first written, not chosen',
    });
    await P[1]!.ok({
      type: 'item.submit',
      itemId: 'ww-000002',
      stageId: 'working-well',
      text: 'WW second written, chosen',
    });
    await P[2]!.ok({ type: 'item.submit', itemId: 'ww-000003', stageId: 'working-well', text: 'WW third, withdrawn' });
    await P[2]!.ok({ type: 'item.withdraw', itemId: 'ww-000003' });
    await F.ok({ type: 'step.advance' });
    await F.ok({ type: 'item.readOut', itemId: 'ww-000002' });
    await CW.ok({ type: 'item.choose', itemId: 'ww-000002', chosen: true });
    await F.ok({ type: 'stage.handOver' });
    await CW.ok({ type: 'rating.record', ratingId: 'use-00001', scale: 'usefulness', value: 4 });
    await F.ok({ type: 'stage.advance' }); // scaling
    await F.ok({ type: 'rating.record', ratingId: 'safe-0001', scale: 'safety', value: 6, keyPlayer: 'Mum' });
    await F.ok({ type: 'rating.record', ratingId: 'safe-0002', scale: 'safety', value: 3, keyPlayer: 'School' });
    await F.ok({ type: 'stage.advance' }); // harm
    await P[0]!.ok({
      type: 'item.submit',
      itemId: 'harm-0001',
      stageId: 'harm',
      text: 'Harm impact: how has it affected Tilly?',
      element: 'impact',
    });
    await P[1]!.ok({
      type: 'item.submit',
      itemId: 'harm-0002',
      stageId: 'harm',
      text: 'Harm behaviour: what happened exactly?',
      element: 'behaviour',
    });
    await CW.ok({ type: 'rating.record', ratingId: 'harm-0001', scale: 'harm-mapped', value: 8 });
    await F.ok({ type: 'stage.advance' }); // danger
    await P[2]!.ok({
      type: 'item.submit',
      itemId: 'danger-001',
      stageId: 'danger',
      text: 'Danger statement in plain words',
    });
    await F.ok({ type: 'stage.advance' }); // safety goals
    await P[2]!.ok({
      type: 'item.submit',
      itemId: 'goal-00001',
      stageId: 'safety-goals',
      text: 'CPS want Tilly to live with Dad because…',
    });
    await F.ok({ type: 'stage.advance' }); // review
    await CW.ok({ type: 'rating.record', ratingId: 'use-00002', scale: 'usefulness', value: 8 });
    await F.ok({ type: 'stage.advance' }); // process review
    await P[0]!.ok({
      type: 'item.submit',
      itemId: 'proc-00001',
      stageId: 'process-review',
      text: 'PROCESS NOTE not for the pack',
      element: 'useful',
    });
    await F.ok({ type: 'session.end' });
  });

  it('JSON: valid against its schema, in the documented order, authors left out', async () => {
    const res = await download('json', tokens.caseworker!);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/application\/json/);
    expect(res.disposition).toMatch(/attachment; filename="supervision-record-Family-K-\d{4}-\d{2}-\d{2}-DRAFT\.json"/);
    const pack: Pack = PackSchema.parse(JSON.parse(res.body.toString('utf8')));
    expect(pack.protectiveMarking).toBe('OFFICIAL-SENSITIVE');
    expect(pack.workerGoal).toBe('Which questions to ask Dad about the evenings');
    expect(pack.nextSteps.map((s) => s.text)).toEqual(['WW second written, chosen']);
    expect(pack.sections.map((s) => s.stageId)).toEqual(['rough', 'working-well', 'harm', 'danger', 'safety-goals']);
    const ww = pack.sections[1]!;
    expect(ww.groups[0]!.items.map((i) => [i.text, i.chosen])).toEqual([
      ['WW second written, chosen', true],
      ['WW first written, not chosen', false],
    ]);
    const harm = pack.sections[2]!;
    expect(harm.groups.map((g) => g.element)).toEqual(['behaviour', 'impact']); // grouped in B, S, I, I order
    expect(pack.sections[0]!.groups.map((g) => g.label)).toEqual(['Rough danger statement', 'Rough safety goal']);
    expect(pack.safetyScale.map((r) => [r.keyPlayer, r.value])).toEqual([
      ['Mum', 6],
      ['School', 3],
    ]);
    expect(pack.usefulness.map((r) => r.value)).toEqual([4, 8]);
    expect(pack.harmMapped.map((r) => r.value)).toEqual([8]);
    const text = JSON.stringify(pack);
    expect(text).not.toContain('withdrawn');
    expect(text).not.toContain('PROCESS NOTE');
    expect(text).not.toMatch(/"author"/);
  });

  it('Markdown: the same content, marked and in order', async () => {
    const res = await download('md', tokens.facilitator!);
    expect(res.status).toBe(200);
    const md = res.body.toString('utf8');
    const order = [
      'OFFICIAL-SENSITIVE',
      "The worker's goal",
      'Chosen next steps',
      '5. Rough danger statement',
      "6. What's working well",
      '8. Harm',
      '9. Danger statements',
      '10. Safety goals',
      'Safety scale by key player',
      'Usefulness through the session',
    ];
    const positions = order.map((s) => md.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toContain('1. **[Chosen]** WW second written, chosen');
    expect(md).toContain('■■■■■■■■□□ 8/10');
  });

  it('DOCX: parses, and holds every item with the choices marked and page numbers', async () => {
    const res = await download('docx', tokens.caseworker!);
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(res.body);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<w:tab\/>/g, '\t').replace(/<[^>]+>/g, '');
    for (const s of [
      'Group supervision record: Family K',
      'WW second written, chosen',
      'WW first written, not chosen',
      'Harm impact: how has it affected Tilly?',
      'Danger statement in plain words',
      'CPS want Tilly to live with Dad because…',
      'Mum: 6/10',
      '[Chosen] ',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('WW third, withdrawn');
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /word\/footer\d*\.xml/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    expect(footers.join('')).toMatch(/PAGE/);
    expect(footers.join('')).toContain('OFFICIAL-SENSITIVE');
  });

  it('PDF: the text reads in order with page numbers, and every page renders to PNG', async () => {
    const res = await download('pdf', tokens.caseworker!);
    expect(res.status).toBe(200);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-'));
    const file = path.join(dir, 'pack.pdf');
    fs.writeFileSync(file, res.body);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    const order = [
      'Group supervision record: Family K',
      "The worker's goal",
      'Part 3. Question pack',
      'Chosen next steps',
      "6. What's working well",
      '[Chosen] WW second written, chosen',
      'WW first written, not chosen',
      'Behaviour',
      'Impact',
      'Safety scale by key player',
      'Usefulness through the session',
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions, JSON.stringify(order.filter((_, i) => positions[i]! < 0))).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text.split('OFFICIAL-SENSITIVE').length - 1).toBeGreaterThanOrEqual(2);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(ARTIFACTS, 'pack-page')]);
    expect(
      fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith('pack-page') && f.endsWith('.png')).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it.each(PACK_FORMATS)(
    '%s: a participant, the advisor and the screen get 403; no token 401; another session 403',
    async (format) => {
      for (const who of ['p1', 'p2', 'advisor', 'screen'])
        expect((await download(format, tokens[who]!)).status, who).toBe(403);
      expect((await download(format, null)).status).toBe(401);
      const other = await createSession(t.url, { title: 'Other', facilitatorName: 'O' });
      expect((await download(format, other.facilitatorToken)).status).toBe(403);
      expect((await download(format, tokens.caseworker!, other.sessionId)).status).toBe(403);
    },
  );

  it('an unknown format is a 404', async () => {
    expect((await download('exe', tokens.caseworker!)).status).toBe(404);
  });

  it('a download whose renderer dies answers 500 without content, and the next download works', async () => {
    const renderer = t.server.packs as unknown as {
      worker: { terminate(): Promise<number> } | null;
      pending: Map<number, unknown>;
    };
    expect(renderer.worker).not.toBeNull(); // started by the downloads above
    const failing = download('pdf', tokens.caseworker!);
    while (renderer.pending.size === 0) await new Promise((r) => setTimeout(r, 1)); // the request reaches the renderer
    await renderer.worker!.terminate();
    const failed = await failing;
    expect(failed.status).toBe(500);
    expect(failed.body.toString('utf8')).not.toContain('Family K');
    const next = await download('pdf', tokens.caseworker!);
    expect(next.status).toBe(200);
    expect(next.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('PDF text beyond Windows-1252', () => {
  it('prints names and words in other European scripts as written; what the font cannot draw becomes "?"', async () => {
    const { Sim } = await import('../helpers/sim.js');
    const { buildPack } = await import('../../shared/pack.js');
    const { renderPdf } = await import('../../server/pack/pdf.js');
    const words = 'Łukasz, Ștefan, Dvořák, Gülşen, Nguyễn, Ελένη, Ольга';
    const s = Sim.room().goTo('working-well');
    s.do('p1-00001', {
      type: 'item.submit',
      itemId: 'item-uni1',
      stageId: 'working-well',
      text: `Who else helps ${words}?`,
    });
    s.do('p1-00001', {
      type: 'item.submit',
      itemId: 'item-uni2',
      stageId: 'working-well',
      text: 'Emoji 🙂 and 漢字 here',
    });
    s.do('fac-0001', { type: 'stage.handOver' });
    const pdf = await renderPdf(buildPack(s.state, { protectiveMarking: 'OFFICIAL', now: s.now }));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-uni-')), 'pack.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain(`Who else helps ${words}?`);
    expect(text).toContain('Emoji ? and ?? here');
  });
});
