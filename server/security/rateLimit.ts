/**
 * Join-code guessing is limited per address and across the whole server: failed attempts are
 * counted in a fixed window, and once either count is spent every attempt from that address (or
 * from anyone, for the global count) is refused until the window ends. Successful joins are free.
 */
export interface FailureLimits {
  perAddress: number;
  global: number;
  windowMs: number;
}

export const DEFAULT_JOIN_LIMITS: FailureLimits = { perAddress: 10, global: 200, windowMs: 60_000 };

export class FailureLimiter {
  private windowStart = 0;
  private globalFailures = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly limits: FailureLimits = DEFAULT_JOIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  private roll(): void {
    const now = this.clock();
    if (now - this.windowStart >= this.limits.windowMs) {
      this.windowStart = now;
      this.globalFailures = 0;
      this.byAddress.clear();
    }
  }

  /** Seconds until the window ends, when this address may not try now; null when it may. */
  blocked(address: string): number | null {
    this.roll();
    const spent =
      (this.byAddress.get(address) ?? 0) >= this.limits.perAddress || this.globalFailures >= this.limits.global;
    return spent ? Math.ceil((this.windowStart + this.limits.windowMs - this.clock()) / 1000) : null;
  }

  recordFailure(address: string): void {
    this.roll();
    this.globalFailures++;
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
  }
}
