/**
 * Issue #15 items 7 and 8: data_sent / data_received for every protocol,
 * and the zero samples k6 emits after every iteration. A gRPC call and
 * WebSocket echoes (k6/websockets and legacy k6/ws) go through a TCP proxy
 * on 127.0.0.1 that counts the bytes each way: the tool's counts must be
 * above the payloads and close to what the wire carried, and tagged like the
 * protocol's other samples. A script without any network call can hold a
 * threshold on data_sent (it evaluates: zero, not "no data").
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { WebSocketServer } from 'ws';
import { stampede, scriptDir } from './helpers/cli.ts';

type Any = Record<string, unknown>;

interface CountingProxy {
  port: number;
  /** bytes from the clients to the target, and back */
  up: number;
  down: number;
  close(): Promise<void>;
}

/** A TCP proxy to 127.0.0.1:`target` that counts the bytes it forwards. */
async function countingProxy(target: number): Promise<CountingProxy> {
  const sockets = new Set<net.Socket>();
  const p: CountingProxy = { port: 0, up: 0, down: 0, close: async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  } };
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => { p.up += d.length; });
    upstream.on('data', (d: Buffer) => { p.down += d.length; });
    client.pipe(upstream).pipe(client);
    const end = (): void => { client.destroy(); upstream.destroy(); };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  p.port = (server.address() as AddressInfo).port;
  return p;
}

type Summary = { metrics: Record<string, Record<string, number | Record<string, boolean>>> };

async function run(files: Record<string, string>, entry: string): Promise<{ code: number | null; stderr: string; summary: Summary }> {
  const dir = await scriptDir(files);
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, entry)], { timeoutMs: 80_000 });
  const summary = JSON.parse(await readFile(exported, 'utf8')) as Summary;
  return { code: r.code, stderr: `stdout:${r.stdout}\nstderr:${r.stderr}`, summary };
}

const count = (s: Summary, key: string): number => {
  const m = s.metrics[key];
  assert.ok(m, `no ${key} in the summary: ${Object.keys(s.metrics).join(', ')}`);
  return m.count as number;
};

/** Within 2% (plus a little for frames after the last measurement: GOAWAY, close frames, acks). */
function assertClose(actual: number, wire: number, what: string): void {
  assert.ok(Math.abs(actual - wire) <= wire * 0.02 + 150, `${what}: counted ${actual} bytes, the wire carried ${wire}`);
}

const PROTO = `syntax = "proto3";
package bytes.test;
message Blob { string data = 1; }
service Mirror { rpc Echo(Blob) returns (Blob); }
`;
const PAYLOAD = 20_000;
const CALLS = 3;

let grpcServer: grpc.Server;
let grpcPort = 0;
let wss: WebSocketServer;

before(async () => {
  const dir = await scriptDir({ 'mirror.proto': PROTO });
  const def = loadSync(path.join(dir, 'mirror.proto'));
  grpcServer = new grpc.Server();
  grpcServer.addService((def['bytes.test.Mirror'] as unknown) as grpc.ServiceDefinition, {
    Echo(call: grpc.ServerUnaryCall<Any, Any>, cb: grpc.sendUnaryData<Any>) { cb(null, { data: call.request.data }); },
  });
  grpcPort = await new Promise<number>((resolve, reject) => {
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  wss.on('connection', (sock) => sock.on('message', (data, isBinary) => sock.send(data as Buffer, { binary: isBinary })));
});

after(async () => {
  grpcServer.forceShutdown();
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
});

test('gRPC: data_sent / data_received are the bytes on the wire, tagged like grpc_req_duration', { timeout: 90_000 }, async () => {
  const proxy = await countingProxy(grpcPort);
  try {
    const script = `import grpc from 'k6/net/grpc';
import { check } from 'k6';
const client = new grpc.Client();
client.load([], 'mirror.proto');
export const options = { iterations: 1, thresholds: { 'data_sent{name:/bytes.test.Mirror/Echo}': ['count>0'], 'data_received{service:bytes.test.Mirror}': ['count>0'] } };
export default function () {
  client.connect('127.0.0.1:${proxy.port}', { plaintext: true });
  for (let i = 0; i < ${CALLS}; i++) {
    const r = client.invoke('bytes.test.Mirror/Echo', { data: 'x'.repeat(${PAYLOAD}) });
    check(r, { ok: (x) => x.status === grpc.StatusOK && x.message.data.length === ${PAYLOAD} });
  }
  client.close();
}
`;
    const dir = await scriptDir({ 'mirror.proto': PROTO, 'main.js': script });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'main.js')], { timeoutMs: 80_000 });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(await readFile(exported, 'utf8')) as Summary;
    assert.equal(s.metrics.checks.fails, 0, r.stderr);
    const sent = count(s, 'data_sent');
    const received = count(s, 'data_received');
    assert.ok(sent > CALLS * PAYLOAD, `data_sent ${sent}`);
    assert.ok(received > CALLS * PAYLOAD, `data_received ${received}`);
    assertClose(sent, proxy.up, 'data_sent');
    assertClose(received, proxy.down, 'data_received');
    // tagged like the RPC's other samples: all of it is on the method's series
    assert.equal(count(s, 'data_sent{name:/bytes.test.Mirror/Echo}'), sent);
    assert.equal(count(s, 'data_received{service:bytes.test.Mirror}'), received);
  } finally {
    await proxy.close();
  }
});

for (const [label, module] of [['k6/websockets', 'k6/websockets'], ['legacy k6/ws', 'k6/ws']] as const) {
  test(`${label}: data_sent / data_received of an echo session are the bytes on the wire`, { timeout: 90_000 }, async () => {
    const proxy = await countingProxy((wss.address() as AddressInfo).port);
    const url = `ws://127.0.0.1:${proxy.port}/echo`;
    const messages = 4;
    const body = module === 'k6/ws'
      ? `import ws from 'k6/ws';
export default function () {
  let got = 0;
  ws.connect('${url}', {}, (socket) => {
    socket.on('open', () => { for (let i = 0; i < ${messages}; i++) socket.send('y'.repeat(${PAYLOAD})); });
    socket.on('message', () => { if (++got === ${messages}) socket.close(); });
  });
}`
      : `import { WebSocket } from 'k6/websockets';
export default function () {
  let got = 0;
  const socket = new WebSocket('${url}');
  socket.onopen = () => { for (let i = 0; i < ${messages}; i++) socket.send('y'.repeat(${PAYLOAD})); };
  socket.onmessage = () => { if (++got === ${messages}) socket.close(); };
}`;
    const script = `${body}
export const options = { iterations: 1, thresholds: { 'data_sent{url:${url}}': ['count>0'] } };
`;
    try {
      const r = await run({ 'main.js': script }, 'main.js');
      assert.equal(r.code, 0, r.stderr);
      // the proxy has seen the close handshake once the run is over
      const sent = count(r.summary, 'data_sent');
      const received = count(r.summary, 'data_received');
      assert.ok(sent > messages * PAYLOAD, `data_sent ${sent}`);
      assert.ok(received > messages * PAYLOAD, `data_received ${received}`);
      assertClose(sent, proxy.up, 'data_sent');
      assertClose(received, proxy.down, 'data_received');
      assert.equal(count(r.summary, `data_sent{url:${url}}`), sent);
    } finally {
      await proxy.close();
    }
  });
}

test('a script without network calls: thresholds on data_sent / data_received evaluate on zero samples', { timeout: 60_000 }, async () => {
  const pass = await run({
    'main.js': `export const options = { iterations: 3, thresholds: { data_sent: ['count<1000'], data_received: ['count==0'] } };
export default function () {}
`,
  }, 'main.js');
  assert.equal(pass.code, 0, pass.stderr);
  assert.doesNotMatch(pass.stderr, /no data|never emitted|unknown metric/i);
  assert.equal(count(pass.summary, 'data_sent'), 0);
  assert.deepEqual(pass.summary.metrics.data_sent.thresholds, { 'count<1000': false });

  // a threshold that zero breaks fails the run (exit 99): it is evaluated, not skipped for lack of data
  const fail = await run({
    'main.js': `export const options = { iterations: 2, thresholds: { data_sent: ['count>0'] } };
export default function () {}
`,
  }, 'main.js');
  assert.equal(fail.code, 99, fail.stderr);
  assert.deepEqual(fail.summary.metrics.data_sent.thresholds, { 'count>0': true });
});
