/**
 * A phone as the outbox makes it behave: each item keeps its command id and is re-sent until the
 * server acknowledges it, across dropped connections and server restarts. Used by the fault tests.
 */
import { io, type Socket } from 'socket.io-client';
import type { CommandAck } from '../../shared/protocol.js';

/** Refusals the phone's outbox keeps the item for and sends again, as the app does. */
const RETRIED = new Set(['MOVED', 'UNAVAILABLE', 'RATE_LIMITED']);

export interface Delivery {
  commandId: string;
  itemId: string;
  text: string;
  ackedAt: number | null;
}

export class RetryingPhone {
  readonly socket: Socket;
  readonly deliveries: Delivery[] = [];
  reconnectedAt: number | null = null;
  /** When each item was acknowledged, in order. */
  readonly ackTimes: number[] = [];
  /** Acknowledgements refused with MOVED: sent to a node that no longer held the session. */
  moved = 0;
  private stopped = false;

  /** `sessionId`: sent in the handshake's query, as the app does, so a proxy routes by it. */
  constructor(
    url: string,
    token: string,
    readonly name: string,
    options: { sessionId?: string } = {},
  ) {
    this.socket = io(url, {
      auth: { token },
      ...(options.sessionId ? { query: { session: options.sessionId } } : {}),
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    this.socket.io.on('reconnect', () => (this.reconnectedAt = Date.now()));
    // As the app does: a connection the server closed (its node handed the session over) or
    // refused with MOVED is tried again shortly; socket.io retries only connections that dropped.
    const again = () =>
      setTimeout(() => {
        if (!this.stopped && !this.socket.connected) this.socket.connect();
      }, 200);
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') again();
    });
    this.socket.on('connect_error', (err) => {
      if (err.message === 'MOVED') again();
    });
  }

  connected(): Promise<void> {
    return new Promise((resolve) => (this.socket.connected ? resolve() : this.socket.once('connect', () => resolve())));
  }

  /** Writes `count` items one after another, each retried with its own id until acknowledged. */
  async write(count: number, stageId: string, pauseMs = 15): Promise<void> {
    for (let i = 0; i < count && !this.stopped; i++) {
      const n = String(i).padStart(3, '0');
      const delivery: Delivery = {
        commandId: `${this.name}-cmd-${n}`,
        itemId: `${this.name}-item-${n}`,
        text: `${this.name} question ${n}`,
        ackedAt: null,
      };
      this.deliveries.push(delivery);
      const command = {
        type: 'item.submit',
        id: delivery.commandId,
        itemId: delivery.itemId,
        stageId,
        text: delivery.text,
      };
      while (!this.stopped) {
        if (!this.socket.connected) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        try {
          const ack = (await this.socket.timeout(2000).emitWithAck('command', command)) as CommandAck;
          if (!ack.ok && RETRIED.has(ack.error.code)) {
            if (ack.error.code === 'MOVED') this.moved++;
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          if (!ack.ok) throw new Error(`${delivery.itemId} refused: ${ack.error.message}`);
          delivery.ackedAt = Date.now();
          this.ackTimes.push(delivery.ackedAt);
          break;
        } catch (err) {
          if (err instanceof Error && err.message.includes('refused')) throw err;
          // no answer (the server died mid-request): send the same command again
        }
      }
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }

  close(): void {
    this.stopped = true;
    this.socket.disconnect();
  }
}
