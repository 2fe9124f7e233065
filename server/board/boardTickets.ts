/**
 * Tickets for the board's WebSocket. A browser cannot set headers on a WebSocket, so whatever
 * authenticates it rides in the URL, where a reverse proxy writes it to its access log. The
 * personal token must never be there (the facilitator's gives full control and the pack): the
 * client trades it, over HTTPS with `Authorization: Bearer`, for a ticket that opens one board
 * socket, once, within TICKET_TTL_MS. A logged ticket is spent or stale by the time anyone reads it.
 */

import { newToken } from '../security/tokens.js';
import type { MemberIdentity } from '../sessions/hub.js';

export const TICKET_TTL_MS = 30_000;
/** Unredeemed tickets kept per member: a reconnecting tab needs one or two; the oldest go first. */
const TICKETS_PER_MEMBER = 5;

export class BoardTickets {
  private readonly tickets = new Map<string, { identity: MemberIdentity; expires: number }>();
  private readonly byMember = new Map<string, string[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  issue(identity: MemberIdentity): string {
    this.sweep();
    const ticket = newToken();
    this.tickets.set(ticket, { identity, expires: this.clock() + TICKET_TTL_MS });
    const mine = this.byMember.get(identity.memberId) ?? [];
    mine.push(ticket);
    for (const old of mine.splice(0, Math.max(0, mine.length - TICKETS_PER_MEMBER))) this.tickets.delete(old);
    this.byMember.set(identity.memberId, mine);
    return ticket;
  }

  /** Who the ticket was issued to, if it is unspent and in time; it is spent either way. */
  redeem(ticket: string): MemberIdentity | null {
    const found = this.tickets.get(ticket);
    if (!found) return null;
    this.tickets.delete(ticket);
    const mine = this.byMember.get(found.identity.memberId);
    if (mine) {
      mine.splice(mine.indexOf(ticket), 1);
      if (mine.length === 0) this.byMember.delete(found.identity.memberId);
    }
    return found.expires > this.clock() ? found.identity : null;
  }

  private sweep(): void {
    const now = this.clock();
    for (const [ticket, { identity, expires }] of this.tickets) {
      if (expires > now) continue;
      this.tickets.delete(ticket);
      const mine = this.byMember.get(identity.memberId);
      mine?.splice(mine.indexOf(ticket), 1);
      if (mine?.length === 0) this.byMember.delete(identity.memberId);
    }
  }
}
