/**
 * The board on the server: one tldraw room per session, the Signs of Safety template, chosen items
 * and exact words written onto it by the server, persistence across a restart, purge, and the
 * WebSocket endpoint's checks (origin, token, session, role).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BoardRooms } from '../../server/board/boardRooms.js';
import { chosenNoteId, exactWordsNoteId, TEMPLATE_IDS } from '../../shared/board/layout.js';
import type { CreateSessionResponse } from '../../shared/protocol.js';
import { createSession, inviteSecret, join, TestClient } from '../helpers/client.js';
import { startTestServer, tempDataDir, type TestServer } from '../helpers/server.js';

let t: TestServer | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.stop();
  t = null;
});

function client(token: string) {
  const c = new TestClient(t!.url, token);
  clients.push(c);
  return c;
}

type Rec = { id: string; type?: string; parentId?: string; props?: { richText?: unknown; name?: string } };
const records = (sessionId: string) => t!.server.boards.room(sessionId).getCurrentSnapshot().documents.map((d) => d.state as Rec);
const textOf = (r: Rec) => JSON.stringify(r.props?.richText ?? '');

async function sessionWithChoice(): Promise<{ s: CreateSessionResponse; F: TestClient; CW: TestClient }> {
  const s = await createSession(t!.url);
  const cw = await join(t!.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' });
  const p = await join(t!.url, { code: s.participants.code, name: 'P' });
  const F = client(s.facilitatorToken);
  const CW = client(cw.token);
  const P = client(p.token);
  await Promise.all([F.connected(), CW.connected(), P.connected()]);
  for (let i = 0; i < 2; i++) await F.ok({ type: 'stage.advance' });
  await F.ok({ type: 'exactWords.add', noteId: 'words-0001', text: 'Evenings are chaos' });
  for (let i = 0; i < 3; i++) await F.ok({ type: 'stage.advance' });
  await P.ok({ type: 'item.submit', itemId: 'item-chosen1', stageId: 'working-well', text: 'Who helps at bedtime?' });
  await F.ok({ type: 'step.advance' });
  await F.ok({ type: 'item.readOut', itemId: 'item-chosen1' });
  await CW.ok({ type: 'item.choose', itemId: 'item-chosen1', chosen: true });
  await new Promise((r) => setTimeout(r, 50)); // the room's store update is asynchronous
  return { s, F, CW };
}

describe('board rooms', () => {
  it('lay out the Signs of Safety template with the genogram area and the notes strip', async () => {
    t = await startTestServer();
    const s = await createSession(t.url);
    const names = records(s.sessionId).filter((r) => r.type === 'frame').map((r) => r.props!.name);
    expect(names).toEqual(['Genogram', 'What are we worried about?', "What's working well?", 'What needs to happen?', "Worker's exact words"]);
    expect(records(s.sessionId).find((r) => r.id === TEMPLATE_IDS.nextSteps)?.parentId).toBe(TEMPLATE_IDS.needs);
  });

  it('a chosen item appears as a note in the next steps; unchoosing removes it; exact words go to the strip', async () => {
    t = await startTestServer();
    const { s, CW } = await sessionWithChoice();
    const note = records(s.sessionId).find((r) => r.id === chosenNoteId('item-chosen1'));
    expect(note?.type).toBe('note');
    expect(note?.parentId).toBe(TEMPLATE_IDS.needs);
    expect(textOf(note!)).toContain('Who helps at bedtime?');
    const words = records(s.sessionId).find((r) => r.id === exactWordsNoteId('words-0001'));
    expect(words?.parentId).toBe(TEMPLATE_IDS.notesStrip);
    expect(textOf(words!)).toContain('Evenings are chaos');
    await CW.ok({ type: 'item.choose', itemId: 'item-chosen1', chosen: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(records(s.sessionId).some((r) => r.id === chosenNoteId('item-chosen1'))).toBe(false);
  });

  it('survive a restart of the server on the same store', async () => {
    const dataDir = tempDataDir();
    t = await startTestServer({ dataDir });
    const { s } = await sessionWithChoice();
    for (const c of clients.splice(0)) c.close();
    await t.stop();
    t = await startTestServer({ dataDir });
    expect(records(s.sessionId).some((r) => r.id === chosenNoteId('item-chosen1'))).toBe(true);
  });

  it('are deleted with the session on purge', async () => {
    t = await startTestServer();
    const { s, F } = await sessionWithChoice();
    await F.ok({ type: 'session.purge' });
    await new Promise((r) => setTimeout(r, 400)); // past the save delay: nothing may be written back
    expect(t.server.store.loadBoard(s.sessionId)).toBeNull();
    expect(t.server.boards.has(s.sessionId)).toBe(false);
  });
});

describe('board rights', () => {
  it('follow roles: the facilitator edits, the advisor only when allowed, the caseworker and screen never', () => {
    const state = (advisorCanEdit: boolean) => ({ advisorCanEdit }) as Parameters<typeof BoardRooms.canEdit>[1];
    expect(BoardRooms.canEdit('facilitator', state(false))).toBe(true);
    expect(BoardRooms.canEdit('advisor', state(false))).toBe(false);
    expect(BoardRooms.canEdit('advisor', state(true))).toBe(true);
    for (const role of ['caseworker', 'screen', 'participant'] as const) expect(BoardRooms.canEdit(role, state(true))).toBe(false);
  });
});

describe('the board endpoint', () => {
  function open(path: string, origin?: string): Promise<number | 'open'> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${t!.port}${path}`, origin ? { origin } : {});
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(0));
    });
  }

  it('admits the facilitator, caseworker and screen of that session, from this origin', async () => {
    t = await startTestServer();
    const s = await createSession(t.url);
    const cw = await join(t.url, { invite: inviteSecret(s, 'caseworker'), name: 'Cas' });
    const origin = t.url;
    expect(await open(`/board/${s.sessionId}?token=${s.facilitatorToken}&sessionId=tab1`, origin)).toBe('open');
    expect(await open(`/board/${s.sessionId}?token=${cw.token}&sessionId=tab1`, origin)).toBe('open');
  });

  it('refuses a foreign origin, a missing or wrong token, another session, and participants', async () => {
    t = await startTestServer();
    const s = await createSession(t.url);
    const other = await createSession(t.url);
    const p = await join(t.url, { code: s.participants.code, name: 'P' });
    const ok = `/board/${s.sessionId}?token=${s.facilitatorToken}&sessionId=tab1`;
    expect(await open(ok, 'https://evil.example')).toBe(403);
    expect(await open(`/board/${s.sessionId}?tab=tab1`, t.url)).toBe(403);
    expect(await open(`/board/${s.sessionId}?token=${'x'.repeat(32)}&sessionId=tab1`, t.url)).toBe(403);
    expect(await open(`/board/${other.sessionId}?token=${s.facilitatorToken}&sessionId=tab1`, t.url)).toBe(403);
    expect(await open(`/board/${s.sessionId}?token=${p.token}&sessionId=tab1`, t.url)).toBe(403);
    expect(await open(`/board/${s.sessionId}?token=${s.facilitatorToken}&sessionId=${'%20'}`, t.url)).toBe(400);
  });

  it('socket.io refuses a foreign origin too', async () => {
    t = await startTestServer();
    const res = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const same = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: t.url } });
    expect(same.status).toBe(200);
  });
});
