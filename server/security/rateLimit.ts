/**
 * Join-code guessing is limited per address, never across the server: one address that keeps
 * getting codes wrong is refused for a while (the right code too, so a guess cannot be confirmed),
 * longer each time it comes back to it, while every other address joins as usual. Successful
 * joins are free. A global count would let 20 addresses, or one behind rotating proxies, lock out
 * every room on the server; the per-address count is generous enough that a room's typos behind
 * one NAT do not.
 */
export interface FailureLimits {
  /** Wrong codes an address may send in a window before it is refused. */
  perAddress: number;
  windowMs: number;
  /** The longest an address is refused: each lockout doubles the last, up to this. */
  maxBlockMs: number;
}

export const DEFAULT_JOIN_LIMITS: FailureLimits = { perAddress: 30, windowMs: 60_000, maxBlockMs: 3_600_000 };

interface AddressRecord {
  windowStart: number;
  failures: number;
  blockedUntil: number;
  /** Lockouts in a row: an address that behaves for maxBlockMs starts again from one window. */
  lockouts: number;
  lastLockout: number;
}

export class FailureLimiter {
  private readonly byAddress = new Map<string, AddressRecord>();

  constructor(
    private readonly limits: FailureLimits = DEFAULT_JOIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Seconds until this address may try again, or null when it may now. */
  blocked(address: string): number | null {
    const record = this.byAddress.get(address);
    const now = this.clock();
    if (!record || record.blockedUntil <= now) return null;
    return Math.ceil((record.blockedUntil - now) / 1000);
  }

  recordFailure(address: string): void {
    const now = this.clock();
    if (this.byAddress.size > 100_000) this.sweep(now);
    let record = this.byAddress.get(address);
    if (!record) {
      record = { windowStart: now, failures: 0, blockedUntil: 0, lockouts: 0, lastLockout: 0 };
      this.byAddress.set(address, record);
    }
    if (now - record.windowStart >= this.limits.windowMs) {
      record.windowStart = now;
      record.failures = 0;
    }
    record.failures++;
    if (record.failures < this.limits.perAddress) return;
    if (now - record.lastLockout > this.limits.maxBlockMs) record.lockouts = 0;
    record.lockouts++;
    record.lastLockout = now;
    record.failures = 0;
    record.windowStart = now;
    record.blockedUntil = now + Math.min(this.limits.windowMs * 2 ** (record.lockouts - 1), this.limits.maxBlockMs);
  }

  /** Addresses neither refused nor remembered for backoff any more are forgotten. */
  private sweep(now: number): void {
    for (const [address, r] of this.byAddress)
      if (
        r.blockedUntil <= now &&
        now - r.lastLockout > this.limits.maxBlockMs &&
        now - r.windowStart >= this.limits.windowMs
      )
        this.byAddress.delete(address);
  }
}
