/** GET /cookies/set?k=v sets each query pair as a cookie; GET /cookies echoes the request's cookies. */
import { parseCookies, sendJson } from '../http-io.ts';
import type { Route, RouteContext } from '../router.ts';

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function setCookies({ req, res, query }: RouteContext): void {
  const cookies = parseCookies(req.headers.cookie);
  const headers: string[] = [];
  for (const [name, value] of query) {
    if (!COOKIE_NAME.test(name)) continue;
    cookies[name] = value;
    headers.push(`${name}=${encodeURIComponent(value)}; Path=/`);
  }
  res.setHeader('set-cookie', headers);
  sendJson(res, 200, { cookies });
}

/** The cookie endpoints. */
export const cookieRoutes: Route[] = [
  { method: 'GET', path: '/cookies/set', handle: setCookies },
  { method: 'GET', path: '/cookies', handle: ({ req, res }) => sendJson(res, 200, { cookies: parseCookies(req.headers.cookie) }) },
];
