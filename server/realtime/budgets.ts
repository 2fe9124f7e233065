/**
 * What one member may ask of the server, sized for a real room: a person writes a few items a
 * minute and a facilitator clicks a few times a minute, so the budgets leave ample room for both
 * and for an offline phone replaying its outbox, and nothing for a script. Commands are budgeted
 * per member (every socket of theirs draws on one budget); `resync` and `time` probes, which cost
 * the server a whole view or a round trip, per socket. Each refusal is a strike; a member who keeps
 * going past their budget is disconnected and kept out for a minute.
 */
import type { Role } from '../../shared/roles.js';

export interface BudgetLimits {
  /** Commands per member per minute, for the roles that run the meeting and for everyone else. */
  leadCommandsPerMinute: number;
  commandsPerMinute: number;
  /** Per socket per minute. */
  resyncsPerMinute: number;
  timeProbesPerMinute: number;
  /** Refusals per member per minute before they are disconnected, and how long they are then kept out. */
  strikesPerMinute: number;
  keptOutSeconds: number;
}

export const DEFAULT_BUDGETS: BudgetLimits = {
  leadCommandsPerMinute: 600,
  commandsPerMinute: 90,
  resyncsPerMinute: 20,
  timeProbesPerMinute: 20,
  strikesPerMinute: 100,
  keptOutSeconds: 60,
};

const LEADS: ReadonlySet<Role> = new Set(['facilitator', 'advisor']);

export type Spend = 'ok' | 'refused' | 'disconnect';

/**
 * Token buckets by key, refilled continuously: a full bucket is a minute's budget, so a burst can
 * spend it at once and it comes back at that rate. Synchronous and allocation-free on the hot path:
 * a flood arrives as thousands of frames in one read, and each refusal must cost next to nothing.
 * (rate-limiter-flexible was tried first; its promise per call made a 34,000-frame resync burst
 * hold another session's commands for 77 ms.)
 */
class Buckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    private readonly clock: () => number,
  ) {
    this.perMs = capacity / 60_000;
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

export class Budgets {
  private readonly leadCommands: Buckets;
  private readonly commands: Buckets;
  private readonly resyncs: Buckets;
  private readonly timeProbes: Buckets;
  private readonly strikes: Buckets;
  /** Members disconnected for flooding, until when. */
  private readonly keptOutUntil = new Map<string, number>();

  constructor(
    readonly limits: BudgetLimits = DEFAULT_BUDGETS,
    private readonly clock: () => number = Date.now,
  ) {
    this.leadCommands = new Buckets(limits.leadCommandsPerMinute, clock);
    this.commands = new Buckets(limits.commandsPerMinute, clock);
    this.resyncs = new Buckets(limits.resyncsPerMinute, clock);
    this.timeProbes = new Buckets(limits.timeProbesPerMinute, clock);
    this.strikes = new Buckets(limits.strikesPerMinute, clock);
  }

  command(memberId: string, role: Role): Spend {
    return this.spend(LEADS.has(role) ? this.leadCommands : this.commands, memberId, memberId);
  }

  resync(socketId: string, memberId: string): Spend {
    return this.spend(this.resyncs, socketId, memberId);
  }

  timeProbe(socketId: string, memberId: string): Spend {
    return this.spend(this.timeProbes, socketId, memberId);
  }

  /** Whether a member is kept out after sustained abuse (their reconnection is refused). */
  keptOut(memberId: string): boolean {
    const until = this.keptOutUntil.get(memberId);
    if (until === undefined) return false;
    if (until > this.clock()) return true;
    this.keptOutUntil.delete(memberId);
    return false;
  }

  private spend(buckets: Buckets, key: string, memberId: string): Spend {
    if (buckets.take(key)) return 'ok';
    if (this.strikes.take(memberId)) return 'refused';
    this.keptOutUntil.set(memberId, this.clock() + this.limits.keptOutSeconds * 1000);
    return 'disconnect';
  }
}
