/**
 * `--out influxdb` to a server that accepts the TCP connection and never
 * answers HTTP (a hung InfluxDB, a wrong port that happens to listen): the
 * start says it is waiting after ~1.5 s, the test starts after a bounded
 * wait, the run exits 0, and the OUTPUTS block counts the samples that were
 * dropped because nothing answered. A plain TCP server stands in; no
 * influxd is needed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';

let server: net.Server;
let port: number;
const sockets = new Set<net.Socket>();
let connections = 0;

before(async () => {
  server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    // reads the request and says nothing
    socket.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

test('InfluxDB that never answers: a waiting line, the test starts after a bounded wait, exit 0, samples counted as dropped', async () => {
  const dir = await scriptDir({
    'script.js': `import { sleep } from 'k6';
export const options = { vus: 1, duration: '2s' };
export default function () { sleep(0.1); }
`,
  });
  const exported = path.join(dir, 'summary.json');
  const started = Date.now();
  const r = await stampede(['run', '--address', '127.0.0.1:0', '--summary-export', exported, '--out', `influxdb=http://127.0.0.1:${port}/db`, path.join(dir, 'script.js')], { timeoutMs: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  const out = `exit ${r.code} after ${seconds} s\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

  assert.equal(r.code, 0, out);
  assert.ok(connections >= 1, 'the output did connect');
  const base = `http://127\\.0\\.0\\.1:${port}`;
  assert.match(r.stderr, new RegExp(`WARN\\[\\d+\\] output influxdb \\(${base}/db\\): waiting for InfluxDB at ${base} to answer \\(create database "db"\\); the test starts in \\d s at most`), out);
  assert.match(r.stderr, new RegExp(`ERRO\\[\\d+\\] output influxdb \\(${base}/db\\): couldn't create database "db": InfluxDB at ${base} did not answer within \\d s; the test goes on`), out);
  // the test ran its 2 s
  const s = JSON.parse(await readFile(exported, 'utf8'));
  assert.ok(s.metrics.iterations.count >= 10, out);
  // nothing was stored, and the summary says what was dropped and why
  const outputs = /influxdb \(http:\/\/127\.0\.0\.1:\d+\/db\)\.+: 0 sent, (\d+) dropped \(last error: ([^)]*)\)/.exec(r.stdout);
  assert.ok(outputs, out);
  assert.ok(Number(outputs[1]) > 0, out);
  assert.match(outputs[2], new RegExp(`InfluxDB at ${base} (had not answered \\d+ writes? when the test ended|did not answer within \\d s)`), out);
  // a 2 s test: the start waits 4 s at most, the end 1 s for the writes, plus the tool's own start-up
  assert.ok(seconds < 15, out);
});
