/**
 * Timers are data, never server setTimeouts: a planned length, the time accumulated in earlier
 * runs, and when the current run started. Every screen computes the remaining time from the same
 * data and the server clock, so all of them agree; overrunning shows as overtime and nothing
 * advances by itself. A step the seed gives no length has no planned length: its timer counts up
 * (elapsed time only, never overtime), so the product invents no deadlines (rule PRD-TIME-1).
 */
export interface Timer {
  /** Planned length, or null for an untimed step that counts up. */
  plannedMs: number | null;
  /** Time run before the current run (sum of earlier runs between pauses). */
  accumulatedMs: number;
  /** Server time the current run started, or null when paused or not started. */
  runningSince: number | null;
  /** False until first started: an idle timer shows its full planned length. */
  started: boolean;
}

export function idleTimer(plannedMs: number | null): Timer {
  return { plannedMs, accumulatedMs: 0, runningSince: null, started: false };
}

export function runningTimer(plannedMs: number | null, now: number): Timer {
  return { plannedMs, accumulatedMs: 0, runningSince: now, started: true };
}

export function elapsedMs(t: Timer, now: number): number {
  const run = t.runningSince === null ? 0 : Math.max(0, now - t.runningSince);
  return t.accumulatedMs + run;
}

/** Remaining time; negative once the timer has run over. An untimed timer never runs out. */
export function remainingMs(t: Timer, now: number): number {
  return t.plannedMs === null ? Number.POSITIVE_INFINITY : t.plannedMs - elapsedMs(t, now);
}

export function overtimeMs(t: Timer, now: number): number {
  return Math.max(0, -remainingMs(t, now));
}

export function isRunning(t: Timer): boolean {
  return t.runningSince !== null;
}

export function startTimer(t: Timer, now: number): Timer {
  if (t.runningSince !== null) return t;
  return { ...t, runningSince: now, started: true };
}

export function pauseTimer(t: Timer, now: number): Timer {
  if (t.runningSince === null) return t;
  return { ...t, accumulatedMs: elapsedMs(t, now), runningSince: null };
}

/** Adds (or with a negative value, removes) planned time; never below zero. Untimed timers have none to change. */
export function extendTimer(t: Timer, deltaMs: number): Timer {
  if (t.plannedMs === null) return t;
  return { ...t, plannedMs: Math.max(0, t.plannedMs + deltaMs) };
}

export interface TimerReading {
  /** Countdown for a planned length, elapsed for an untimed step. */
  mode: 'countdown' | 'elapsed';
  remainingMs: number;
  overtimeMs: number;
  elapsedMs: number;
  running: boolean;
  started: boolean;
}

export function readTimer(t: Timer, now: number): TimerReading {
  const elapsed = elapsedMs(t, now);
  const base = { elapsedMs: elapsed, running: isRunning(t), started: t.started };
  if (t.plannedMs === null) return { mode: 'elapsed', remainingMs: 0, overtimeMs: 0, ...base };
  const remaining = t.plannedMs - elapsed;
  return { mode: 'countdown', remainingMs: Math.max(0, remaining), overtimeMs: Math.max(0, -remaining), ...base };
}

/**
 * "4:05", or "+1:10" in overtime. Rounds remaining time up so 0:00 shows only when it is over.
 * An untimed step shows its elapsed time, rounded down, as a stopwatch does.
 */
export function formatTimer(reading: TimerReading): string {
  if (reading.mode === 'elapsed') return formatMs(reading.elapsedMs, Math.floor);
  if (reading.overtimeMs > 0) return `+${formatMs(reading.overtimeMs, Math.floor)}`;
  return formatMs(reading.remainingMs, Math.ceil);
}

function formatMs(ms: number, round: (n: number) => number): string {
  const total = round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
