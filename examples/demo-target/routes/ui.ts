/**
 * A page for browser scenarios (k6/browser): GET /ui/dashboard is a small
 * HTML page whose button loads plan 004's HTMX fragment
 * (/partials/dashboard, with `HX-Request: true`) into the page, the way
 * HTMX swaps it; GET /ui/htmx-lite.js is the few lines of HTMX behaviour it
 * needs (hx-get, hx-target, hx-swap, the HX-Trigger event), served from
 * here: no CDN, and the page's Content-Security-Policy allows only 'self'.
 */
import { sendHtml } from '../http-io.ts';
import type { Route } from '../router.ts';
import { SECURITY_HEADERS } from './partials.ts';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Case dashboard</title>
<script src="/ui/htmx-lite.js" defer></script>
</head>
<body>
<h1>Case dashboard</h1>
<p id="intro">Open cases, approvals waiting and the queue, loaded on demand as an HTML fragment.</p>
<button id="load-dashboard" hx-get="/partials/dashboard?filter=mine" hx-target="#slot" hx-swap="innerHTML">Load my dashboard</button>
<div id="slot"></div>
<p>Events: <span id="events"></span></p>
</body>
</html>
`;

const HTMX_LITE = `// The part of HTMX the demo page uses: a click on an [hx-get] element fetches the
// fragment with HX-Request: true, swaps it into hx-target, and fires HX-Trigger's event.
document.addEventListener('click', async (event) => {
  const el = event.target.closest('[hx-get]');
  if (!el) return;
  event.preventDefault();
  const res = await fetch(el.getAttribute('hx-get'), { headers: { 'HX-Request': 'true' } });
  const html = await res.text();
  const target = document.querySelector(el.getAttribute('hx-target') || 'body');
  if ((el.getAttribute('hx-swap') || 'innerHTML') === 'outerHTML') target.outerHTML = html;
  else target.innerHTML = html;
  const trigger = res.headers.get('HX-Trigger');
  if (trigger) {
    document.getElementById('events').textContent += trigger + ' ';
    document.body.dispatchEvent(new CustomEvent(trigger));
  }
});
`;

export const uiRoutes: Route[] = [
  { method: 'GET', path: '/ui/dashboard', handle: ({ res }) => sendHtml(res, 200, PAGE, { ...SECURITY_HEADERS, 'cache-control': 'no-store' }) },
  {
    method: 'GET', path: '/ui/htmx-lite.js',
    handle: ({ res }) => { res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS }); res.end(HTMX_LITE); },
  },
];
