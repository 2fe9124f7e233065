import { describe, expect, it } from 'vitest';
import { flushOutbox, type KeyValueStore, Outbox, type QueuedCommand } from '../../client/src/session/outbox.js';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const submit = (n: number): QueuedCommand => ({
  type: 'item.submit',
  id: `cmd-000${n}`,
  itemId: `item-000${n}`,
  stageId: 'working-well',
  text: `Q${n}`,
});

describe('outbox', () => {
  it('keeps commands across a reload (a new Outbox on the same storage)', () => {
    const store = memoryStore();
    new Outbox(store, 'k').add(submit(1));
    expect(new Outbox(store, 'k').list().map((e) => e.command.id)).toEqual(['cmd-0001']);
  });

  it('adding the same command twice keeps one', () => {
    const outbox = new Outbox(memoryStore(), 'k');
    outbox.add(submit(1));
    outbox.add(submit(1));
    expect(outbox.list()).toHaveLength(1);
  });

  it('flushes in order and stops at the first that cannot be delivered now', async () => {
    const outbox = new Outbox(memoryStore(), 'k');
    for (const n of [1, 2, 3]) outbox.add(submit(n));
    const sent: string[] = [];
    await flushOutbox(
      outbox,
      async (c) => {
        sent.push(c.id);
        return c.id === 'cmd-0002' ? { status: 'retry' } : { status: 'delivered' };
      },
      () => {},
    );
    expect(sent).toEqual(['cmd-0001', 'cmd-0002']);
    expect(outbox.list().map((e) => e.command.id)).toEqual(['cmd-0002', 'cmd-0003']);
    await flushOutbox(
      outbox,
      async () => ({ status: 'delivered' }),
      () => {},
    );
    expect(outbox.list()).toEqual([]);
  });

  it('a refused command leaves the queue and is reported', async () => {
    const outbox = new Outbox(memoryStore(), 'k');
    outbox.add(submit(1));
    const refused: string[] = [];
    await flushOutbox(
      outbox,
      async () => ({ status: 'refused', message: 'writing has closed' }),
      (_e, r) => r && refused.push(`${r.command.id}: ${r.message}`),
    );
    expect(refused).toEqual(['cmd-0001: writing has closed']);
    expect(outbox.list()).toEqual([]);
  });

  it('survives corrupt storage', () => {
    const store = memoryStore();
    store.setItem('k', '{not json');
    expect(new Outbox(store, 'k').list()).toEqual([]);
  });
});
