/**
 * A response body larger than a JavaScript string can hold (V8: 512 MiB):
 * k6 reads a 600 MB body; Stampede keeps it as bytes, so responseType
 * 'binary' gets all of it as an ArrayBuffer, and reading it as text is a
 * script error at the script's line that says to use responseType
 * 'binary' (or discardResponseBodies), not a crash. The server streams the
 * body in 1 MiB chunks (never holding 600 MB); each transfer takes a few
 * seconds on loopback.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';

const SIZE = 600_000_000;
const CHUNK = Buffer.alloc(1 << 20, 'abcdefghijklmnopqrstuvwxyz');
let server: http.Server;
let base: string;
let bodiesSent = 0;

before(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(SIZE) });
    let left = SIZE;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, CHUNK.length);
        left -= n;
        if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) { res.once('drain', pump); return; }
      }
      res.end();
      bodiesSent++;
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

test('large body (600 MB, over the 512 MiB string limit): binary gets every byte, text is a clear script error naming responseType', async () => {
  const dir = await scriptDir({
    'big.js': `import http from 'k6/http';
import { check } from 'k6';
export default function () {
  const bin = http.get('${base}/big', { responseType: 'binary' });
  check(bin, { 'binary body has every byte': (r) => r.body.byteLength === ${SIZE} });
  const text = http.get('${base}/big');
  check(text, { 'status is 200': (r) => r.status === 200 });
  const length = text.body.length;
  check(length, { 'text body was read': (n) => n === ${SIZE} });
}
`,
  });
  const exported = path.join(dir, 'summary.json');
  const started = Date.now();
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'big.js')], { timeoutMs: 120_000 });
  const seconds = (Date.now() - started) / 1000;
  const out = `exit ${r.code} after ${seconds} s\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  assert.equal(r.code, 0, out);
  assert.equal(bodiesSent, 2, out);
  const s = JSON.parse(await readFile(exported, 'utf8'));
  // both requests succeeded and every byte of both bodies was received
  assert.equal(s.metrics.http_reqs.count, 2, out);
  assert.equal(s.metrics.http_req_failed.value, 0, out);
  assert.ok(s.metrics.data_received.count >= 2 * SIZE, out);
  // the binary body was complete; the text one could not be read: one script error, at the script's line
  assert.equal(s.root_group.checks['binary body has every byte'].passes, 1, out);
  assert.equal(s.root_group.checks['status is 200'].passes, 1, out);
  assert.equal(s.root_group.checks['text body was read'], undefined, out);
  assert.equal(s.metrics.script_errors.count, 1, out);
  assert.match(r.stderr, /big\.js:8:\d+/, out);
  assert.match(r.stderr, /is 600000000 bytes, more than a JavaScript string can hold/, out);
  assert.match(r.stderr, /responseType: 'binary'/, out);
  assert.match(r.stderr, /discardResponseBodies/, out);
  assert.doesNotMatch(r.stderr, /Cannot create a string longer/, out);
  assert.doesNotMatch(r.stderr, /internal error/, out);
});
