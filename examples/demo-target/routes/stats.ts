/**
 * GET /stats (what the server counted), POST /stats/reset and GET
 * /stats/actions (the approval pipeline's counts and which executor runs it);
 * none is counted itself.
 */
import { sendJson } from '../http-io.ts';
import type { Route } from '../router.ts';

/** The stats endpoints (control routes: not counted, not delayed). */
export const statsRoutes: Route[] = [
  { method: 'GET', path: '/stats', control: true, handle: ({ res, state }) => sendJson(res, 200, state.counters.snapshot()) },
  {
    method: 'POST', path: '/stats/reset', control: true,
    handle: ({ res, state }) => { state.counters.reset(); sendJson(res, 200, state.counters.snapshot()); },
  },
  {
    method: 'GET', path: '/stats/actions', control: true,
    handle: ({ res, state }) => sendJson(res, 200, { ...state.actions.counts(), executor: state.actions.executor }),
  },
];
