/**
 * Plan 001's matchmaking queue in memory: a user joins and gets a ticket and
 * a position; a ticket counts as matched once it has waited `matchAfterMs`;
 * leaving removes it. Bounded: past `maxTickets` the oldest are forgotten.
 */

/** A ticket's state as GET /queue/status reports it. */
export interface TicketStatus {
  ticket: string;
  matched: boolean;
  region: string;
  joinedAt: number;
  /** when the match happened (epoch ms), null while waiting */
  matchedAt: number | null;
}

export interface MatchQueueOptions {
  /** how long a ticket waits before it is matched (default 500 ms) */
  matchAfterMs?: number;
  /** how many tickets are kept before the oldest are dropped (default 100 000) */
  maxTickets?: number;
  nowMs?: () => number;
}

interface Ticket {
  region: string;
  joinedAt: number;
}

/** The queue. Positions count tickets still waiting, so they shrink as others are matched or leave. */
export class MatchQueue {
  readonly matchAfterMs: number;
  readonly #maxTickets: number;
  readonly #now: () => number;
  /** every known ticket, oldest first */
  readonly #tickets = new Map<string, Ticket>();
  /** tickets not yet matched, oldest first (a prefix of #tickets' order) */
  readonly #waiting = new Map<string, Ticket>();
  #nextId = 1;

  constructor(options: MatchQueueOptions = {}) {
    this.matchAfterMs = options.matchAfterMs ?? 500;
    this.#maxTickets = options.maxTickets ?? 100_000;
    this.#now = options.nowMs ?? Date.now;
  }

  /** Adds a ticket; its position is 1 + the number of tickets waiting before it. */
  join(region: string): { ticket: string; position: number } {
    this.#dropMatched();
    const ticket = `tkt_${this.#nextId++}`;
    const entry = { region, joinedAt: this.#now() };
    this.#tickets.set(ticket, entry);
    this.#waiting.set(ticket, entry);
    if (this.#tickets.size > this.#maxTickets) {
      const oldest = this.#tickets.keys().next().value as string;
      this.#tickets.delete(oldest);
      this.#waiting.delete(oldest);
    }
    return { ticket, position: this.#waiting.size };
  }

  /** Removes a ticket; false when it is unknown. */
  leave(ticket: string): boolean {
    this.#waiting.delete(ticket);
    return this.#tickets.delete(ticket);
  }

  /** The ticket's status, or undefined when it is unknown (never issued, left or forgotten). */
  status(ticket: string): TicketStatus | undefined {
    const entry = this.#tickets.get(ticket);
    if (!entry) return undefined;
    const matchedAt = entry.joinedAt + this.matchAfterMs;
    const matched = matchedAt <= this.#now();
    return { ticket, matched, region: entry.region, joinedAt: entry.joinedAt, matchedAt: matched ? matchedAt : null };
  }

  /** How many tickets are waiting to be matched right now. */
  waitingCount(): number {
    this.#dropMatched();
    return this.#waiting.size;
  }

  #dropMatched(): void {
    const cutoff = this.#now() - this.matchAfterMs;
    for (const [ticket, entry] of this.#waiting) {
      if (entry.joinedAt > cutoff) break;
      this.#waiting.delete(ticket);
    }
  }
}
