import { describe, expect, it } from 'vitest';
import {
  elapsedMs,
  extendTimer,
  formatTimer,
  idleTimer,
  overtimeMs,
  pauseTimer,
  readTimer,
  remainingMs,
  runningTimer,
  startTimer,
} from '../../shared/process/timer.js';

const MIN = 60_000;

describe('timer arithmetic (timers are data: planned, accumulated, running since)', () => {
  it('an idle timer shows its whole planned length and does not run', () => {
    const t = idleTimer(3 * MIN);
    expect(remainingMs(t, 1_000_000)).toBe(3 * MIN);
    expect(readTimer(t, 5).started).toBe(false);
  });

  it('counts down from the start time with a fake clock', () => {
    const t = runningTimer(3 * MIN, 1000);
    expect(remainingMs(t, 1000)).toBe(3 * MIN);
    expect(remainingMs(t, 1000 + 45_000)).toBe(3 * MIN - 45_000);
  });

  it('pausing freezes the remaining time; resuming continues from it', () => {
    let t = runningTimer(5 * MIN, 0);
    t = pauseTimer(t, 60_000);
    expect(remainingMs(t, 60_000)).toBe(4 * MIN);
    expect(remainingMs(t, 10 * MIN)).toBe(4 * MIN); // time passing while paused does not count
    t = startTimer(t, 10 * MIN);
    expect(remainingMs(t, 11 * MIN)).toBe(3 * MIN);
    t = pauseTimer(t, 12 * MIN);
    t = startTimer(t, 20 * MIN);
    expect(elapsedMs(t, 20 * MIN + 30_000)).toBe(3 * MIN + 30_000);
  });

  it('pause and start are idempotent', () => {
    const t = runningTimer(MIN, 0);
    expect(startTimer(t, 500)).toBe(t);
    const p = pauseTimer(t, 100);
    expect(pauseTimer(p, 900)).toBe(p);
  });

  it('overrunning shows as overtime, never as a negative countdown', () => {
    const t = runningTimer(2 * MIN, 0);
    const r = readTimer(t, 2 * MIN + 70_000);
    expect(r.remainingMs).toBe(0);
    expect(r.overtimeMs).toBe(70_000);
    expect(overtimeMs(t, MIN)).toBe(0);
    expect(formatTimer(r)).toBe('+1:10');
  });

  it('extending adds planned time, shortening never goes below zero', () => {
    const t = runningTimer(2 * MIN, 0);
    expect(remainingMs(extendTimer(t, MIN), MIN)).toBe(2 * MIN);
    expect(extendTimer(t, -10 * MIN).plannedMs).toBe(0);
  });

  it('formats remaining time rounded up so 0:00 means over', () => {
    expect(formatTimer(readTimer(runningTimer(3 * MIN, 0), 0))).toBe('3:00');
    expect(formatTimer(readTimer(runningTimer(3 * MIN, 0), 1))).toBe('3:00');
    expect(formatTimer(readTimer(runningTimer(3 * MIN, 0), 1001))).toBe('2:59');
    expect(formatTimer(readTimer(runningTimer(MIN, 0), MIN))).toBe('0:00');
  });
});
