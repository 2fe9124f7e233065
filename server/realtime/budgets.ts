/**
 * What one member may ask of the server, sized for a real room: a person writes a few items a
 * minute and a facilitator clicks a few times a minute, so the budgets leave ample room for both
 * and for an offline phone replaying its outbox, and nothing for a script. Commands are budgeted
 * per member (every socket of theirs draws on one budget); `resync` and `time` probes, which cost
 * the server a whole view or a round trip, per socket. Each refusal is a strike; a member who keeps
 * going past their budget is disconnected and kept out for a minute.
 */
import type { Role } from '../../shared/roles.js';
import { TokenBuckets } from '../security/tokenBuckets.js';

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

export class Budgets {
  private readonly leadCommands: TokenBuckets;
  private readonly commands: TokenBuckets;
  private readonly resyncs: TokenBuckets;
  private readonly timeProbes: TokenBuckets;
  private readonly strikes: TokenBuckets;
  /** Members disconnected for flooding, until when. */
  private readonly keptOutUntil = new Map<string, number>();

  constructor(
    readonly limits: BudgetLimits = DEFAULT_BUDGETS,
    private readonly clock: () => number = Date.now,
  ) {
    this.leadCommands = new TokenBuckets(limits.leadCommandsPerMinute, 60_000, clock);
    this.commands = new TokenBuckets(limits.commandsPerMinute, 60_000, clock);
    this.resyncs = new TokenBuckets(limits.resyncsPerMinute, 60_000, clock);
    this.timeProbes = new TokenBuckets(limits.timeProbesPerMinute, 60_000, clock);
    this.strikes = new TokenBuckets(limits.strikesPerMinute, 60_000, clock);
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

  private spend(buckets: TokenBuckets, key: string, memberId: string): Spend {
    if (buckets.take(key)) return 'ok';
    if (this.strikes.take(memberId)) return 'refused';
    this.keptOutUntil.set(memberId, this.clock() + this.limits.keptOutSeconds * 1000);
    return 'disconnect';
  }
}
