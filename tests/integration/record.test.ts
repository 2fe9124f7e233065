/**
 * The supervision record on the live server (REC-* in docs/PROCESS-SPEC.md): a whole session with
 * actions, decisions, a case reference and both agreements, downloaded in every format and read
 * back as a person's tools would (pdftotext, the DOCX's XML, the Markdown, the JSON against its
 * schema). The case reference must never reach the screen, the advisor or a phone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackSchema } from '../../shared/pack.js';
import type { CreateSessionResponse } from '../../shared/protocol.js';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CASE_REF = 'MOSAIC-7781-K';
let t: TestServer;
let s: CreateSessionResponse;
const clients: TestClient[] = [];
let F: TestClient, CW: TestClient, A: TestClient, P1: TestClient, SCR: TestClient;
let cwToken: string;

function client(token: string) {
  const c = new TestClient(t.url, token);
  clients.push(c);
  return c;
}

async function download(format: string): Promise<{ status: number; body: Buffer; name: string }> {
  const res = await fetch(`${t.url}/api/sessions/${s.sessionId}/pack.${format}`, {
    headers: { authorization: `Bearer ${cwToken}` },
  });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? '';
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), name };
}

/** The text of a downloaded record in every format, as a reader's tools see it. */
async function allFormats(): Promise<Record<'pdf' | 'docx' | 'md' | 'json', string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-'));
  const pdf = await download('pdf');
  fs.writeFileSync(path.join(dir, 'r.pdf'), pdf.body);
  const docx = await download('docx');
  const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')!.async('string');
  const headers = await Promise.all(
    Object.keys((await JSZip.loadAsync(docx.body)).files)
      .filter((f) => /word\/(header|footer)\d*\.xml/.test(f))
      .map(async (f) => (await JSZip.loadAsync(docx.body)).file(f)!.async('string')),
  );
  const json = await download('json');
  PackSchema.parse(JSON.parse(json.body.toString('utf8')));
  return {
    pdf: execFileSync('pdftotext', [path.join(dir, 'r.pdf'), '-']).toString('utf8'),
    docx: `${xml}${headers.join('')}`
      .replace(/<w:tab\/>/g, '\t')
      .replace(/<w:br\/>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
    md: (await download('md')).body.toString('utf8'),
    json: json.body.toString('utf8'),
  };
}

beforeAll(async () => {
  t = await startTestServer();
  s = await createSession(t.url, { title: 'Family R', facilitatorName: 'Fran' });
  cwToken = (await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' })).token;
  F = client(s.facilitatorToken);
  CW = client(cwToken);
  A = client((await join(t.url, { invite: inviteSecret(s, 'advisor'), name: 'Ada' })).token);
  P1 = client((await join(t.url, { code: s.participants.code, name: 'Pat' })).token);
  SCR = client((await join(t.url, { invite: inviteSecret(s, 'screen'), name: 'Screen' })).token);
  await Promise.all(clients.map((c) => c.connected()));
});

afterAll(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

describe('the supervision record on the live server', () => {
  it('REC-1 REC-2 REC-3 REC-4: the facilitator keeps the record; the caseworker sees it live', async () => {
    await F.ok({ type: 'timer.start' });
    await CW.ok({ type: 'record.setDetails', caseReference: CASE_REF });
    await F.ok({ type: 'goal.set', text: 'Know what to ask Gran about bedtimes' });
    await F.ok({ type: 'stage.goTo', stageId: 'description' });
    await F.ok({ type: 'exactWords.add', noteId: 'words-00001', text: 'I just want her home by Christmas' });
    await F.ok({ type: 'stage.goTo', stageId: 'working-well' });
    await P1.ok({
      type: 'item.submit',
      itemId: 'ww-item-0001',
      stageId: 'working-well',
      text: 'Who helps at bedtime?',
    });
    await F.ok({ type: 'step.advance' });
    await F.ok({ type: 'item.readOut', itemId: 'ww-item-0001' });
    await F.ok({ type: 'step.advance' });
    await CW.ok({ type: 'item.choose', itemId: 'ww-item-0001', chosen: true });
    await F.ok({
      type: 'action.set',
      actionId: 'action-00001',
      text: 'Ask Gran to take Tuesday bedtimes',
      owner: 'Cas Jones',
      due: '2026-12-08',
      itemId: 'ww-item-0001',
    });
    await CW.waitFor((v) => v.record?.actions.length === 1);
    await F.ok({ type: 'stage.goTo', stageId: 'review' });
    await F.ok({
      type: 'decision.set',
      decisionId: 'decision-0001',
      decision: 'Tilly stays with Dad while the bedtime plan is tried',
      rationale: 'Gran can cover three nights',
      disagreement: 'DISAGREE-MARK: Ada wanted a family meeting first',
    });
    await F.ok({ type: 'rating.record', ratingId: 'rating-00001', scale: 'usefulness', value: 8 });
    await F.ok({ type: 'record.setDetails', goalMet: 'partly', goalMetWords: 'I know what to ask now' });
    await F.ok({ type: 'session.end' });
  });

  it('REC-3: the case reference never reaches the screen, the advisor or a phone', async () => {
    await F.waitFor((v) => v.status === 'ended');
    await Promise.all([SCR, A, P1].map((c) => c.waitFor((v) => v.status === 'ended')));
    for (const c of [SCR, A, P1]) expect(JSON.stringify(c.views)).not.toContain(CASE_REF);
    expect(JSON.stringify(F.view)).toContain(CASE_REF);
    expect(JSON.stringify(CW.view)).toContain(CASE_REF);
  });

  it('REC-5 REC-6 REC-8 REC-10: every format carries the record, a draft until both agree', async () => {
    const draft = await allFormats();
    for (const [format, text] of Object.entries(draft)) {
      expect(text, format).toContain('DRAFT');
      expect(text, format).toContain(CASE_REF);
      expect(text, format).toContain('Ask Gran to take Tuesday bedtimes');
      expect(text, format).toContain('Cas Jones');
      expect(text, format).toContain('2026-12-08');
      expect(text, format).toContain('I just want her home by Christmas');
      expect(text, format).toContain('Gran can cover three nights');
      expect(text, format).toContain('DISAGREE-MARK');
      expect(text, format).toContain('I know what to ask now');
    }
    for (const section of [
      'Part 1. Record of the consultation',
      "Part 2. Case-file summary for the child's record",
      'Part 3. Question pack',
      'Attendees',
      'Pat (Participant)',
      'Ada (Advisor)',
    ])
      for (const format of ['pdf', 'docx', 'md'] as const)
        expect(draft[format], `${format}: ${section}`).toContain(section);
    expect((await download('pdf')).name).toMatch(/-DRAFT\.pdf$/);

    // REC-5: the summary for the child's record has the decision and rationale, not the disagreement.
    const summary = PackSchema.parse(JSON.parse(draft.json)).caseFileSummary;
    expect(summary).toContain('Tilly stays with Dad');
    expect(summary).not.toContain('DISAGREE-MARK');

    await F.ok({ type: 'record.agree', name: 'Fran Lee' });
    await CW.ok({ type: 'record.agree', name: 'Cas Jones' });
    await CW.ok({ type: 'record.addition', additionId: 'addition-0001', text: 'Gran agreed on the phone' });
    const agreed = await allFormats();
    for (const [format, text] of Object.entries(agreed)) {
      expect(text, format).not.toContain('DRAFT');
      expect(text, format).toContain('Fran Lee');
      expect(text, format).toContain('Gran agreed on the phone');
    }
    expect((await download('pdf')).name).not.toContain('DRAFT');
    // Changes after agreement are refused, never silent.
    const ack = await F.send({ type: 'record.setDetails', caseReference: 'CHANGED' });
    expect(ack.ok).toBe(false);
  });

  it('REC-7: the facilitator extends retention once agreed, and the audit trail records it', async () => {
    await F.ok({ type: 'retention.extend', days: 14 });
    const audit = (await t.server.store.audit(s.sessionId)).map((a) => [a.event, a.role, a.detail]);
    expect(audit).toContainEqual(['record.agree', 'facilitator', null]);
    expect(audit).toContainEqual(['record.agree', 'caseworker', null]);
    const extended = audit.find((a) => a[0] === 'retention.extend');
    expect(extended?.[1]).toBe('facilitator');
    const endedAt = F.view!.endedAt!;
    expect(Date.parse(String(extended?.[2]))).toBe(endedAt + 28 * 86_400_000);
    const json = PackSchema.parse(JSON.parse((await download('json')).body.toString('utf8')));
    expect(Date.parse(json.consultation.deletesAt!)).toBe(endedAt + 28 * 86_400_000);
  });
});
