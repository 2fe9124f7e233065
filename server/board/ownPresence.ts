/**
 * Presence as the server knows the person. tldraw's room takes every session's presence as sent,
 * read-only sessions included, so a caseworker's or a screen's board could show itself to the
 * others under any name, or as the facilitator's user id, which the projector follows. Each
 * board socket is wrapped so that its presence always carries the member's own user id and name:
 * a put has them set, a patch cannot change them. Messages are assembled from tldraw's chunks
 * first, so a presence split over chunks is rewritten too.
 */
import { JsonChunkAssembler, type WebSocketMinimal } from '@tldraw/sync-core';
import { createUserId } from '@tldraw/tlschema';

type Listener = (event: { data: unknown }) => void;

/** tldraw's record operations on the wire (its RecordOpType, left out of sync-core's typings). */
const RecordOpType = { Put: 'put', Patch: 'patch' } as const;

export function withOwnPresence(socket: WebSocketMinimal, who: { memberId: string; name: string }): WebSocketMinimal {
  const assembler = new JsonChunkAssembler();
  const wrapped = new Map<Listener, Listener>();
  const own = { userId: createUserId(who.memberId), userName: who.name };
  return {
    get readyState() {
      return socket.readyState;
    },
    addEventListener: (type: string, listener: Listener) => {
      if (type !== 'message') return socket.addEventListener?.(type as 'close', listener as never);
      const onMessage: Listener = (event) => {
        const text = typeof event.data === 'string' ? event.data : String(event.data);
        let assembled: ReturnType<JsonChunkAssembler['handleMessage']>;
        try {
          assembled = assembler.handleMessage(text);
        } catch {
          assembled = { error: new Error('not JSON') };
        }
        if (assembled === null) return; // a chunk: the rest is still to come
        // Nothing this wrapper cannot read goes on (it could carry presence past the rewrite), and
        // nothing thrown here may reach the process: the socket is closed; tldraw's client reconnects.
        if ('error' in assembled || typeof assembled.data !== 'object' || assembled.data === null)
          return socket.close(1003, 'unreadable message');
        listener({ data: rewritePresence(assembled.data, own) ?? assembled.stringified });
      };
      wrapped.set(listener, onMessage);
      socket.addEventListener?.('message', onMessage as never);
    },
    removeEventListener: (type: string, listener: Listener) => {
      const inner = type === 'message' ? wrapped.get(listener) : listener;
      wrapped.delete(listener);
      socket.removeEventListener?.(type as 'close', inner as never);
    },
    close: (code?: number, reason?: string) => socket.close(code, reason),
    send: (data: string) => socket.send(data),
  } as WebSocketMinimal;
}

/** The message again, with its presence made the member's own; null if it carries none. */
function rewritePresence(message: object, own: { userId: string; userName: string }): string | null {
  const push = message as { type?: unknown; presence?: [unknown, unknown] };
  if (push.type !== 'push' || !Array.isArray(push.presence)) return null;
  const [op, value] = push.presence;
  if (typeof value !== 'object' || value === null) return null;
  // A put carries the whole record, a patch a diff of its fields.
  if (op === RecordOpType.Put) return JSON.stringify({ ...push, presence: [op, { ...value, ...own }] });
  if (op === RecordOpType.Patch) {
    const { userId: _id, userName: _name, ...rest } = value as Record<string, unknown>;
    return JSON.stringify({ ...push, presence: [op, rest] });
  }
  return null;
}
