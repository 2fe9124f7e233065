/**
 * A board client that speaks tldraw's sync protocol over a plain WebSocket, for tests and the
 * bench: connect (with the server's schema), push changes, and the data the server sends.
 */
import * as syncCore from '@tldraw/sync-core';
import { nanoid } from 'nanoid';
import WebSocket from 'ws';
import { boardSchema } from '../../server/board/boardRooms.js';

// The version is exported at run time but left out of sync-core's typings.
const protocolVersion = (syncCore as unknown as { getTlsyncProtocolVersion(): number }).getTlsyncProtocolVersion();
const schema = boardSchema.serialize();

type RecordOp = ['put', unknown] | ['patch', Record<string, unknown>] | ['remove'];
export type BoardDiff = Record<string, RecordOp>;

export interface BoardConnection {
  ws: WebSocket;
  /** The records the server sent with its connect message. */
  initial: BoardDiff;
  isReadonly: boolean;
  /** Sends a push; resolves with the server's answer ('commit', 'discard' or a rebase). */
  push(diff: BoardDiff): Promise<unknown>;
  close(): void;
}

/**
 * A board socket's address as the browser makes it: a single-use ticket, traded for the personal
 * token over HTTP, and a tab id (tldraw's sessionId).
 */
export async function boardUrl(httpBase: string, sessionId: string, token: string, tab = nanoid()): Promise<string> {
  const res = await fetch(`${httpBase}/api/sessions/${sessionId}/board-ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 201) throw new Error(`no board ticket: ${res.status}`);
  const { ticket } = (await res.json()) as { ticket: string };
  return `${httpBase.replace(/^http/, 'ws')}/board/${sessionId}?ticket=${ticket}&sessionId=${tab}`;
}

/** Opens a board socket and completes tldraw's connect handshake. */
export function connectBoard(url: string, headers: Record<string, string> = {}): Promise<BoardConnection> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    let clientClock = 0;
    const pending = new Map<number, (action: unknown) => void>();
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`board refused the connection: ${res.statusCode}`)));
    ws.once('open', () =>
      ws.send(
        JSON.stringify({ type: 'connect', connectRequestId: nanoid(), lastServerClock: 0, protocolVersion, schema }),
      ),
    );
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as {
        type: string;
        diff?: BoardDiff;
        isReadonly?: boolean;
        reason?: string;
        data?: Array<{ type: string; clientClock?: number; action?: unknown }>;
      };
      if (msg.type === 'connect') {
        resolve({
          ws,
          initial: msg.diff ?? {},
          isReadonly: msg.isReadonly ?? false,
          push: (diff) =>
            new Promise((done) => {
              const clock = ++clientClock;
              pending.set(clock, done);
              ws.send(JSON.stringify({ type: 'push', clientClock: clock, diff }));
            }),
          close: () => ws.close(),
        });
      } else if (msg.type === 'incompatibility_error') reject(new Error(`board refused the connection: ${msg.reason}`));
      else if (msg.type === 'data') {
        for (const event of msg.data ?? []) {
          if (event.type === 'push_result') pending.get(event.clientClock!)?.(event.action);
        }
      }
    });
  });
}
