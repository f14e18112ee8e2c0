/**
 * Starts plan 002's chaos-drill services on the demo target's state, each
 * only when its URL is given: the profile store on PostgreSQL (databaseUrl),
 * its Redis cache and the `notifications` queue (redisUrl; the queue's
 * worker on notificationsWorkerRedisUrl when set). Resolves with a function
 * that stops them all; on a failed start, stops the ones started.
 */
import type { DemoState } from './state.ts';

export interface DrillServiceOptions {
  /** postgres://… : GET /profiles/:id reads a seeded `profiles` table */
  databaseUrl?: string;
  /** with databaseUrl: profiles are cached in this Redis (and the notifications queue runs on it) */
  redisUrl?: string;
  /** the notifications worker's own Redis URL (e.g. a fault proxy in front of redisUrl's server) */
  notificationsWorkerRedisUrl?: string;
  /** TTL of a cached profile, s (default 60) */
  cacheTtlS?: number;
  /** how long a failed profile read retries on fresh connections, ms (default 3000; 0: one fresh try) */
  dbRetryWindowMs?: number;
  /** notification jobs sent at once (default 4) and ms per job (default 10) */
  notifyConcurrency?: number;
  notifyWorkMs?: number;
  /** how long to wait for Redis and PostgreSQL at start, ms (default 5000) */
  servicesWaitMs?: number;
}

export async function startDrillServices(state: DemoState, options: DrillServiceOptions): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => { await Promise.all(stops.splice(0).map((stop) => stop().catch(() => undefined))); };
  try {
    if (options.redisUrl) {
      const { startNotifications } = await import('./notifications.ts');
      state.notifications = await startNotifications({
        redisUrl: options.redisUrl, workerRedisUrl: options.notificationsWorkerRedisUrl,
        concurrency: options.notifyConcurrency, workMs: options.notifyWorkMs, waitMs: options.servicesWaitMs,
      });
      const notifications = state.notifications;
      stops.push(() => notifications.close());
    }
    if (options.databaseUrl) {
      const { startProfileStore } = await import('./profile-store.ts');
      const cache = options.redisUrl ? new (await import('./profile-cache.ts')).ProfileCache(options.redisUrl, options.cacheTtlS) : undefined;
      try {
        state.profiles = await startProfileStore({
          databaseUrl: options.databaseUrl, cache, retryWindowMs: options.dbRetryWindowMs, waitMs: options.servicesWaitMs,
        });
      } catch (error) {
        await cache?.close();
        throw error;
      }
      const profiles = state.profiles;
      stops.push(() => profiles.close());
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}
