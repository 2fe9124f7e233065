import { describe, expect, it } from 'vitest';
import { estimateOffset } from '../../client/src/session/clock.js';

describe('server clock offset', () => {
  it('is the server time minus the probe midpoint', () => {
    // Device clock 5 minutes fast: sent at 300_000+1000, server says 1040, received 300_000+1080.
    expect(estimateOffset([{ sentAt: 301_000, receivedAt: 301_080, serverNow: 1040 }])).toBe(-300_000);
  });

  it('trusts the probe with the shortest round trip', () => {
    const offset = estimateOffset([
      { sentAt: 0, receivedAt: 900, serverNow: 100 }, // slow, lopsided: midpoint 450, would say -350
      { sentAt: 1000, receivedAt: 1020, serverNow: 1510 }, // quick: midpoint 1010, offset +500
      { sentAt: 2000, receivedAt: 2300, serverNow: 2700 },
    ]);
    expect(offset).toBe(500);
  });

  it('is zero with no samples', () => {
    expect(estimateOffset([])).toBe(0);
  });
});
