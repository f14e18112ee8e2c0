/** GET /stats (what the server counted) and POST /stats/reset; neither is counted itself. */
import { sendJson } from '../http-io.ts';
import type { Route } from '../router.ts';

/** The stats endpoints (control routes: not counted, not delayed). */
export const statsRoutes: Route[] = [
  { method: 'GET', path: '/stats', control: true, handle: ({ res, state }) => sendJson(res, 200, state.counters.snapshot()) },
  {
    method: 'POST', path: '/stats/reset', control: true,
    handle: ({ res, state }) => { state.counters.reset(); sendJson(res, 200, state.counters.snapshot()); },
  },
];
