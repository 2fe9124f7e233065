/**
 * Token buckets by key, refilled continuously: a full bucket is one window's budget, so a burst can
 * spend it at once and it comes back at that rate. Synchronous and allocation-free on the hot path:
 * a flood arrives as thousands of frames in one read, and each refusal must cost next to nothing.
 * (rate-limiter-flexible was tried first; its promise per call made a 34,000-frame resync burst
 * hold another session's commands for 77 ms.)
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.perMs = capacity / windowMs;
  }

  take(key: string): boolean {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size > 100_000) this.sweep(now);
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Buckets full again are the same as no bucket: forget them. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + (now - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
  }
}
