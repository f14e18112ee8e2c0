/**
 * k6/ws and k6/websockets against a real `ws` echo server on 127.0.0.1: the
 * sessions and messages the tool reports equal what the server counted,
 * pings get pongs and a ws_ping, binary messages round-trip byte-exact,
 * tags reach the samples, a refused port is a clear error (not a crash),
 * handler exceptions are logged, and an endless socket is closed when the
 * VU is stopped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { stampede, scriptDir } from './helpers/cli.ts';
import { freePort } from './helpers/target.ts';

interface EchoServer {
  url: string;
  connections: number;
  closed: number;
  /** messages the server received (text + binary) */
  received: number;
  /** messages the server sent (echoes) */
  sent: number;
  pings: number;
  /** binary payloads received, to check they arrived byte-exact */
  binaries: Buffer[];
  userAgents: string[];
  customHeaders: string[];
  /** Cookie and Host headers of each handshake */
  cookies: string[];
  hostHeaders: string[];
  close(): Promise<void>;
}

/** Echoes every message; on /silent it never answers nor closes; picks the "chat" subprotocol when offered. */
async function startEcho(): Promise<EchoServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => (offered.has('chat') ? 'chat' : false) });
  await once(wss, 'listening');
  const { port } = wss.address() as AddressInfo;
  const s: EchoServer = {
    url: `ws://127.0.0.1:${port}`,
    connections: 0, closed: 0, received: 0, sent: 0, pings: 0, binaries: [], userAgents: [], customHeaders: [], cookies: [], hostHeaders: [],
    close: () => new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    }),
  };
  wss.on('connection', (sock, req) => {
    s.connections++;
    s.userAgents.push(String(req.headers['user-agent']));
    s.cookies.push(String(req.headers.cookie ?? ''));
    s.hostHeaders.push(String(req.headers.host));
    if (req.headers['x-test'] !== undefined) s.customHeaders.push(String(req.headers['x-test']));
    sock.on('close', () => { s.closed++; });
    sock.on('ping', () => { s.pings++; });
    if (req.url === '/silent') return;
    sock.on('message', (data, isBinary) => {
      s.received++;
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (isBinary) s.binaries.push(Buffer.from(buf));
      sock.send(buf, { binary: isBinary });
      s.sent++;
    });
  });
  return s;
}

async function run(files: Record<string, string>, entry: string, timeoutMs = 60_000) {
  const dir = await scriptDir(files);
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, entry)], { timeoutMs });
  let summary: { metrics: Record<string, Record<string, number>> } | undefined;
  try {
    summary = JSON.parse(await readFile(exported, 'utf8'));
  } catch {
    summary = undefined;
  }
  return { ...r, summary };
}

function assertAllBinariesAre0To255(binaries: Buffer[], expected: number): void {
  assert.equal(binaries.length, expected);
  const want = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  for (const b of binaries) assert.ok(b.equals(want), 'binary payload arrived byte-exact at the server');
}

test('k6/ws: sessions, messages, ping and binary equal the server counts; tags and response are k6\'s', async () => {
  const server = await startEcho();
  try {
    const N = 5;
    const script = `import ws from 'k6/ws';
import { check, group } from 'k6';
const N = ${N};
export const options = {
  vus: 3, iterations: 6,
  thresholds: {
    'ws_sessions{my_tag:hello}': ['count==6'],
    'ws_msgs_sent{group:::chat}': ['count==36'],
    'ws_sessions{status:101}': ['count==6'],
    'ws_msgs_received{url:${server.url}/echo}': ['count==36'],
    'ws_ping{url:${server.url}/echo}': ['max>0'],
    checks: ['rate==1'],
  },
};
export default function () {
  group('chat', function () {
    let texts = 0;
    let binaryOk = false;
    let pongs = 0;
    let closeCode = -1;
    const res = ws.connect('${server.url}/echo', { tags: { my_tag: 'hello' }, headers: { 'X-Test': 'yes' } }, function (socket) {
      const done = () => { if (texts === N && binaryOk && pongs === 1) socket.close(); };
      socket.on('open', function () {
        for (let i = 0; i < N; i++) socket.send('msg ' + i);
        const bytes = new Uint8Array(256);
        for (let i = 0; i < 256; i++) bytes[i] = i;
        socket.sendBinary(bytes.buffer);
        socket.ping();
      });
      socket.on('message', function (m) { if (m === 'msg ' + texts) texts++; done(); });
      socket.on('binaryMessage', function (b) {
        const u = new Uint8Array(b);
        let ok = u.length === 256;
        for (let i = 0; ok && i < 256; i++) ok = u[i] === i;
        binaryOk = ok;
        done();
      });
      socket.on('pong', function () { pongs++; done(); });
      socket.on('close', function (code) { closeCode = code; });
      socket.setTimeout(function () { socket.close(); }, 10000);
    });
    check(res, {
      'status 101': (r) => r.status === 101,
      'no error': (r) => r.error === '',
      'url': (r) => r.url === '${server.url}/echo',
      'upgrade header': (r) => String(r.headers['Upgrade']).toLowerCase() === 'websocket',
    });
    check(null, {
      'all texts echoed in order': () => texts === N,
      'binary echoed byte-exact': () => binaryOk,
      'one pong': () => pongs === 1,
      'close handler got 1000': () => closeCode === 1000,
    });
  });
}
`;
    const r = await run({ 'legacy.js': script }, 'legacy.js');
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const m = r.summary!.metrics;
    assert.equal(server.connections, 6);
    assert.equal(m.ws_sessions.count, server.connections);
    assert.equal(server.received, 6 * (N + 1));
    assert.equal(m.ws_msgs_sent.count, server.received);
    assert.equal(server.sent, 6 * (N + 1));
    assert.equal(m.ws_msgs_received.count, server.sent);
    assert.equal(server.pings, 6);
    assert.ok(m.ws_ping.max > 0, 'every pong was timed into ws_ping');
    assert.ok(m.ws_connecting.avg > 0 && m.ws_session_duration.avg >= m.ws_connecting.avg);
    assertAllBinariesAre0To255(server.binaries, 6);
    assert.deepEqual(server.customHeaders, Array(6).fill('yes'));
    assert.ok(server.userAgents.every((ua) => ua !== 'undefined'), 'a User-Agent is sent');
    assert.equal(m.checks.fails, 0);
    assert.equal(m.checks.passes, 6 * 8);
  } finally {
    await server.close();
  }
});

test('k6/websockets: two sockets per iteration, Blob and ArrayBuffer binaries, ping, subprotocol; counts equal the server\'s', async () => {
  const server = await startEcho();
  try {
    const N = 5;
    const script = `import { WebSocket } from 'k6/websockets';
import { check } from 'k6';
const N = ${N};
export const options = {
  vus: 2, iterations: 4,
  thresholds: {
    'ws_sessions{status:101}': ['count==8'],
    'ws_sessions{subproto:chat}': ['count==4'],
    'ws_msgs_sent{kind:blob}': ['count==24'],
    'ws_msgs_received{kind:arraybuffer}': ['count==24'],
    'ws_ping{kind:blob}': ['max>0'],
    'ws_ping{kind:arraybuffer}': ['max>0'],
    checks: ['rate==1'],
  },
};
function pattern() {
  const b = new Uint8Array(256);
  for (let i = 0; i < 256; i++) b[i] = i;
  return b;
}
function isPattern(u) {
  if (u.length !== 256) return false;
  for (let i = 0; i < 256; i++) if (u[i] !== i) return false;
  return true;
}
function session(kind, protocols) {
  const ws = new WebSocket('${server.url}/echo', protocols, { tags: { kind: kind }, headers: { 'X-Test': 'yes' } });
  check(ws, {
    'connecting at first': (w) => w.readyState === WebSocket.CONNECTING && w.readyState === w.CONNECTING,
    'binaryType defaults to blob': (w) => w.binaryType === 'blob',
    'url': (w) => w.url === '${server.url}/echo',
  });
  if (kind === 'arraybuffer') ws.binaryType = 'arraybuffer';
  let texts = 0;
  let binaryOk = false;
  let pongs = 0;
  const done = () => { if (texts === N && binaryOk && pongs === 1) ws.close(); };
  ws.onopen = () => {
    check(ws, { 'open': (w) => w.readyState === WebSocket.OPEN, 'protocol': (w) => w.protocol === (protocols ? 'chat' : '') });
    for (let i = 0; i < N; i++) ws.send('msg ' + i);
    ws.send(kind === 'blob' ? new Blob([pattern()]) : pattern());
    ws.ping();
  };
  // async listener: the next message waits for it, so the texts still arrive in order
  ws.addEventListener('message', async (e) => {
    if (typeof e.data === 'string') {
      if (e.data === 'msg ' + texts) texts++;
    } else if (kind === 'blob') {
      binaryOk = e.data instanceof Blob && isPattern(new Uint8Array(await e.data.arrayBuffer()));
    } else {
      binaryOk = e.data instanceof ArrayBuffer && isPattern(new Uint8Array(e.data));
    }
    done();
  });
  ws.onpong = () => { pongs++; done(); };
  ws.onerror = (e) => { check(e, { 'no error event': () => false }); };
  ws.onclose = (e) => {
    check(e, { 'closed with 1000': (ev) => ev.code === 1000, 'CLOSED': () => ws.readyState === WebSocket.CLOSED });
    check(null, {
      'all texts echoed in order': () => texts === N,
      'binary echoed byte-exact': () => binaryOk,
      'one pong': () => pongs === 1,
    });
  };
}
export default function () {
  session('blob', ['chat']);
  session('arraybuffer');
}
`;
    const r = await run({ 'websockets.js': script }, 'websockets.js');
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const m = r.summary!.metrics;
    assert.equal(server.connections, 8);
    assert.equal(m.ws_sessions.count, server.connections);
    assert.equal(server.received, 8 * (N + 1));
    assert.equal(m.ws_msgs_sent.count, server.received);
    assert.equal(server.sent, 8 * (N + 1));
    assert.equal(m.ws_msgs_received.count, server.sent);
    assert.equal(server.pings, 8);
    assert.ok(m.ws_ping.max > 0);
    assertAllBinariesAre0To255(server.binaries, 8);
    assert.deepEqual(server.customHeaders, Array(8).fill('yes'));
    // the iteration stayed open until its sockets had closed
    assert.ok(m.iteration_duration.avg >= m.ws_session_duration.avg, `iteration ${m.iteration_duration.avg} ms < session ${m.ws_session_duration.avg} ms`);
    assert.equal(m.checks.fails, 0);
    assert.equal(m.checks.passes, 8 * 3 + 8 * 2 + 8 * 2 + 8 * 3);
  } finally {
    await server.close();
  }
});

test('a refused port: k6/ws resolves with the error (or throws with options.throw), k6/websockets fires error then close; the run goes on', async () => {
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/`;
  const script = (throwOpt: boolean) => `import ws from 'k6/ws';
import { WebSocket } from 'k6/websockets';
import { check } from 'k6';
export const options = { iterations: 2, throw: ${throwOpt} };
export default function () {
  let res;
  try {
    res = ws.connect('${url}', function () { throw new Error('the callback must not run'); });
  } catch (e) {
    check(e, { 'thrown: connection refused': (err) => String(err.message).indexOf('connection refused') >= 0 });
    return;
  }
  check(res, {
    'status 0': (r) => r.status === 0,
    'error says connection refused': (r) => r.error === 'dial tcp 127.0.0.1:${port}: connect: connection refused',
    'error_code 1212': (r) => r.error_code === 1212,
  });
  const sock = new WebSocket('${url}');
  sock.onerror = (e) => { check(e, { 'error event says connection refused': (ev) => String(ev.error).indexOf('connection refused') >= 0 }); };
  sock.onclose = (e) => { check(e, { 'then close 1006': (ev) => ev.code === 1006 && sock.readyState === WebSocket.CLOSED }); };
  sock.onopen = () => { check(null, { 'never opens': () => false }); };
}
`;
  const r = await run({ 'refused.js': script(false) }, 'refused.js');
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  const m = r.summary!.metrics;
  assert.equal(m.checks.fails, 0, r.stderr);
  assert.equal(m.checks.passes, 2 * 5);
  assert.equal(m.iterations.count, 2);
  assert.equal(m.ws_sessions, undefined, 'a session that never opened is not counted');
  assert.match(r.stderr + r.stdout, /Attempt to establish a WebSocket connection failed error="dial tcp 127\.0\.0\.1:\d+: connect: connection refused"/);

  const t = await run({ 'refused.js': script(true) }, 'refused.js');
  assert.equal(t.code, 0, `${t.stdout}\n${t.stderr}`);
  assert.equal(t.summary!.metrics.checks.passes, 2);
  assert.equal(t.summary!.metrics.checks.fails, 0);
});

test('handler exceptions are logged and end the session; the run goes on', async () => {
  const server = await startEcho();
  try {
    const script = `import ws from 'k6/ws';
import { WebSocket } from 'k6/websockets';
import { check } from 'k6';
export const options = {
  scenarios: {
    legacy: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'legacy' },
    modern: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'modern' },
  },
};
export function legacy() {
  ws.connect('${server.url}/echo', null, function (socket) {
    socket.on('open', () => socket.send('x'));
    socket.on('message', () => { throw new Error('legacy handler boom'); });
  });
  check(null, { 'not reached after a handler threw': () => false });
}
export function modern() {
  const sock = new WebSocket('${server.url}/echo');
  sock.onopen = () => sock.send('x');
  sock.onmessage = () => { throw new Error('modern handler boom'); };
}
`;
    const r = await run({ 'boom.js': script }, 'boom.js', 30_000);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const out = r.stdout + r.stderr;
    assert.match(out, /legacy handler boom/);
    assert.match(out, /modern handler boom/);
    const m = r.summary!.metrics;
    assert.equal(m.iterations.count, 4);
    assert.equal(m.ws_sessions.count, 4);
    assert.equal(m.checks, undefined, 'connect() rethrew the handler error, so the check after it never ran');
    // both kinds of handler error count as script errors: 2 legacy iterations + 2 modern handlers
    assert.equal(m.script_errors.count, 4);
    assert.match(out, /modern handler boom[^\n]*at [^\n]*boom\.js:\d+:\d+/s, 'the handler error points into the script');
    assert.equal(server.connections, 4);
    await waitFor(() => server.closed === 4);
  } finally {
    await server.close();
  }
});

test('sockets that never close are closed when the VU is stopped, and the run ends on time', async () => {
  const server = await startEcho();
  try {
    const script = `import ws from 'k6/ws';
import { WebSocket } from 'k6/websockets';
export const options = {
  scenarios: {
    legacy: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '500ms', exec: 'legacy' },
    modern: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '500ms', exec: 'modern' },
  },
};
export function legacy() {
  ws.connect('${server.url}/silent', null, (socket) => { socket.on('open', () => socket.send('hello')); });
}
export function modern() {
  const sock = new WebSocket('${server.url}/silent');
  sock.onopen = () => sock.send('hello');
}
`;
    const started = Date.now();
    const r = await run({ 'endless.js': script }, 'endless.js', 30_000);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(Date.now() - started < 15_000, 'the run ended soon after duration + gracefulStop');
    const m = r.summary!.metrics;
    assert.equal(server.connections, 2);
    assert.equal(m.ws_sessions.count, 2);
    assert.equal(m.ws_msgs_sent.count, 2);
    await waitFor(() => server.closed === 2);
  } finally {
    await server.close();
  }
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('handshakes carry the VU\'s k6/http cookies by default and follow the hosts option', async () => {
  const server = await startEcho();
  const { startTarget } = await import('./helpers/target.ts');
  const target = await startTarget({ '/login': (_req, res) => { res.setHeader('set-cookie', 'session=s-7; Path=/'); res.end('ok'); } });
  try {
    const port = new URL(server.url).port;
    const script = `import http from 'k6/http';
import ws from 'k6/ws';
import { WebSocket } from 'k6/websockets';
export const options = { iterations: 1, hosts: { 'chat.test': '127.0.0.1' } };
export default async function () {
  http.get('${target.url}/login');
  ws.connect('ws://127.0.0.1:${port}/echo', null, (socket) => { socket.on('open', () => socket.close()); });
  await new Promise((resolve) => {
    const sock = new WebSocket('ws://127.0.0.1:${port}/echo');
    sock.onopen = () => sock.close();
    sock.onclose = resolve;
  });
  ws.connect('ws://chat.test:${port}/echo', null, (socket) => { socket.on('open', () => socket.close()); });
}
`;
    const r = await run({ 'cookies.js': script }, 'cookies.js');
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    // the session cookie belongs to 127.0.0.1, so chat.test gets none
    assert.deepEqual(server.cookies, ['session=s-7', 'session=s-7', '']);
    assert.deepEqual(server.hostHeaders, [`127.0.0.1:${port}`, `127.0.0.1:${port}`, `chat.test:${port}`]);
  } finally {
    await server.close();
    await target.close();
  }
});
