// Plan 000, "Action Approval Pipeline", as a k6 TypeScript script.
// Requesters submit actions and poll the pending list through the plan's four
// phases (warm-up, spike, steady, cool-down); approvers approve pending actions
// and time each one from submission until the background executor has run it.
//
//   stampede run -e BASE_URL=http://127.0.0.1:3333 examples/scripts/approvals.ts
//   TIME_SCALE=1 runs the plan's real durations (20 minutes); the default 0.05 takes one minute.
import { check, sleep } from 'k6';
import { ApprovalsApi } from './lib/api.ts';
import type { Action } from './lib/api.ts';
import { BASE_URL, apiThresholds, approvalTime, countServerError, loginTokens, scenarios, submitAndPoll, type Tokens } from './lib/plan000.ts';

export const options = { scenarios, thresholds: apiThresholds };

export function setup(): Tokens {
  return loginTokens();
}

export function requester(tokens: Tokens): void {
  submitAndPoll(tokens);
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
