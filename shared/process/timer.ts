/**
 * Timers are data, never server setTimeouts: a planned length, the time accumulated in earlier
 * runs, and when the current run started. Every screen computes the remaining time from the same
 * data and the server clock, so all of them agree; overrunning shows as overtime and nothing
 * advances by itself.
 */
export interface Timer {
  plannedMs: number;
  /** Time run before the current run (sum of earlier runs between pauses). */
  accumulatedMs: number;
  /** Server time the current run started, or null when paused or not started. */
  runningSince: number | null;
  /** False until first started: an idle timer shows its full planned length. */
  started: boolean;
}

export function idleTimer(plannedMs: number): Timer {
  return { plannedMs, accumulatedMs: 0, runningSince: null, started: false };
}

export function runningTimer(plannedMs: number, now: number): Timer {
  return { plannedMs, accumulatedMs: 0, runningSince: now, started: true };
}

export function elapsedMs(t: Timer, now: number): number {
  const run = t.runningSince === null ? 0 : Math.max(0, now - t.runningSince);
  return t.accumulatedMs + run;
}

/** Remaining time; negative once the timer has run over. */
export function remainingMs(t: Timer, now: number): number {
  return t.plannedMs - elapsedMs(t, now);
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

/** Adds (or with a negative value, removes) planned time; never below zero. */
export function extendTimer(t: Timer, deltaMs: number): Timer {
  return { ...t, plannedMs: Math.max(0, t.plannedMs + deltaMs) };
}

export interface TimerReading {
  remainingMs: number;
  overtimeMs: number;
  running: boolean;
  started: boolean;
}

export function readTimer(t: Timer, now: number): TimerReading {
  const remaining = remainingMs(t, now);
  return {
    remainingMs: Math.max(0, remaining),
    overtimeMs: Math.max(0, -remaining),
    running: isRunning(t),
    started: t.started,
  };
}

/** "4:05", or "+1:10" in overtime. Rounds remaining time up so 0:00 shows only when it is over. */
export function formatTimer(reading: TimerReading): string {
  if (reading.overtimeMs > 0) return `+${formatMs(reading.overtimeMs, Math.floor)}`;
  return formatMs(reading.remainingMs, Math.ceil);
}

function formatMs(ms: number, round: (n: number) => number): string {
  const total = round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
