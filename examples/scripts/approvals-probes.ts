// Plan 000, "Action Approval Pipeline", with the services behind the API
// watched by Stampede's probes: the BullMQ queue `action-executor` (its job
// counts before, during and after the test), the executor's backlog (must stay
// under a limit during the spike and clear after it) and Redis's memory.
// Start the demo target on a Redis so approvals go through a real BullMQ queue:
//
//   REDIS_URL=redis://127.0.0.1:6379 node examples/demo-target/server.ts
//   stampede run -e BASE_URL=http://127.0.0.1:3333 -e REDIS_URL=redis://127.0.0.1:6379 examples/scripts/approvals-probes.ts
//
// TIME_SCALE=1 runs the plan's real durations (20 minutes); the default 0.05
// takes one minute; 0.01 about 15 s. BACKLOG_LIMIT (default 100, the plan's)
// is the most jobs the backlog may hold. APPROVE_BATCH (default 3) is how many
// pending actions each of the 3 approvers approves per iteration, about one
// iteration a second: 3 × 3 ≈ 9 approvals/s, just under what the default demo
// target executes (2 workers × 200 ms = 10 jobs/s), so the backlog stays small
// and the plan passes. APPROVE_BATCH=5 (≈ 14/s) outruns the executor: the
// backlog passes 100 and probe_backlog fails, until the demo target runs with
// more workers (EXECUTOR_CONCURRENCY=4) — the plan's own remediation.
import { check, sleep } from 'k6';
import { ApprovalsApi } from './lib/api.ts';
import { BASE_URL, TIME_SCALE, apiThresholds, approvalTime, countServerError, loginTokens, scenarios, submitAndPoll, type Tokens } from './lib/plan000.ts';

const REDIS_URL = __ENV.REDIS_URL || 'redis://127.0.0.1:6379';
const BACKLOG_LIMIT = Number(__ENV.BACKLOG_LIMIT || 100);
const APPROVE_BATCH = Number(__ENV.APPROVE_BATCH || 3);

/** How often the probes read: 1 s, or faster in a shortened run so a short spike still gets several readings. */
const PROBE_EVERY = TIME_SCALE < 0.05 ? '250ms' : '1s';

/**
 * The executor's backlog: jobs not done yet — waiting, active (being executed),
 * prioritized and delayed — in one atomic read. (`LLEN bull:action-executor:wait`
 * alone would miss the jobs being executed, so its drain would end a job or two
 * early; the `approvals` probe below has every state as its own series.)
 */
const BACKLOG_SCRIPT = [
  "local q = 'bull:action-executor:'",
  "return redis.call('LLEN', q .. 'wait') + redis.call('LLEN', q .. 'active')",
  "  + redis.call('ZCARD', q .. 'prioritized') + redis.call('ZCARD', q .. 'delayed')",
].join('\n');

export const options = {
  scenarios,
  // Stampede's addition (k6 warns about the unknown option and runs the script anyway)
  probes: {
    // BullMQ's own job counts, one series per state: the plan's "queue stats before/after the test"
    approvals: { redis: REDIS_URL, bullmq: 'action-executor', every: PROBE_EVERY },
    // the plan's "clears within 5 minutes": probe_backlog_drain is the ms from the end of the load until it is 0
    backlog: { redis: REDIS_URL, command: ['EVAL', BACKLOG_SCRIPT, '0'], every: PROBE_EVERY, drain: { until: 'value == 0', timeout: '5m' } },
    // the plan's "Redis memory footprint"
    redis_memory: { redis: REDIS_URL, info: 'memory.used_memory', every: PROBE_EVERY },
  },
  thresholds: {
    ...apiThresholds,
    probe_backlog: [`max<${BACKLOG_LIMIT}`], // "keeps backlog < 100 jobs during spike"
    probe_backlog_drain: ['value<300000'], // "clears within 5 minutes of spike completion"
    probe_redis_memory: ['max<150000000'], // "target < 150 MB during spike"
  },
};

export function setup(): Tokens {
  return loginTokens();
}

export function requester(tokens: Tokens): void {
  submitAndPoll(tokens);
}

/** Actions this approver VU approved and has not yet seen executed, oldest first (module state is per VU). */
const approvedIds: string[] = [];

/** Records approval_time for the oldest approved actions that have been executed; stops at the first that has not. */
function timeExecuted(api: ApprovalsApi, most: number): void {
  for (let i = 0; i < most && approvedIds.length > 0; i++) {
    const action = api.get(approvedIds[0]);
    if (action && action.status !== 'executed') return;
    approvedIds.shift();
    if (action && action.executedAt !== null) approvalTime.add(action.executedAt - action.createdAt);
  }
}

/**
 * Approves up to APPROVE_BATCH pending actions without waiting for each to be
 * executed (so the executor, not the approvers, sets the pace and a backlog
 * can build), then times the ones executed since.
 */
export function approver(tokens: Tokens): void {
  const api = new ApprovalsApi(BASE_URL, tokens.approver);
  const page = api.listPending(1, 20);
  const items = page ? page.items : [];
  // approvers start at different offsets so they rarely race for the same action
  const offset = ((__VU - 1) * APPROVE_BATCH) % Math.max(1, items.length);
  for (let i = 0; i < Math.min(APPROVE_BATCH, items.length); i++) {
    const pick = items[(offset + i) % items.length];
    const res = api.approve(pick.id);
    countServerError(res.status);
    check(res, { 'approve is 200 or 409': (r) => r.status === 200 || r.status === 409 });
    if (res.status === 200) approvedIds.push(pick.id);
  }
  timeExecuted(api, 2 * APPROVE_BATCH);
  sleep(items.length === 0 ? 0.5 : 1);
}
