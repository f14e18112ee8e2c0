/**
 * Pages for browser scenarios (k6/browser) and recorded journeys (HAR):
 * GET /ui/login signs in with fetch (POST /auth/login, then GET /auth/me
 * with the token it got: a value a recording must correlate), and
 * GET /ui/dashboard is a small
 * HTML page whose button loads plan 004's HTMX fragment
 * (/partials/dashboard, with `HX-Request: true`) into the page, the way
 * HTMX swaps it; GET /ui/htmx-lite.js is the few lines of HTMX behaviour it
 * needs (hx-get, hx-target, hx-swap, the HX-Trigger event), served from
 * here: no CDN, and the page's Content-Security-Policy allows only 'self'.
 */
import { sendHtml } from '../http-io.ts';
import type { Route } from '../router.ts';
import { SECURITY_HEADERS } from './partials.ts';

/** A page of the demo UI: its title (also its heading), its one script, its body. */
const page = (title: string, script: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<script src="${script}" defer></script>
</head>
<body>
<h1>${title}</h1>
${body}</body>
</html>
`;

const PAGE = page('Case dashboard', '/ui/htmx-lite.js', `<p id="intro">Open cases, approvals waiting and the queue, loaded on demand as an HTML fragment.</p>
<button id="load-dashboard" hx-get="/partials/dashboard?filter=mine" hx-target="#slot" hx-swap="innerHTML">Load my dashboard</button>
<div id="slot"></div>
<p>Events: <span id="events"></span></p>
`);

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

const LOGIN_PAGE = page('Sign in', '/ui/login.js', `<form id="login">
<label>User <input id="username" name="username" value="ana"></label>
<label>Password <input id="password" name="password" type="password" value="secret"></label>
<button id="sign-in" type="submit">Sign in</button>
</form>
<p id="who"></p>
<a id="to-dashboard" href="/ui/dashboard">Dashboard</a>
`);

const LOGIN_JS = `// Sign in with fetch, then ask who we are with the token the login answered.
document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const res = await fetch('/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: document.getElementById('username').value, password: document.getElementById('password').value }),
  });
  const { token } = await res.json();
  const me = await (await fetch('/auth/me', { headers: { authorization: 'Bearer ' + token } })).json();
  document.getElementById('who').textContent = 'Signed in as ' + me.username;
});
`;

const script = (body: string): Route['handle'] => ({ res }) => {
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(body);
};

export const uiRoutes: Route[] = [
  { method: 'GET', path: '/ui/login', handle: ({ res }) => sendHtml(res, 200, LOGIN_PAGE, { ...SECURITY_HEADERS, 'cache-control': 'no-store' }) },
  { method: 'GET', path: '/ui/login.js', handle: script(LOGIN_JS) },
  { method: 'GET', path: '/ui/dashboard', handle: ({ res }) => sendHtml(res, 200, PAGE, { ...SECURITY_HEADERS, 'cache-control': 'no-store' }) },
  { method: 'GET', path: '/ui/htmx-lite.js', handle: script(HTMX_LITE) },
];
