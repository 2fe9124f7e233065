/**
 * The phone's outbox: what a participant writes is stored on the device first and sent until the
 * server acknowledges it, so nothing is lost to a dropped connection, a closed tab or a server
 * restart. Each entry keeps its command id, and the server applies an id at most once, so a
 * re-send after a lost acknowledgement never makes a duplicate.
 */
import type { ClientCommandInput } from '../../../shared/commands.js';

export type QueuedCommand = ClientCommandInput & { id: string };

export interface OutboxEntry {
  command: QueuedCommand;
  queuedAt: number;
}

/** The subset of the Web Storage API the outbox needs (tests pass a Map-backed one). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class Outbox {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {}

  list(): OutboxEntry[] {
    try {
      const raw = this.store.getItem(this.key);
      return raw ? (JSON.parse(raw) as OutboxEntry[]) : [];
    } catch {
      return [];
    }
  }

  add(command: QueuedCommand, now = Date.now()): OutboxEntry[] {
    const entries = this.list();
    if (!entries.some((e) => e.command.id === command.id)) entries.push({ command, queuedAt: now });
    this.write(entries);
    return entries;
  }

  remove(commandId: string): OutboxEntry[] {
    const entries = this.list().filter((e) => e.command.id !== commandId);
    this.write(entries);
    return entries;
  }

  private write(entries: OutboxEntry[]): void {
    if (entries.length === 0) this.store.removeItem(this.key);
    else this.store.setItem(this.key, JSON.stringify(entries));
  }
}

export type DeliveryResult = { status: 'delivered' } | { status: 'refused'; message: string } | { status: 'retry' };

/**
 * Sends queued commands in order, one at a time, until one cannot be delivered now (retry:
 * offline or no answer), then stops; the next connect calls it again. A refusal is final (the
 * server said no, e.g. writing closed), so it leaves the queue and is reported.
 */
export async function flushOutbox(
  outbox: Outbox,
  deliver: (command: QueuedCommand) => Promise<DeliveryResult>,
  onChange: (entries: OutboxEntry[], refused?: { command: QueuedCommand; message: string }) => void,
): Promise<void> {
  for (let entry = outbox.list()[0]; entry; entry = outbox.list()[0]) {
    const result = await deliver(entry.command);
    if (result.status === 'retry') return;
    const refused = result.status === 'refused' ? { command: entry.command, message: result.message } : undefined;
    onChange(outbox.remove(entry.command.id), refused);
  }
}
