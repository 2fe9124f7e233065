/**
 * The baseline: a bare socket.io server that sends the same messages to the same rooms as
 * groupmap and does nothing else (no validation, no state, no disk). Each socket joins its
 * session's room, its role's room and its own room from the handshake. A command is acknowledged,
 * then a patch goes to each role's room, and an 'own' message to the sender's own room when it
 * submitted an item. The messages are groupmap's, recorded by the load run before (PAYLOAD_FILE),
 * with only seq changed; without them, padding of PAYLOAD_BYTES.
 * Run as its own process: `node --import tsx bench/bareServer.ts`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const payloadBytes = Number(process.env.PAYLOAD_BYTES ?? 2000);
const server = http.createServer();
const io = new Server(server, { maxHttpBufferSize: 64 * 1024, serveClient: false });
const seqs = new Map<string, number>();
const roles = new Map<string, Set<string>>();
const padding = 'x'.repeat(payloadBytes);
const samples = process.env.PAYLOAD_FILE
  ? (JSON.parse(fs.readFileSync(process.env.PAYLOAD_FILE, 'utf8')) as {
      patch: Record<string, unknown>;
      own: Record<string, unknown> | null;
    })
  : null;
const patchMessage = (seq: number) =>
  samples
    ? { ...samples.patch, seq, baseSeq: seq - 1, serverNow: Date.now() }
    : { seq, baseSeq: seq - 1, serverNow: Date.now(), patch: padding };
const ownMessage = (seq: number) => (samples?.own ? { ...samples.own, seq } : { seq, items: padding });

io.on('connection', (socket) => {
  const { room, role, member } = socket.handshake.auth as { room: string; role: string; member: string };
  void socket.join([room, `${room}:${role}`, `${room}:member:${member}`]);
  roles.set(room, (roles.get(room) ?? new Set()).add(role));
  socket.on('command', (cmd: { type?: string }, ack: (r: unknown) => void) => {
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    ack({ ok: true, seq, duplicate: false });
    for (const r of roles.get(room)!) io.to(`${room}:${r}`).emit('patch', patchMessage(seq));
    if (cmd?.type === 'item.submit') io.to(`${room}:member:${member}`).emit('own', ownMessage(seq));
  });
});
process.on('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ event: 'server.listening', port: (server.address() as AddressInfo).port })}\n`,
  );
});
