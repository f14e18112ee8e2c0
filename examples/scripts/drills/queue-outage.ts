// Plan 002's chaos drill "Queue outage": disable the queue's workers for
// 3 minutes while the API enqueues 5k notification jobs, then restore them.
// Expected: pending jobs drain within 5 minutes; errors stay below 1 %.
//
// The demo target's notification worker reaches Redis through the fault
// proxy `redis` the run starts (REDIS_PROXY); the API adds jobs on the real
// Redis, so only the workers go away — Horizon's supervisors stopped:
//
//   REDIS_URL=redis://127.0.0.1:6379 NOTIFICATIONS_WORKER_REDIS_URL=redis://127.0.0.1:16379 \
//     node examples/demo-target/server.ts
//   stampede run -e BASE_URL=http://127.0.0.1:3333 -e REDIS_URL=redis://127.0.0.1:6379 \
//     -e REDIS_PROXY=127.0.0.1:16379 examples/scripts/drills/queue-outage.ts
//
// Timeline (the plan's, scaled by TIME_SCALE; default 0.2 ≈ 1 minute, 0.05
// ≈ 15 s): 60 s of load, the outage for 180 s, 60 s after. JOBS (default the
// plan's 5000) notifications are posted during the outage, at a constant rate
// for the whole run. The backlog probe reads the REAL Redis (not the proxy):
// jobs waiting, active, prioritized or delayed — a bullmq probe would also count
// completed jobs — and probe_backlog_drain is the ms from the end of the load
// until it is empty.
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, PROBE_EVERY, TIME_SCALE, hostPort, scaled, waitForTarget } from './common.ts';

const REDIS_URL = __ENV.REDIS_URL || 'redis://127.0.0.1:6379';
const REDIS_PROXY = __ENV.REDIS_PROXY || '127.0.0.1:16379';
const JOBS = Number(__ENV.JOBS || 5000);
const RATE = Math.max(1, Math.round(JOBS / (180 * TIME_SCALE)));

const BACKLOG_SCRIPT = [
  "local q = 'bull:notifications:'",
  "return redis.call('LLEN', q .. 'wait') + redis.call('LLEN', q .. 'active')",
  "  + redis.call('ZCARD', q .. 'prioritized') + redis.call('ZCARD', q .. 'delayed')",
].join('\n');

export const options = {
  scenarios: {
    notify: {
      executor: 'constant-arrival-rate', rate: RATE, timeUnit: '1s', duration: scaled(300),
      preAllocatedVUs: 20, maxVUs: 100,
    },
  },
  // Stampede's additions (k6 warns about unknown options and runs the script anyway)
  proxies: { redis: { listen: REDIS_PROXY, upstream: hostPort(REDIS_URL, 6379) } },
  chaos: {
    queue_outage: { at: scaled(60), duration: scaled(180), proxy: 'redis', fault: { type: 'down' }, recovery: { window: scaled(20) } },
  },
  probes: {
    backlog: { redis: REDIS_URL, command: ['EVAL', BACKLOG_SCRIPT, '0'], every: PROBE_EVERY, drain: { until: 'value == 0', timeout: '5m' } },
  },
  thresholds: {
    'http_req_failed{fault:queue_outage}': ['rate<0.01'], // "errors remain < 1 %" during the outage
    http_req_failed: ['rate<0.01'],
    'recovery_time{fault:queue_outage}': ['max<300000'],
    probe_backlog_drain: ['value<300000'], // "pending jobs drain within 5 min"
  },
};

export function setup(): void {
  waitForTarget('notifications');
}

export default function (): void {
  const res = http.post(`${BASE_URL}/notifications`, JSON.stringify({ userId: `member-${__VU}`, message: `drill ${__ITER}` }), {
    headers: { 'content-type': 'application/json' },
    tags: { endpoint: 'notify' },
  });
  check(res, { 'notification queued (202)': (r) => r.status === 202 });
}
