/**
 * A phone as the outbox makes it behave: each item keeps its command id and is re-sent until the
 * server acknowledges it, across dropped connections and server restarts. Used by the fault tests.
 */
import { io, type Socket } from 'socket.io-client';
import type { CommandAck } from '../../shared/protocol.js';

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
  private stopped = false;

  constructor(
    url: string,
    token: string,
    readonly name: string,
  ) {
    this.socket = io(url, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    this.socket.io.on('reconnect', () => (this.reconnectedAt = Date.now()));
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
          if (!ack.ok) throw new Error(`${delivery.itemId} refused: ${ack.error.message}`);
          delivery.ackedAt = Date.now();
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
