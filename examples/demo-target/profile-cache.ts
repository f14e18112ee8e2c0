/**
 * Plan 002's cache in front of the profile reads: profiles (with their
 * feature flags) kept in Redis as JSON under `profile:<id>` with a TTL. It
 * never waits for Redis: no offline queue, one try per command and a short
 * command timeout, so a flushed, slow or unreachable cache is a miss and the
 * read falls back to the database ("continues serving via database fallback").
 */
import { Redis } from 'ioredis';
import type { Profile } from './profile-store.ts';

/** How long a cached profile lives unless told otherwise (s). */
export const DEFAULT_CACHE_TTL_S = 60;

export class ProfileCache {
  readonly #redis: Redis;
  readonly #ttlS: number;

  constructor(redisUrl: string, ttlS = DEFAULT_CACHE_TTL_S) {
    this.#ttlS = ttlS;
    this.#redis = new Redis(redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      commandTimeout: 500,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    });
    // a lost connection is retried in the background; each failed command is a miss
    this.#redis.on('error', () => undefined);
  }

  /** The cached profile; null on a miss; rejects when Redis cannot answer. */
  async get(id: number): Promise<Profile | null> {
    const raw = await this.#redis.get(`profile:${id}`);
    return raw === null ? null : JSON.parse(raw) as Profile;
  }

  async set(profile: Profile): Promise<void> {
    await this.#redis.set(`profile:${profile.id}`, JSON.stringify(profile), 'EX', this.#ttlS);
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}
