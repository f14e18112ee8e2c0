// Plan 000, "Action Approval Pipeline", as a k6 TypeScript script.
// Requesters submit actions and poll the pending list through the plan's four
// phases (warm-up, spike, steady, cool-down); approvers approve pending actions
// and time each one from submission until the background executor has run it.
//
//   stampede run -e BASE_URL=http://127.0.0.1:3333 examples/scripts/approvals.ts
//   TIME_SCALE=1 runs the plan's real durations (20 minutes); the default 0.05 takes one minute.
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { ApprovalsApi, login } from './lib/api.ts';
import type { Action } from './lib/api.ts';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
const TIME_SCALE = Number(__ENV.TIME_SCALE || 0.05);

interface Tokens {
  requester: string;
  approver: string;
}

/** The plan's phase lengths in seconds, scaled by TIME_SCALE. */
const phase = (seconds: number): string => `${Math.max(1, Math.round(seconds * TIME_SCALE))}s`;

const approvalTime = new Trend('approval_time', true);
const serverErrors = new Counter('server_errors');

export const options = {
  scenarios: {
    requesters: {
      executor: 'ramping-vus',
      exec: 'requester',
      startVUs: 0,
      stages: [
        { duration: phase(120), target: 10 }, // warm-up
        { duration: phase(300), target: 50 }, // spike
        { duration: phase(600), target: 25 }, // steady
        { duration: phase(180), target: 5 }, // cool down
      ],
    },
    approvers: {
      executor: 'constant-vus',
      exec: 'approver',
      vus: 3,
      duration: phase(1200),
    },
  },
  thresholds: {
    'http_req_duration{endpoint:submit}': ['p(95)<500'],
    'http_req_duration{endpoint:approve}': ['p(95)<500'],
    http_req_failed: ['rate<0.01'],
    server_errors: ['count==0'],
    approval_time: ['p(95)<180000'],
  },
};

export function setup(): Tokens {
  return {
    requester: __ENV.PHASE4_REQUESTER_TOKEN || login(BASE_URL, 'requester'),
    approver: __ENV.PHASE4_APPROVER_TOKEN || login(BASE_URL, 'approver'),
  };
}

function countServerError(status: number): void {
  if (status >= 500) serverErrors.add(1);
}

export function requester(tokens: Tokens): void {
  const api = new ApprovalsApi(BASE_URL, tokens.requester);
  const res = api.submit('deploy', { vu: __VU, iteration: __ITER });
  countServerError(res.status);
  check(res, { 'submit is 201': (r) => r.status === 201 });
  api.listPending(1, 20);
  sleep(1 + Math.random());
}

function waitUntilExecuted(api: ApprovalsApi, id: string, timeoutSec: number): Action | null {
  for (let waited = 0; waited < timeoutSec; waited += 0.25) {
    const action = api.get(id);
    if (action?.status === 'executed') return action;
    sleep(0.25);
  }
  return null;
}

export function approver(tokens: Tokens): void {
  const api = new ApprovalsApi(BASE_URL, tokens.approver);
  const page = api.listPending(1, 20);
  if (!page || page.items.length === 0) {
    sleep(0.5);
    return;
  }
  const pick = page.items[Math.floor(Math.random() * page.items.length)];
  const res = api.approve(pick.id);
  countServerError(res.status);
  check(res, { 'approve is 200 or 409': (r) => r.status === 200 || r.status === 409 });
  if (res.status !== 200) return;
  const executed = waitUntilExecuted(api, pick.id, 30);
  check(executed, { 'executed within 30 s': (a) => a !== null });
  if (executed && executed.executedAt !== null) approvalTime.add(executed.executedAt - executed.createdAt);
}
