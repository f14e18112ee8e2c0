// Plan 002's chaos drill "Database failover": the primary fails over while
// the load ramps. Expected: at most 2 transient 5xx, because the API retries
// idempotent reads ("Laravel auto-retries idempotent requests").
//
// The demo target reads profiles from PostgreSQL through the fault proxy `db`
// the run starts (DB_PROXY). It may start before or after the run: it waits
// SERVICES_WAIT_MS for its database, and setup() waits for it:
//
//   DATABASE_URL=postgres://user:pass@127.0.0.1:15432/postgres SERVICES_WAIT_MS=30000 \
//     node examples/demo-target/server.ts
//   stampede run -e BASE_URL=http://127.0.0.1:3333 -e DB_PROXY=127.0.0.1:15432 \
//     -e DB_UPSTREAM=127.0.0.1:5432 examples/scripts/drills/db-failover.ts
//
// The failover: every connection to the old primary is reset (reset_peer,
// RESET_MS, default 1000), then no primary accepts connections while the
// replica is promoted (down, DOWN_MS, default 1000). These two are real time,
// not scaled. The target retries a failed read once on a fresh connection,
// reconnecting for up to DB_RETRY_WINDOW_MS (3 s): a failover shorter than
// that costs latency, not errors. DB_RETRY_WINDOW_MS=0 on the target (one
// fresh try, no waiting) shows what the retry hides.
// Timeline (scaled by TIME_SCALE, default 0.2 ≈ 1 minute, 0.05 ≈ 15 s): VUS
// (default 20) ramp up over 150 s, hold 90 s, ramp down over 60 s; the
// failover at 120 s, while the load still ramps. Start the target without
// REDIS_URL so every read reaches the database (a cache would hide the
// failover from the reads it serves).
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, scaled, waitForTarget } from './common.ts';

const DB_PROXY = __ENV.DB_PROXY || '127.0.0.1:15432';
const DB_UPSTREAM = __ENV.DB_UPSTREAM || '127.0.0.1:5432';
const VUS = Number(__ENV.VUS || 20);
const PROFILES = 1000;
const RESET_MS = Number(__ENV.RESET_MS || 1000);
const DOWN_MS = Number(__ENV.DOWN_MS || 1000);
const FAILOVER_AT_MS = Number(scaled(120).replace('ms', ''));

const serverErrors = new Counter('server_errors');

export const options = {
  scenarios: {
    readers: {
      executor: 'ramping-vus', startVUs: 1,
      stages: [{ duration: scaled(150), target: VUS }, { duration: scaled(90), target: VUS }, { duration: scaled(60), target: 1 }],
    },
  },
  proxies: { db: { listen: DB_PROXY, upstream: DB_UPSTREAM } },
  chaos: {
    failover_reset: { at: `${FAILOVER_AT_MS}ms`, duration: `${RESET_MS}ms`, proxy: 'db', fault: { type: 'reset_peer', timeout: 0 }, recovery: { window: scaled(30) } },
    failover_down: { at: `${FAILOVER_AT_MS + RESET_MS}ms`, duration: `${DOWN_MS}ms`, proxy: 'db', fault: { type: 'down' }, recovery: { window: scaled(30) } },
  },
  thresholds: {
    server_errors: ['count<=2'], // "API emits ≤ 2 transient 5xx responses"
    'recovery_time{fault:failover_down}': ['max<60000'],
    'recovery_time{fault:failover_reset}': ['max<60000'],
    'http_req_duration{endpoint:profile}': ['max<5000'], // a read sent during the failover waits for the retry, not longer
  },
};

export function setup(): void {
  waitForTarget('profiles');
}

export default function (): void {
  const id = 1 + Math.floor(Math.random() * PROFILES);
  const res = http.get(`${BASE_URL}/profiles/${id}`, { tags: { endpoint: 'profile', name: 'GET /profiles/:id' } });
  serverErrors.add(res.status >= 500 ? 1 : 0);
  check(res, { 'profile served (200)': (r) => r.status === 200 });
  sleep(0.1);
}
