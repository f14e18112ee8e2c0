/** GET /health and the tiny HTML home page listing the endpoints. */
import { sendHtml, sendJson } from '../http-io.ts';
import type { Route } from '../router.ts';

const HOME_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Stampede demo target</title></head>
<body>
<h1>Stampede demo target</h1>
<p>A small API to point load tests at. Try <a href="/health">/health</a>,
<a href="/partials/dashboard">/partials/dashboard</a> or <a href="/stats">/stats</a>.</p>
<ul>
<li>POST /auth/login, POST /auth/refresh, GET /auth/me</li>
<li>POST /actions/submit, GET /actions/pending, POST /actions/:id/approve, GET /actions/:id</li>
<li>POST /queue/join, POST /queue/leave, GET /queue/status/:ticket</li>
<li>POST /webhooks/stripe</li>
<li>GET /profiles/:id/activity?cursor=&amp;limit=</li>
<li>GET /partials/dashboard; GET /ui/dashboard (a page whose button loads it, for browser scenarios)</li>
<li>POST /documents</li>
<li>GET /delay/:ms, /status/:code, /bytes/:n, /redirect/:n, /cookies, /cookies/set; POST /echo</li>
<li>GET /stats, POST /stats/reset, GET /stats/actions</li>
</ul>
</body>
</html>
`;

/** Health check and home page. */
export const basicRoutes: Route[] = [
  { method: 'GET', path: '/health', handle: ({ res }) => sendJson(res, 200, { status: 'ok' }) },
  { method: 'GET', path: '/', handle: ({ res }) => sendHtml(res, 200, HOME_PAGE) },
];
