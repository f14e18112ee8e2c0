// Plan 000 ("Action Approval Pipeline"): what its two scripts share — the
// phases scaled by TIME_SCALE, the scenarios, the API thresholds, logging in
// and the requesters' iteration. approvals.ts and approvals-probes.ts differ
// only in how approvers work and what they watch.
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { ApprovalsApi, login } from './api.ts';

export const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:3333';
export const TIME_SCALE = Number(__ENV.TIME_SCALE || 0.05);

export interface Tokens {
  requester: string;
  approver: string;
}

/** The plan's phase lengths in seconds, scaled by TIME_SCALE. */
export const phase = (seconds: number): string => `${Math.max(1, Math.round(seconds * TIME_SCALE))}s`;

export const approvalTime = new Trend('approval_time', true);
const serverErrors = new Counter('server_errors');

/** The plan's four requester phases (warm-up, spike, steady, cool-down) and three approvers throughout. */
export const scenarios = {
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
};

/** The plan's success criteria for the API. */
export const apiThresholds = {
  'http_req_duration{endpoint:submit}': ['p(95)<500'],
  'http_req_duration{endpoint:approve}': ['p(95)<500'],
  http_req_failed: ['rate<0.01'],
  server_errors: ['count==0'],
  approval_time: ['p(95)<180000'],
};

export function loginTokens(): Tokens {
  return {
    requester: __ENV.PHASE4_REQUESTER_TOKEN || login(BASE_URL, 'requester'),
    approver: __ENV.PHASE4_APPROVER_TOKEN || login(BASE_URL, 'approver'),
  };
}

export function countServerError(status: number): void {
  if (status >= 500) serverErrors.add(1);
}

/** A requester submits an action and polls the pending list. */
export function submitAndPoll(tokens: Tokens): void {
  const api = new ApprovalsApi(BASE_URL, tokens.requester);
  const res = api.submit('deploy', { vu: __VU, iteration: __ITER });
  countServerError(res.status);
  check(res, { 'submit is 201': (r) => r.status === 201 });
  api.listPending(1, 20);
  sleep(1 + Math.random());
}
