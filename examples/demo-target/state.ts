/**
 * Everything one demo target instance remembers: request counters, the
 * approval pipeline, the match queue, the token issuer and the webhook
 * secret. One DemoState per server, so servers in one process never share.
 */
import { ActionStore } from './actions-store.ts';
import { MatchQueue } from './match-queue.ts';
import { createTokenIssuer } from './tokens.ts';
import type { TokenIssuer } from './tokens.ts';
import type { ProfileStore } from './profile-store.ts';
import type { Notifications } from './notifications.ts';

/** What GET /stats returns: all counted requests, and per route (`METHOD /pattern`, or `unmatched`). */
export interface RequestCounts {
  requests: number;
  byRoute: Record<string, number>;
}

/** Counts requests by route key. */
export class RequestCounters {
  #total = 0;
  #byRoute = new Map<string, number>();

  /** Counts one request for `routeKey`. */
  count(routeKey: string): void {
    this.#total++;
    this.#byRoute.set(routeKey, (this.#byRoute.get(routeKey) ?? 0) + 1);
  }

  /** A copy of the counts so far. */
  snapshot(): RequestCounts {
    return { requests: this.#total, byRoute: Object.fromEntries(this.#byRoute) };
  }

  /** Forgets every count. */
  reset(): void {
    this.#total = 0;
    this.#byRoute.clear();
  }
}

/** Tunables of one instance; every field has a demo-friendly default. */
export interface DemoStateOptions {
  /** delay between approval and execution (default 200 ms) */
  executeAfterMs?: number;
  /** wait before a queue ticket is matched (default 500 ms) */
  matchAfterMs?: number;
  /** Stripe-style webhook signing secret (default env STRIPE_WEBHOOK_SECRET, else 'whsec_demo') */
  webhookSecret?: string;
}

/** The state handed to every route handler. */
export interface DemoState {
  counters: RequestCounters;
  actions: ActionStore;
  queue: MatchQueue;
  tokens: TokenIssuer;
  webhookSecret: string;
  /** aborted when the server closes, so pending delays end at once */
  closing: AbortSignal;
  /** plan 002's profile reads (with DATABASE_URL) */
  profiles?: ProfileStore;
  /** plan 002's notification queue (with REDIS_URL) */
  notifications?: Notifications;
}

/** Creates fresh state for one server. */
export function createDemoState(options: DemoStateOptions, closing: AbortSignal): DemoState {
  return {
    counters: new RequestCounters(),
    actions: new ActionStore({ executeAfterMs: options.executeAfterMs }),
    queue: new MatchQueue({ matchAfterMs: options.matchAfterMs }),
    tokens: createTokenIssuer(),
    webhookSecret: options.webhookSecret ?? (process.env.STRIPE_WEBHOOK_SECRET || 'whsec_demo'),
    closing,
  };
}
