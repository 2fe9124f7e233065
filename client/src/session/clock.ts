/**
 * Server clock offset from round trips (as NTP does): offset = serverNow - midpoint of the probe;
 * the probe with the shortest round trip wins, since its midpoint is the least uncertain.
 */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverNow: number;
}

export function estimateOffset(samples: ClockSample[]): number {
  if (samples.length === 0) return 0;
  const best = samples.reduce((a, b) => (b.receivedAt - b.sentAt < a.receivedAt - a.sentAt ? b : a));
  return best.serverNow - (best.sentAt + best.receivedAt) / 2;
}
