/**
 * The baseline: a bare socket.io server that does the least a broadcast can do. It joins each
 * socket to its room from the handshake, acknowledges a command, then emits a payload of the size
 * our views have to everyone in the room. Run as its own process: `node --import tsx bench/bareServer.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const payloadBytes = Number(process.env.PAYLOAD_BYTES ?? 2000);
const server = http.createServer();
const io = new Server(server, { maxHttpBufferSize: 64 * 1024, serveClient: false });
const seqs = new Map<string, number>();
const padding = 'x'.repeat(payloadBytes);

io.on('connection', (socket) => {
  const room = String(socket.handshake.auth.room);
  void socket.join(room);
  socket.on('command', (_cmd: unknown, ack: (r: unknown) => void) => {
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    ack({ ok: true, seq, duplicate: false });
    io.to(room).emit('view', { seq, serverNow: Date.now(), view: padding });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ event: 'server.listening', port: (server.address() as AddressInfo).port })}\n`);
});
