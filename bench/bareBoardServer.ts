/**
 * The board baseline: tldraw's TLSocketRoom hosted bare, one room per `/board/:id` path, on a
 * plain `ws` server, with tldraw's default in-memory storage. No authentication, no template,
 * no persistence: what any tldraw sync host must do at least.
 * Run as its own process: `node --import tsx bench/bareBoardServer.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TLSocketRoom } from '@tldraw/sync-core';
import { createTLSchema, type TLRecord } from '@tldraw/tlschema';
import { WebSocketServer } from 'ws';

const schema = createTLSchema();
const rooms = new Map<string, TLSocketRoom<TLRecord>>();
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const id = /^\/board\/([A-Za-z0-9_-]+)$/.exec(url.pathname)?.[1];
  if (!id) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    let room = rooms.get(id);
    if (!room) {
      room = new TLSocketRoom<TLRecord>({ schema });
      rooms.set(id, room);
    }
    room.handleSocketConnect({ sessionId: url.searchParams.get('sessionId') ?? id, socket: ws });
  });
});
process.on('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ event: 'server.listening', port: (server.address() as AddressInfo).port })}\n`,
  );
});
