/**
 * Plan 004's HTMX partial: GET /partials/dashboard answers an HTML fragment
 * plus `HX-Trigger: dashboard-updated` to requests carrying `HX-Request:
 * true`, and a full page otherwise. Both carry the security headers and a
 * `Server-Timing: render;dur=<ms>` a script can turn into a custom metric.
 */
import { performance } from 'node:perf_hooks';
import { sendHtml } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';
import type { DemoState } from '../state.ts';

/** Headers every HTML partial and page carries. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'self'",
  'referrer-policy': 'same-origin',
} as const;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function renderFragment(state: DemoState, filter: string): string {
  const actions = state.actions.counts();
  const widgets: Array<[string, number]> = [
    ['Pending approvals', actions.pending],
    ['Awaiting execution', actions.approved],
    ['Executed actions', actions.executed],
    ['Waiting in queue', state.queue.waitingCount()],
    ['Requests served', state.counters.snapshot().requests],
  ];
  const cards = widgets
    .map(([label, value]) => `  <li class="card"><span class="label">${label}</span> <strong>${value}</strong></li>`)
    .join('\n');
  return `<section id="dashboard" hx-get="/partials/dashboard" hx-trigger="every 5s" hx-swap="outerHTML">
<h2>Dashboard${filter ? ` — ${escapeHtml(filter)}` : ''}</h2>
<ul class="cards">
${cards}
</ul>
</section>
`;
}

function dashboard({ req, res, query, state }: RouteContext): void {
  const started = performance.now();
  const fragment = renderFragment(state, query.get('filter') ?? '');
  const isHtmx = req.headers['hx-request'] === 'true';
  const html = isHtmx
    ? fragment
    : `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Dashboard</title></head>\n<body>\n${fragment}</body>\n</html>\n`;
  const renderMs = (performance.now() - started).toFixed(3);
  sendHtml(res, 200, html, {
    ...SECURITY_HEADERS,
    'cache-control': 'no-store',
    vary: 'HX-Request',
    'server-timing': `render;dur=${renderMs}`,
    ...(isHtmx ? { 'hx-trigger': 'dashboard-updated' } : {}),
  });
}

/** GET /partials/dashboard. */
export const partialRoutes: Route[] = [
  { method: 'GET', path: '/partials/dashboard', handle: dashboard },
];
