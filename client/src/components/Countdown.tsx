/** A countdown rendered from timer data and the server clock; it turns to overtime, never advances. */
import { useEffect, useState } from 'react';
import { formatTimer, readTimer, type Timer } from '../../../shared/process/timer.js';

export function Countdown(props: { timer: Timer; serverNow: () => number; label: string; large?: boolean }) {
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
  const state = reading.overtimeMs > 0 ? 'overtime' : reading.running ? 'running' : 'paused';
  return (
    <div
      className={`countdown ${state} ${props.large ? 'large' : ''}`}
      role="timer"
      aria-label={props.label}
      data-deadline={reading.running ? deadline : undefined}
    >
      <span className="countdown-value">{formatTimer(reading)}</span>
      <span className="countdown-state">
        {state === 'overtime' ? 'overtime' : !reading.started ? 'not started' : state}
      </span>
    </div>
  );
}
