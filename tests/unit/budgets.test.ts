/** The budgets' arithmetic with a fake clock: bursts, refill, strikes, and being kept out. */
import { describe, expect, it } from 'vitest';
import { Budgets, DEFAULT_BUDGETS } from '../../server/realtime/budgets.js';

const limits = { ...DEFAULT_BUDGETS, commandsPerMinute: 6, strikesPerMinute: 3, keptOutSeconds: 60 };

describe('budgets', () => {
  it('allow a minute’s budget at once, then refill at that rate', () => {
    let now = 0;
    const b = new Budgets(limits, () => now);
    for (let i = 0; i < 6; i++) expect(b.command('pat', 'participant')).toBe('ok');
    expect(b.command('pat', 'participant')).toBe('refused');
    now += 10_000; // a sixth of a minute: one command's worth
    expect(b.command('pat', 'participant')).toBe('ok');
    expect(b.command('pat', 'participant')).toBe('refused');
    // Another member, and the facilitator's larger budget, are their own.
    expect(b.command('sam', 'participant')).toBe('ok');
    for (let i = 0; i < 100; i++) expect(b.command('fran', 'facilitator')).toBe('ok');
  });

  it('disconnect after the strikes run out, keep the member out for a while, then let them back', () => {
    let now = 0;
    const b = new Budgets(limits, () => now);
    for (let i = 0; i < 6; i++) b.command('pat', 'participant');
    expect(b.command('pat', 'participant')).toBe('refused'); // strike 1
    expect(b.command('pat', 'participant')).toBe('refused');
    expect(b.command('pat', 'participant')).toBe('refused'); // strike 3
    expect(b.keptOut('pat')).toBe(false);
    expect(b.command('pat', 'participant')).toBe('disconnect');
    expect(b.keptOut('pat')).toBe(true);
    now += 59_000;
    expect(b.keptOut('pat')).toBe(true);
    now += 2000;
    expect(b.keptOut('pat')).toBe(false);
    expect(b.command('pat', 'participant')).toBe('ok');
  });

  it('budget resyncs and clock probes per socket, striking the member', () => {
    const now = 0;
    const b = new Budgets({ ...limits, resyncsPerMinute: 2 }, () => now);
    expect(b.resync('socket-1', 'pat')).toBe('ok');
    expect(b.resync('socket-1', 'pat')).toBe('ok');
    expect(b.resync('socket-1', 'pat')).toBe('refused');
    expect(b.resync('socket-2', 'pat')).toBe('ok'); // a second tab has its own
  });
});
