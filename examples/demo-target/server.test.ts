import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startDemoTarget } from './server.ts';
import type { DemoTarget } from './server.ts';
import { activityCount } from './routes/profiles.ts';

const EXECUTE_AFTER_MS = 60;
const MATCH_AFTER_MS = 80;
let target: DemoTarget;
let token: string;

const url = (path: string) => `${target.url}${path}`;
const auth = () => ({ authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(10);
  }
}

before(async () => {
  target = await startDemoTarget({ port: 0, executeAfterMs: EXECUTE_AFTER_MS, matchAfterMs: MATCH_AFTER_MS, webhookSecret: 'whsec_test' });
  const res = await post('/auth/login', { username: 'ana', password: 'secret' });
  token = (await res.json() as { token: string }).token;
});
after(() => target.close());

describe('basics', () => {
  test('GET /health answers {status:"ok"} and / a small HTML page', async () => {
    const health = await fetch(url('/health'));
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const home = await fetch(url('/'));
    assert.match(home.headers.get('content-type')!, /text\/html/);
    assert.match(await home.text(), /<h1>Stampede demo target<\/h1>/);
  });

  test('unknown paths are 404 and known paths with the wrong method 405 with Allow', async () => {
    assert.equal((await fetch(url('/nope'))).status, 404);
    const res = await fetch(url('/health'), { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET');
  });
});

describe('auth', () => {
  test('login with JSON returns a token, a refresh token, expiresIn and a session cookie', async () => {
    const res = await post('/auth/login', { username: 'bo', password: 'secret' });
    assert.equal(res.status, 200);
    const body = await res.json() as { token: string; refreshToken: string; expiresIn: number };
    assert.ok(body.token && body.refreshToken && body.token !== body.refreshToken);
    assert.equal(body.expiresIn, 3600);
    assert.match(res.headers.getSetCookie()[0], /^session=[^;]+; Path=\/; HttpOnly/);
    const me = await fetch(url('/auth/me'), { headers: { authorization: `Bearer ${body.token}` } });
    assert.deepEqual(await me.json(), { username: 'bo' });
  });

  test('login accepts a form body and refuses a wrong password or missing fields', async () => {
    const form = await fetch(url('/auth/login'), { method: 'POST', body: new URLSearchParams({ username: 'cy', password: 'secret' }) });
    assert.equal(form.status, 200);
    assert.equal((await post('/auth/login', { username: 'cy', password: 'nope' })).status, 401);
    assert.equal((await post('/auth/login', { username: 'cy' })).status, 400);
  });

  test('refresh trades a refresh token for a new working token; an access token is no refresh token', async () => {
    const login = await (await post('/auth/login', { username: 'di', password: 'secret' })).json() as { token: string; refreshToken: string };
    const res = await post('/auth/refresh', { refreshToken: login.refreshToken });
    assert.equal(res.status, 200);
    const fresh = await res.json() as { token: string };
    assert.notEqual(fresh.token, login.token);
    const me = await fetch(url('/auth/me'), { headers: { authorization: `Bearer ${fresh.token}` } });
    assert.deepEqual(await me.json(), { username: 'di' });
    assert.equal((await post('/auth/refresh', { refreshToken: login.token })).status, 401);
    assert.equal((await fetch(url('/auth/me'), { headers: { authorization: `Bearer ${login.refreshToken}` } })).status, 401);
  });

  test('protected routes answer 401 with WWW-Authenticate without a valid bearer token', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer forged.token' }, { authorization: `Basic ${token}` }]) {
      const res = await fetch(url('/actions/pending'), { headers });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  });
});

describe('actions (approval pipeline)', () => {
  test('submit → approve → executed by the background loop, with timestamps in order', async () => {
    const submitted = await post('/actions/submit', { type: 'deploy', payload: { n: 1 } }, auth());
    assert.equal(submitted.status, 201);
    const { id, status } = await submitted.json() as { id: string; status: string };
    assert.equal(status, 'pending');
    const approved = await fetch(url(`/actions/${id}/approve`), { method: 'POST', headers: auth() });
    assert.equal(approved.status, 200);
    assert.equal((await approved.json() as { status: string }).status, 'approved');
    const again = await fetch(url(`/actions/${id}/approve`), { method: 'POST', headers: auth() });
    assert.equal(again.status, 409);
    const action = await waitFor(
      async () => (await fetch(url(`/actions/${id}`), { headers: auth() })).json() as Promise<Record<string, unknown>>,
      (a) => a.status === 'executed',
    );
    assert.equal(action.status, 'executed');
    assert.equal(action.type, 'deploy');
    assert.deepEqual(action.payload, { n: 1 });
    assert.equal(action.requestedBy, 'ana');
    const { createdAt, approvedAt, executedAt } = action as Record<string, number>;
    assert.ok(createdAt <= approvedAt && approvedAt + EXECUTE_AFTER_MS <= executedAt);
  });

  test('pending list is paginated oldest first and excludes approved actions', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await (await post('/actions/submit', { type: 'page' }, auth())).json() as { id: string }).id);
    await fetch(url(`/actions/${ids[0]}/approve`), { method: 'POST', headers: auth() });
    const all = await (await fetch(url('/actions/pending?pageSize=100'), { headers: auth() })).json() as { items: Array<{ id: string }>; total: number };
    const mine = all.items.map((a) => a.id).filter((id) => ids.includes(id));
    assert.deepEqual(mine, ids.slice(1));
    const page2 = await (await fetch(url('/actions/pending?page=2&pageSize=2'), { headers: auth() })).json() as { items: unknown[]; page: number; pageSize: number; total: number };
    assert.equal(page2.page, 2);
    assert.equal(page2.pageSize, 2);
    assert.equal(page2.total, all.total);
    assert.deepEqual(page2.items, all.items.slice(2, 4));
    assert.equal((await fetch(url('/actions/pending?pageSize=1000'), { headers: auth() })).status, 400);
  });

  test('unknown actions are 404', async () => {
    assert.equal((await fetch(url('/actions/act_999999'), { headers: auth() })).status, 404);
    assert.equal((await fetch(url('/actions/act_999999/approve'), { method: 'POST', headers: auth() })).status, 404);
  });
});

describe('queue', () => {
  test('join gives growing positions; a ticket is matched after a short wait', async () => {
    const first = await (await post('/queue/join', { region: 'eu' }, auth())).json() as { ticket: string; position: number };
    const second = await (await post('/queue/join', {}, auth())).json() as { ticket: string; position: number };
    assert.equal(second.position, first.position + 1);
    const status = await (await fetch(url(`/queue/status/${first.ticket}`), { headers: auth() })).json() as { matched: boolean; region: string };
    assert.equal(status.matched, false);
    assert.equal(status.region, 'eu');
    const later = await waitFor(
      async () => (await fetch(url(`/queue/status/${first.ticket}`), { headers: auth() })).json() as Promise<{ matched: boolean }>,
      (s) => s.matched,
    );
    assert.equal(later.matched, true);
  });

  test('leave removes the ticket; unknown tickets are 404', async () => {
    const { ticket } = await (await post('/queue/join', {}, auth())).json() as { ticket: string };
    const left = await post('/queue/leave', { ticket }, auth());
    assert.equal(left.status, 200);
    assert.equal((await fetch(url(`/queue/status/${ticket}`), { headers: auth() })).status, 404);
    assert.equal((await post('/queue/leave', { ticket }, auth())).status, 404);
  });
});

describe('webhooks', () => {
  const sign = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  const send = (body: string, signature?: string) =>
    fetch(url('/webhooks/stripe'), { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body });

  test('a correctly signed event is received', async () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed' });
    const t = Math.floor(Date.now() / 1000);
    const res = await send(body, `t=${t},v1=${'0'.repeat(64)},v1=${sign('whsec_test', t, body)}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: true });
  });

  test('wrong secret, tampered body, stale timestamp or no header are 400', async () => {
    const body = '{"id":"evt_2"}';
    const t = Math.floor(Date.now() / 1000);
    assert.equal((await send(body, `t=${t},v1=${sign('whsec_other', t, body)}`)).status, 400);
    assert.equal((await send('{"id":"evt_3"}', `t=${t},v1=${sign('whsec_test', t, body)}`)).status, 400);
    assert.equal((await send(body, `t=${t - 600},v1=${sign('whsec_test', t - 600, body)}`)).status, 400);
    assert.equal((await send(body)).status, 400);
  });

  test('the secret defaults to STRIPE_WEBHOOK_SECRET', async () => {
    const saved = process.env.STRIPE_WEBHOOK_SECRET;
    process.env.STRIPE_WEBHOOK_SECRET = 'whsec_from_env';
    const other = await startDemoTarget();
    try {
      const body = '{}';
      const t = Math.floor(Date.now() / 1000);
      const res = await fetch(`${other.url}/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': `t=${t},v1=${sign('whsec_from_env', t, body)}` }, body });
      assert.equal(res.status, 200);
    } finally {
      if (saved === undefined) delete process.env.STRIPE_WEBHOOK_SECRET; else process.env.STRIPE_WEBHOOK_SECRET = saved;
      await other.close();
    }
  });
});

describe('profile activity', () => {
  type Page = { data: Array<{ id: string; type: string; createdAt: string }>; next_cursor: string | null };

  test('following next_cursor walks every item once, deterministically, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res: Response = await fetch(url(`/profiles/p7/activity?limit=50&cursor=${encodeURIComponent(cursor)}`), { headers: auth() });
      assert.equal(res.status, 200);
      const page = await res.json() as Page;
      assert.ok(page.data.length <= 50);
      seen.push(...page.data.map((item) => item.id));
      cursor = page.next_cursor;
      pages++;
    }
    assert.equal(seen.length, activityCount('p7'));
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(pages, Math.ceil(seen.length / 50));
    const again = await (await fetch(url('/profiles/p7/activity?limit=3'), { headers: auth() })).json() as Page;
    assert.deepEqual(again.data.map((item) => item.id), seen.slice(0, 3));
    assert.ok(again.data[0].createdAt > again.data[1].createdAt);
  });

  test('bad limit or cursor is 400; no token is 401', async () => {
    assert.equal((await fetch(url('/profiles/p7/activity?limit=0'), { headers: auth() })).status, 400);
    assert.equal((await fetch(url('/profiles/p7/activity?limit=500'), { headers: auth() })).status, 400);
    assert.equal((await fetch(url('/profiles/p7/activity?cursor=garbage'), { headers: auth() })).status, 400);
    assert.equal((await fetch(url('/profiles/p7/activity'))).status, 401);
  });
});

describe('HTMX partials', () => {
  test('with HX-Request: a fragment, HX-Trigger and security headers', async () => {
    const res = await fetch(url('/partials/dashboard'), { headers: { 'HX-Request': 'true' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('hx-trigger'), 'dashboard-updated');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(res.headers.get('content-security-policy')!, /default-src 'self'/);
    assert.match(res.headers.get('server-timing')!, /^render;dur=\d+(\.\d+)?$/);
    const html = await res.text();
    assert.match(html, /^<section id="dashboard"/);
    assert.doesNotMatch(html, /<html/);
  });

  test('without HX-Request: a full page and no HX-Trigger', async () => {
    const res = await fetch(url('/partials/dashboard'));
    assert.equal(res.headers.get('hx-trigger'), null);
    const html = await res.text();
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<section id="dashboard"/);
  });
});

describe('documents', () => {
  test('a multipart upload is answered with its name, size and SHA-256', async () => {
    const bytes = randomBytes(200_000);
    const form = new FormData();
    form.append('title', 'Q3 report');
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'report.pdf');
    const res = await fetch(url('/documents'), { method: 'POST', body: form });
    assert.equal(res.status, 201);
    const doc = await res.json() as Record<string, unknown>;
    assert.equal(doc.name, 'report.pdf');
    assert.equal(doc.size, bytes.length);
    assert.equal(doc.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(doc.contentType, 'application/pdf');
    assert.deepEqual(doc.fields, { title: 'Q3 report' });
  });

  test('a non-multipart body is 415 and a form without a file 400', async () => {
    assert.equal((await post('/documents', { a: 1 })).status, 415);
    const form = new FormData();
    form.append('title', 'no file');
    assert.equal((await fetch(url('/documents'), { method: 'POST', body: form })).status, 400);
  });
});

describe('helpers', () => {
  test('/delay/:ms waits at least that long', async () => {
    const started = Date.now();
    const res = await fetch(url('/delay/120'));
    assert.deepEqual(await res.json(), { delayMs: 120 });
    assert.ok(Date.now() - started >= 115);
    assert.equal((await fetch(url('/delay/abc'))).status, 400);
  });

  test('/status/:code answers that status', async () => {
    assert.equal((await fetch(url('/status/418'))).status, 418);
    assert.equal((await fetch(url('/status/503'))).status, 503);
    assert.equal((await fetch(url('/status/204'))).status, 204);
    assert.equal((await fetch(url('/status/42'))).status, 400);
  });

  test('/bytes/:n answers exactly n reproducible bytes', async () => {
    const a = Buffer.from(await (await fetch(url('/bytes/150000'))).arrayBuffer());
    const b = Buffer.from(await (await fetch(url('/bytes/150000'))).arrayBuffer());
    assert.equal(a.length, 150_000);
    assert.ok(a.equals(b));
    assert.equal((await (await fetch(url('/bytes/0'))).arrayBuffer()).byteLength, 0);
  });

  test('POST /echo returns method, headers and body', async () => {
    const res = await fetch(url('/echo?x=1'), { method: 'POST', headers: { 'x-test': 'yes', 'content-type': 'application/json' }, body: '{"a":[1,2]}' });
    const echo = await res.json() as Record<string, unknown>;
    assert.equal(echo.method, 'POST');
    assert.deepEqual(echo.query, { x: '1' });
    assert.equal((echo.headers as Record<string, string>)['x-test'], 'yes');
    assert.equal(echo.body, '{"a":[1,2]}');
    assert.deepEqual(echo.json, { a: [1, 2] });
  });

  test('/redirect/:n redirects n times, then answers 200', async () => {
    const first = await fetch(url('/redirect/3'), { redirect: 'manual' });
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('location'), '/redirect/2');
    const followed = await fetch(url('/redirect/3'));
    assert.equal(followed.status, 200);
    assert.ok(followed.redirected);
    assert.equal(new URL(followed.url).pathname, '/redirect/0');
  });

  test('/cookies/set sets cookies and /cookies echoes the Cookie header', async () => {
    const set = await fetch(url('/cookies/set?flavor=oat&size=2'));
    assert.deepEqual(set.headers.getSetCookie(), ['flavor=oat; Path=/', 'size=2; Path=/']);
    const echoed = await fetch(url('/cookies'), { headers: { cookie: 'flavor=oat; size=2' } });
    assert.deepEqual(await echoed.json(), { cookies: { flavor: 'oat', size: '2' } });
  });
});

describe('stats', () => {
  test('counts every request by route except /stats itself, and resets', async () => {
    const other = await startDemoTarget();
    try {
      await fetch(`${other.url}/health`);
      await fetch(`${other.url}/health`);
      await fetch(`${other.url}/status/500`);
      await fetch(`${other.url}/missing`);
      await fetch(`${other.url}/stats`);
      const stats = await (await fetch(`${other.url}/stats`)).json();
      assert.deepEqual(stats, { requests: 4, byRoute: { 'GET /health': 2, 'GET /status/:code': 1, unmatched: 1 } });
      assert.deepEqual(other.counters(), stats);
      const reset = await fetch(`${other.url}/stats/reset`, { method: 'POST' });
      assert.deepEqual(await reset.json(), { requests: 0, byRoute: {} });
      assert.deepEqual(other.counters(), { requests: 0, byRoute: {} });
    } finally {
      await other.close();
    }
  });
});

describe('lifecycle', () => {
  test('delayMs delays each answer by at least that long', async () => {
    const slow = await startDemoTarget({ delayMs: 150 });
    try {
      const started = Date.now();
      assert.equal((await fetch(`${slow.url}/health`)).status, 200);
      assert.ok(Date.now() - started >= 145);
      assert.equal(slow.counters().requests, 1);
    } finally {
      await slow.close();
    }
  });

  test('close() ends promptly even with a long delay in flight', async () => {
    const other = await startDemoTarget();
    const pending = fetch(`${other.url}/delay/30000`).then(() => 'answered', () => 'dropped');
    await sleep(50);
    await other.close();
    assert.equal(await pending, 'dropped');
  });

  test('as a process: prints one ready line, serves, and exits 0 on SIGTERM', async () => {
    const server = fileURLToPath(new URL('./server.ts', import.meta.url));
    const child = spawn(process.execPath, [server, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const ready = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => { lines.push(line); resolve(line); });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const line = await ready;
    const match = /^demo-target listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    assert.ok(match, line);
    assert.equal((await fetch(`${match[1]}/health`)).status, 200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(lines, [line]);
  });

  test('as a process: a bad flag exits 2 with usage on stderr', async () => {
    const server = fileURLToPath(new URL('./server.ts', import.meta.url));
    const child = spawn(process.execPath, [server, '--port', 'x'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 2);
    assert.match(stderr, /--port must be an integer/);
  });
});
