/**
 * jslib.k6.io imports that Stampede ships built in (issue #4): papaparse
 * reads CSV test data and httpx sends requests with a session's base URL,
 * headers and tags — no network access needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('papaparse parses CSV from open(); httpx applies baseURL, headers, tags and timeout', async () => {
  const seen: { path: string; auth: string | undefined; team: string | undefined }[] = [];
  const target = await startTarget({
    '/api/users': (req, res, body) => {
      seen.push({ path: `${req.method} ${req.url}`, auth: req.headers.authorization, team: req.headers['x-team'] as string | undefined });
      res.setHeader('content-type', 'application/json');
      res.end(body.length ? body : JSON.stringify({ ok: true }));
    },
  });
  try {
    const dir = await scriptDir({
      'users.csv': 'name,role\nada,admin\ngrace,requester\n',
      'jslib.js': `import papaparse from 'https://jslib.k6.io/papaparse/5.1.1/index.js';
import { Httpx } from 'https://jslib.k6.io/httpx/0.1.0/index.js';
import { check } from 'k6';
const rows = papaparse.parse(open('./users.csv'), { header: true, skipEmptyLines: true }).data;
export const options = { iterations: 1, thresholds: { checks: ['rate==1'], 'http_reqs{flow:users}': ['count==3'] } };
const session = new Httpx({ baseURL: '${target.url}/api', headers: { Authorization: 'Bearer t' }, tags: { flow: 'users' }, timeout: 5000 });
export default function () {
  session.addHeader('X-Team', 'core');
  check(rows, { 'two rows': (r) => r.length === 2 && r[1].role === 'requester' });
  check(papaparse.unparse([{ a: 1, b: 'x' }]), { 'unparse': (s) => s === 'a,b\\r\\n1,x' });
  const got = session.get('/users');
  check(got, { 'get': (r) => r.status === 200 && r.json('ok') === true });
  const posted = session.post('/users', JSON.stringify(rows[0]), { headers: { 'Content-Type': 'application/json' } });
  check(posted, { 'post echoes': (r) => r.json('name') === 'ada' });
  const [a] = session.batch([{ method: 'GET', url: '/users?page=2' }]);
  check(a, { 'batch': (r) => r.status === 200 });
}
`,
    });
    const r = await stampede(['run', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'jslib.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
    assert.equal(summary.metrics.checks.passes, 5, r.stdout);
    assert.deepEqual(seen, [
      { path: 'GET /api/users', auth: 'Bearer t', team: 'core' },
      { path: 'POST /api/users', auth: 'Bearer t', team: 'core' },
      { path: 'GET /api/users?page=2', auth: 'Bearer t', team: 'core' },
    ]);
  } finally {
    await target.close();
  }
});

test('k6/experimental/fs: open() in init code, then read, seek and stat in iterations', async () => {
  const dir = await scriptDir({
    'bonjour.txt': 'Bonjour, tout le monde!\n',
    'fs.js': `import { open, SeekMode } from 'k6/experimental/fs';
import { check } from 'k6';
const file = await open('bonjour.txt');
export const options = { vus: 2, iterations: 4, thresholds: { checks: ['rate==1'] } };
export default async function () {
  await file.seek(0, SeekMode.Start);
  const info = await file.stat();
  const buffer = new Uint8Array(4);
  let total = 0;
  let text = '';
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) break;
    total += n;
    text += String.fromCharCode(...buffer.subarray(0, n));
  }
  const end = await file.seek(-7, SeekMode.End);
  const tail = new Uint8Array(5);
  await file.read(tail);
  check(info, { 'stat': (i) => i.name === 'bonjour.txt' && i.size === 24 });
  check(total, { 'whole file read': (t) => t === 24 && text === 'Bonjour, tout le monde!\\n' });
  check(end, { 'seek from the end': (e) => e === 17 && String.fromCharCode(...tail) === 'monde' });
}
`,
  });
  const r = await stampede(['run', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'fs.js')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const summary = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8'));
  assert.equal(summary.metrics.checks.passes, 12, r.stdout);
});
