/**
 * A clock rendered from timer data and the server clock. A timed step counts down and turns to
 * overtime, never advancing by itself; a step the seed does not time counts up (PRD-TIME-1), with
 * no deadline and no overtime colour.
 */
import { useEffect, useState } from 'react';
import { formatTimer, readTimer, type Timer } from '../../../shared/process/timer.js';

export function Countdown(props: {
  timer: Timer;
  serverNow: () => number;
  label: string;
  /** The name when the step is untimed and counts up (default: the label, "elapsed"). */
  elapsedLabel?: string;
  /** Shown above the value, so a phone says what the clock counts ("Writing time left"). */
  caption?: string;
  large?: boolean;
}) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), 250);
    return () => clearInterval(id);
  }, []);
  const now = props.serverNow();
  const reading = readTimer(props.timer, now);
  // When this screen believes the timer hits zero, in server time: equal on every screen whose
  // clock offset is right, whatever its own clock says (the browser tests compare it).
  const deadline = Math.round(now + reading.remainingMs - reading.overtimeMs);
  const counting = reading.mode === 'countdown';
  const elapsedName = props.elapsedLabel ?? `${props.label}, elapsed`;
  const state = reading.overtimeMs > 0 ? 'overtime' : reading.running ? 'running' : 'paused';
  return (
    <div
      className={`countdown ${state} ${counting ? '' : 'elapsed'} ${props.large ? 'large' : ''}`}
      role="timer"
      aria-label={counting ? props.label : elapsedName}
      data-deadline={reading.running && counting ? deadline : undefined}
      data-mode={reading.mode}
    >
      {props.caption && <span className="countdown-caption">{counting ? props.caption : elapsedName}</span>}
      <span className="countdown-value">{formatTimer(reading)}</span>
      <span className="countdown-state">
        {state === 'overtime'
          ? 'overtime'
          : !reading.started
            ? 'not started'
            : counting
              ? state
              : `elapsed${reading.running ? '' : ', paused'}`}
      </span>
    </div>
  );
}
