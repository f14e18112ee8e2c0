/**
 * Cookie jar cost per request (issue #14): the jar's share of a closed loop
 * where every response sets a cookie and every request sends the jar's
 * cookies back. One "request" is what the engine does per hop: the Cookie
 * header for the URL, then the response's Set-Cookie stored. The jar holds
 * two other cookies (one host-only, one for the parent domain), as after a
 * login. No network: this times the jar alone, in one thread.
 *
 * Compares Stampede's jar (src/http/cookie-jar.ts) with tough-cookie's
 * synchronous API, if installed (`npm install --prefix bench --no-save
 * tough-cookie@6`), on a host-only Set-Cookie and on one with a Domain
 * attribute (which costs Stampede's jar a public-suffix lookup).
 *
 *   node bench/cookie-jar.ts [REQUESTS=200000] [ROUNDS=5]
 */
import { CookieJar, isPublicSuffix } from '../src/http/cookie-jar.ts';
import { median } from './lib.ts';

const requests = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 5);
const URL_TEXT = 'http://api.example.com/app/items';
const url = new URL(URL_TEXT);
const LOGIN = ['theme=dark; Path=/', 'region=eu; Domain=example.com; Path=/'];
const SET_COOKIES: Record<string, (i: number) => string> = {
  'host-only Set-Cookie': (i) => `sid=${i}; Path=/; HttpOnly`,
  'Set-Cookie with Domain': (i) => `sid=${i}; Domain=example.com; Path=/; HttpOnly`,
};

function cpuMicros(): number {
  const u = process.threadCpuUsage();
  return u.user + u.system;
}

/** The two calls the engine makes per request, on whichever jar. */
interface Loop { header(): string; store(setCookie: string): void }

interface ToughJar { setCookieSync(cookie: string, url: string | URL): unknown; getCookieStringSync(url: string | URL): string }

function stampedeLoop(): Loop {
  const jar = new CookieJar();
  jar.storeFromResponse(url, LOGIN);
  return { header: () => jar.cookieHeader(url), store: (c) => jar.storeFromResponse(url, [c]) };
}

async function toughLoopFactory(): Promise<(() => Loop) | undefined> {
  const name = 'tough-cookie';
  try {
    const tc = (await import(name)) as { CookieJar: new () => ToughJar };
    return () => {
      const jar = new tc.CookieJar();
      for (const c of LOGIN) jar.setCookieSync(c, URL_TEXT);
      return { header: () => jar.getCookieStringSync(URL_TEXT), store: (c) => { jar.setCookieSync(c, URL_TEXT); } };
    };
  } catch {
    return undefined;
  }
}

/** CPU µs per request (this thread's time, so other processes on the machine count less): median over rounds, after a warm-up round. */
function measure(make: () => Loop, setCookie: (i: number) => string): number {
  const results: number[] = [];
  let sink = 0;
  for (let r = 0; r <= rounds; r++) {
    const loop = make();
    const t0 = cpuMicros();
    for (let i = 0; i < requests; i++) {
      sink += loop.header().length;
      loop.store(setCookie(i));
    }
    if (r > 0) results.push((cpuMicros() - t0) / requests);
  }
  if (sink === 0) throw new Error('no cookie was sent back');
  return median(results);
}

const tough = await toughLoopFactory();
console.log(`${requests} requests × ${rounds} rounds, Node ${process.version}; µs per request (median)`);
for (const [label, setCookie] of Object.entries(SET_COOKIES)) {
  const own = measure(stampedeLoop, setCookie);
  const line = [`${label.padEnd(24)} Stampede ${own.toFixed(2)} µs`];
  if (tough) {
    const t = measure(tough, setCookie);
    line.push(`tough-cookie ${t.toFixed(2)} µs`, `ratio ${(t / own).toFixed(1)}×`);
  }
  console.log(line.join('   '));
}
if (!tough) console.log('tough-cookie not installed: npm install --prefix bench --no-save tough-cookie@6');

let n = 0;
const t0 = cpuMicros();
for (let i = 0; i < requests; i++) if (isPublicSuffix(i % 2 ? 'example.com' : 'co.uk')) n++;
console.log(`public-suffix lookup (tldts)  ${((cpuMicros() - t0) / requests).toFixed(2)} µs (${n} suffixes)`);
