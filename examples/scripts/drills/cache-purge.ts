// Plan 002's chaos drill "Cache purge": flush Redis during peak traffic.
// Expected: the feature-flag middleware keeps serving via the database
// fallback; the latency spike stays under 200 ms.
//
// The demo target caches profiles (with their feature flags) in Redis and
// falls back to PostgreSQL on a miss. The flush is an exec step, so the run
// needs --allow-exec (and redis-cli on this machine):
//
//   REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgres://user:pass@127.0.0.1:5432/postgres \
//     node examples/demo-target/server.ts
//   stampede run --allow-exec -e BASE_URL=http://127.0.0.1:3333 -e REDIS_URL=redis://127.0.0.1:6379 \
//     examples/scripts/drills/cache-purge.ts
//
// Timeline (scaled by TIME_SCALE, default 0.2 ≈ 1 minute, 0.05 ≈ 15 s): VUS
// (default 20) read PROFILES (default 200) profiles for 300 s; FLUSHALL at
// 180 s. The exec step has a window (25 s scaled, at least 1 s) so the
// requests right after the flush carry fault=cache_purge and the latency
// spike has its own threshold; the cache_keys probe (DBSIZE) shows Redis
// emptied and refilled, cache_hits the share of reads the cache served.
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Rate } from 'k6/metrics';
import { BASE_URL, PROBE_EVERY, hostPort, scaled, waitForTarget } from './common.ts';

const REDIS_URL = __ENV.REDIS_URL || 'redis://127.0.0.1:6379';
const [REDIS_HOST, REDIS_PORT] = hostPort(REDIS_URL, 6379).split(/:(?=\d+$)/);
const VUS = Number(__ENV.VUS || 20);
const PROFILES = Number(__ENV.PROFILES || 200);
const CLI = `redis-cli -h ${REDIS_HOST.replace(/^\[|\]$/g, '')} -p ${REDIS_PORT}`;

const cacheHits = new Rate('cache_hits');

export const options = {
  scenarios: { peak: { executor: 'constant-vus', vus: VUS, duration: scaled(300) } },
  chaos: {
    // the second command logs how many keys were left right after the flush
    cache_purge: { at: scaled(180), duration: scaled(25), exec: `${CLI} FLUSHALL && ${CLI} DBSIZE`, recovery: { window: scaled(25) } },
  },
  probes: { cache_keys: { redis: REDIS_URL, command: ['DBSIZE'], every: PROBE_EVERY } },
  thresholds: {
    'http_req_duration{fault:cache_purge}': ['p(95)<200'], // "latency spike < 200 ms"
    'http_req_failed{fault:cache_purge}': ['rate<0.01'], // "continues serving via database fallback"
    http_req_failed: ['rate<0.01'],
    'recovery_time{fault:cache_purge}': ['max<60000'],
  },
};

export function setup(): void {
  waitForTarget('profiles');
}

export default function (): void {
  const id = 1 + Math.floor(Math.random() * PROFILES);
  const res = http.get(`${BASE_URL}/profiles/${id}`, { tags: { endpoint: 'profile', name: 'GET /profiles/:id' } });
  cacheHits.add(res.headers['X-Cache'] === 'hit');
  check(res, {
    'profile served (200)': (r) => r.status === 200,
    'feature flags present': (r) => typeof r.json('features.community_profile_activity') === 'boolean',
  });
  sleep(0.05);
}
