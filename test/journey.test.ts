/**
 * Issue #4's HTTP journey, as the plans write it: login in setup, an HTMX
 * partial, a multipart upload the server confirms byte for byte, a cookie
 * set by one response and sent on the next, and a batch with a redirect
 * chain. Every check passes and http_reqs equals what the server counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('a user journey: login, HTMX partial, multipart upload, cookies, batch with redirects', async () => {
  const upload = randomBytes(70_000); // binary, with every byte value
  const uploads: { size: number; sha256: string; field: string; filename: string; type: string }[] = [];
  const target = await startTarget({
    '/login': (req, res, body) => {
      const { user, password } = JSON.parse(body.toString('utf8'));
      if (req.method !== 'POST' || user !== 'ada' || password !== 'lovelace') { res.statusCode = 401; res.end(); return; }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token: 'tok-123' }));
    },
    '/partial': (req, res) => {
      const ok = req.headers['hx-request'] === 'true' && req.headers.authorization === 'Bearer tok-123';
      res.statusCode = ok ? 200 : 400;
      res.setHeader('HX-Trigger', 'cartUpdated');
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'self'");
      res.setHeader('content-type', 'text/html');
      res.end(`<div id="cart">3 items for ${req.headers['hx-current-url'] ?? '?'}</div>`);
    },
    '/upload': async (req, res, body) => {
      const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(body) }).formData();
      const file = form.get('document') as File;
      const bytes = Buffer.from(await file.arrayBuffer());
      uploads.push({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), field: String(form.get('title')), filename: file.name, type: file.type });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ size: bytes.length }));
    },
    '/session/start': (_req, res) => { res.setHeader('set-cookie', 'session=s-42; Path=/session; HttpOnly'); res.end('started'); },
    '/session/check': (req, res) => { res.end(req.headers.cookie === 'session=s-42' ? 'known' : `unknown: ${req.headers.cookie ?? 'no cookie'}`); },
    '/r/3': (_req, res) => { res.statusCode = 302; res.setHeader('location', '/r/2'); res.end(); },
    '/r/2': (_req, res) => { res.statusCode = 301; res.setHeader('location', '/r/1'); res.end(); },
    '/r/1': (_req, res) => { res.statusCode = 307; res.setHeader('location', '/final'); res.end(); },
    '/final': (_req, res) => { res.end('arrived'); },
  });
  try {
    const dir = await scriptDir({
      'doc.bin': upload,
      'journey.js': `import http from 'k6/http';
import { check, group } from 'k6';
const BASE = '${target.url}';
const doc = open('./doc.bin', 'b');
export const options = { vus: 2, iterations: 4, thresholds: { checks: ['rate==1'] } };
export function setup() {
  const res = http.post(BASE + '/login', JSON.stringify({ user: 'ada', password: 'lovelace' }), { headers: { 'Content-Type': 'application/json' } });
  check(res, { 'logged in': (r) => r.status === 200 });
  return { token: res.json('token') };
}
export default function (data) {
  const auth = { Authorization: 'Bearer ' + data.token };
  group('htmx', () => {
    const res = http.get(BASE + '/partial', { headers: { ...auth, 'HX-Request': 'true', 'HX-Current-URL': BASE + '/cart' } });
    check(res, {
      'partial 200': (r) => r.status === 200,
      'HX-Trigger read back': (r) => r.headers['Hx-Trigger'] === 'cartUpdated',
      'frame denied': (r) => r.headers['X-Frame-Options'] === 'DENY',
      'nosniff': (r) => r.headers['X-Content-Type-Options'] === 'nosniff',
      'csp': (r) => r.headers['Content-Security-Policy'].includes("default-src 'self'"),
      'fragment': (r) => r.body.includes('3 items'),
    });
  });
  group('upload', () => {
    const res = http.post(BASE + '/upload', { title: 'Q3 report', document: http.file(doc, 'report.bin', 'application/octet-stream') }, { headers: auth });
    check(res, { 'server got every byte': (r) => r.json('size') === ${upload.length} });
  });
  group('session', () => {
    http.get(BASE + '/session/start');
    const res = http.get(BASE + '/session/check');
    check(res, { 'cookie sent back': (r) => r.body === 'known' });
  });
  group('batch', () => {
    const [redirected, plain] = http.batch([['GET', BASE + '/r/3'], ['GET', BASE + '/partial', null, { headers: { ...auth, 'HX-Request': 'true' } }]]);
    check(redirected, { 'followed 3 redirects': (r) => r.status === 200 && r.body === 'arrived' && r.url === BASE + '/final' });
    check(plain, { 'batched partial': (r) => r.status === 200 });
  });
}
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 'summary.json'), path.join(dir, 'journey.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8'));
    assert.equal(summary.metrics.checks.fails, 0, r.stdout);
    assert.equal(summary.metrics.checks.passes, 1 + 4 * 10, r.stdout);
    assert.equal(summary.metrics.http_reqs.count, target.total(), 'every request (redirect hops included) counted once');
    assert.equal(target.counts.get('/r/2'), 4);
    assert.equal(target.counts.get('/final'), 4);
    assert.equal(uploads.length, 4);
    const sha = createHash('sha256').update(upload).digest('hex');
    for (const u of uploads) assert.deepEqual(u, { size: upload.length, sha256: sha, field: 'Q3 report', filename: 'report.bin', type: 'application/octet-stream' });
  } finally {
    await target.close();
  }
});
