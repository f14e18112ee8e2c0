/**
 * Plan 002's profile read path on PostgreSQL (DATABASE_URL): the target
 * creates and seeds a `profiles` table at start (retrying for `waitMs`, so it
 * may start before a fault proxy in front of the database listens) and reads
 * one row per request through a small pg.Pool. Modelled on "Laravel
 * auto-retries idempotent requests": a failed read is retried once on a fresh
 * connection, whose connect is retried for up to `retryWindowMs` (a failover's
 * gap); only when that fails too does the request get a 503. With a
 * ProfileCache the cache is read first and refilled from the database.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { ProfileCache } from './profile-cache.ts';

/** Rows seeded at start: ids 1..PROFILE_COUNT. */
export const PROFILE_COUNT = 1000;
/** How long a failed read keeps trying to get a fresh connection unless told otherwise (ms). */
export const DEFAULT_RETRY_WINDOW_MS = 3_000;
const RETRY_PAUSE_MS = 100;
const SELECT = 'select id, name, bio, features from profiles where id = $1';

export interface Profile {
  id: number;
  name: string;
  bio: string;
  /** feature flags of the profile, e.g. { community_profile_activity: true } */
  features: Record<string, boolean>;
}

/** What GET /stats/drills shows of the read path. */
export interface ProfileStats {
  reads: number;
  cacheHits: number;
  cacheMisses: number;
  cacheErrors: number;
  /** reads whose first query failed and were retried on a fresh connection */
  dbRetries: number;
  /** reads whose retry failed too (answered 503) */
  dbFailures: number;
}

export interface ProfileStoreOptions {
  /** postgres://user:password@host:port/db */
  databaseUrl: string;
  cache?: ProfileCache;
  /** pooled connections (default 4) */
  poolSize?: number;
  retryWindowMs?: number;
  /** how long to keep trying to create and seed the table at start (default 5 s) */
  waitMs?: number;
}

/** The database could not answer a read, retry included. */
export class DatabaseUnavailable extends Error {}

export class ProfileStore {
  readonly #url: string;
  readonly #pool: pg.Pool;
  readonly #cache: ProfileCache | undefined;
  readonly #retryWindowMs: number;
  readonly #stats: ProfileStats = { reads: 0, cacheHits: 0, cacheMisses: 0, cacheErrors: 0, dbRetries: 0, dbFailures: 0 };

  constructor(options: ProfileStoreOptions) {
    this.#url = options.databaseUrl;
    this.#cache = options.cache;
    this.#retryWindowMs = options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
    this.#pool = new pg.Pool({
      connectionString: this.#url, max: options.poolSize ?? 4,
      connectionTimeoutMillis: 1_000, idleTimeoutMillis: 10_000, query_timeout: 2_000,
    });
    // an idle client whose connection broke is dropped by the pool; nothing else to do
    this.#pool.on('error', () => undefined);
  }

  stats(): ProfileStats {
    return { ...this.#stats };
  }

  /** The profile and where it came from; null when there is no such row; throws DatabaseUnavailable. */
  async get(id: number): Promise<{ profile: Profile; source: 'cache' | 'database' } | null> {
    this.#stats.reads++;
    if (this.#cache) {
      try {
        const hit = await this.#cache.get(id);
        if (hit) { this.#stats.cacheHits++; return { profile: hit, source: 'cache' }; }
        this.#stats.cacheMisses++;
      } catch {
        this.#stats.cacheErrors++;
      }
    }
    const profile = await this.#fromDatabase(id);
    if (profile && this.#cache) this.#cache.set(profile).catch(() => { this.#stats.cacheErrors++; });
    return profile ? { profile, source: 'database' } : null;
  }

  async #fromDatabase(id: number): Promise<Profile | null> {
    try {
      return rowOf(await this.#pool.query(SELECT, [id]));
    } catch {
      this.#stats.dbRetries++;
      try {
        return rowOf(await this.#freshQuery(id));
      } catch (error) {
        this.#stats.dbFailures++;
        throw new DatabaseUnavailable(`database unavailable: ${(error as Error).message}`);
      }
    }
  }

  /** The retry: one query on a new connection, connecting again every 100 ms until the retry window is over. */
  async #freshQuery(id: number): Promise<pg.QueryResult> {
    const deadline = Date.now() + this.#retryWindowMs;
    for (;;) {
      const client = new pg.Client({ connectionString: this.#url, connectionTimeoutMillis: 1_000, query_timeout: 2_000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return await client.query(SELECT, [id]);
      } catch (error) {
        if (Date.now() + RETRY_PAUSE_MS >= deadline) throw error;
      } finally {
        void client.end().catch(() => undefined);
      }
      await sleep(RETRY_PAUSE_MS);
    }
  }

  async close(): Promise<void> {
    await this.#cache?.close();
    await this.#pool.end();
  }
}

function rowOf(result: pg.QueryResult): Profile | null {
  const row = result.rows[0] as { id: number; name: string; bio: string; features: Record<string, boolean> } | undefined;
  return row ? { id: row.id, name: row.name, bio: row.bio, features: row.features } : null;
}

/** Creates and seeds the table (idempotent), retrying until `waitMs`; then the store. */
export async function startProfileStore(options: ProfileStoreOptions): Promise<ProfileStore> {
  const deadline = Date.now() + (options.waitMs ?? 5_000);
  for (;;) {
    const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('create table if not exists profiles (id integer primary key, name text not null, bio text not null, features jsonb not null)');
      await client.query(`insert into profiles (id, name, bio, features)
        select g, 'Member ' || g, 'Load Test Guild member #' || g, jsonb_build_object('community_profile_activity', g % 10 <> 0)
        from generate_series(1, $1::integer) g on conflict (id) do nothing`, [PROFILE_COUNT]);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer: ${(error as Error).message}`, { cause: error });
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(250);
  }
  return new ProfileStore(options);
}
