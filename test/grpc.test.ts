/**
 * k6/net/grpc against a real grpc-js server on 127.0.0.1: unary calls and
 * server-, client- and bidi-streaming in k6's synchronous style; the
 * tool's grpc_* metrics are compared with what the server counted, and the
 * usual mistakes (unknown method, refused port, invoke before connect,
 * load outside init) give clear errors.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { stampede, scriptDir } from './helpers/cli.ts';
import { refusedPort } from './helpers/target.ts';

const PROTO = `syntax = "proto3";
package stampede.test;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/wrappers.proto";

message Extras { google.protobuf.Struct attrs = 1; google.protobuf.Duration wait = 2; google.protobuf.StringValue nickname = 3; }
message HelloRequest { string name = 1; int32 user_id = 2; Extras extras = 3; }
message HelloReply { string greeting = 1; int64 call_number = 2; google.protobuf.Timestamp at = 3; Extras extras = 4; }
message CountRequest { int32 n = 1; }
message CountReply { int32 i = 1; }
message SumReply { int64 total = 1; int32 count = 2; }

service Greeter {
  rpc Hello(HelloRequest) returns (HelloReply);
  rpc Count(CountRequest) returns (stream CountReply);
  rpc Sum(stream CountRequest) returns (SumReply);
  rpc Echo(stream CountRequest) returns (stream CountReply);
}
`;

interface Counts { calls: Map<string, number>; streamMessagesSent: number; streamMessagesReceived: number }

interface Served { address: string; counts: Counts; close(): Promise<void> }

type Any = Record<string, unknown>;

/** A Greeter server: counts calls per method and the messages its streams sent and received. */
async function startServer(protoFile: string): Promise<Served> {
  const def = loadSync(protoFile, { longs: String, defaults: true });
  const service = (def['stampede.test.Greeter'] as unknown) as grpc.ServiceDefinition;
  const counts: Counts = { calls: new Map(), streamMessagesSent: 0, streamMessagesReceived: 0 };
  const count = (m: string) => counts.calls.set(m, (counts.calls.get(m) ?? 0) + 1);
  const server = new grpc.Server();
  server.addService(service, {
    Hello(call: grpc.ServerUnaryCall<Any, Any>, cb: grpc.sendUnaryData<Any>) {
      count('Hello');
      const req = call.request;
      if (req.name === 'missing') return cb({ code: grpc.status.NOT_FOUND, details: 'no such user' });
      const echo = call.metadata.get('x-test');
      const md = new grpc.Metadata();
      if (echo.length > 0) md.set('x-echo', String(echo[0]));
      call.sendMetadata(md);
      const trailer = new grpc.Metadata();
      trailer.set('x-trailer', 'done');
      const greeting = `Hello ${String(req.name)} (user ${String(req.userId)})`;
      cb(null, { greeting, callNumber: counts.calls.get('Hello'), at: { seconds: 1700000000, nanos: 500_000_000 }, extras: req.extras }, trailer);
    },
    Count(call: grpc.ServerWritableStream<Any, Any>) {
      count('Count');
      const n = Number(call.request.n);
      for (let i = 1; i <= n; i++) { call.write({ i }); counts.streamMessagesSent++; }
      call.end();
    },
    Sum(call: grpc.ServerReadableStream<Any, Any>, cb: grpc.sendUnaryData<Any>) {
      count('Sum');
      let total = 0;
      let n = 0;
      call.on('data', (m: Any) => { total += Number(m.n); n++; counts.streamMessagesReceived++; });
      call.on('end', () => { counts.streamMessagesSent++; cb(null, { total, count: n }); });
    },
    Echo(call: grpc.ServerDuplexStream<Any, Any>) {
      count('Echo');
      call.on('data', (m: Any) => { counts.streamMessagesReceived++; call.write({ i: m.n }); counts.streamMessagesSent++; });
      call.on('end', () => call.end());
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return {
    address: `127.0.0.1:${port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

let dir: string;
let served: Served;

before(async () => {
  dir = await scriptDir({ 'protos/greeter.proto': PROTO });
  served = await startServer(path.join(dir, 'protos', 'greeter.proto'));
});

after(async () => {
  await served.close();
  await rm(dir, { recursive: true, force: true });
});

const ITERATIONS = 6;

const mainScript = (address: string) => `import grpc from 'k6/net/grpc';
import { check } from 'k6';

export const options = {
  vus: 2,
  iterations: ${ITERATIONS},
  summaryTrendStats: ['avg', 'min', 'max', 'count'],
  thresholds: {
    'grpc_req_duration{name:/stampede.test.Greeter/Hello}': ['max>=0'],
    'grpc_req_duration{method:Hello}': ['max>=0'],
    'grpc_req_duration{status:5}': ['max>=0'],
    'grpc_req_duration{kind:hello}': ['max>=0'],
    'grpc_streams_msgs_received{name:/stampede.test.Greeter/Count}': ['count>=0'],
  },
};

const client = new grpc.Client();
const methods = client.load(['protos'], 'greeter.proto');
if (methods.length !== 4) throw new Error('expected 4 methods, got ' + JSON.stringify(methods));

export default function () {
  if (__ITER === 0) client.connect('${address}', { plaintext: true, timeout: '5s' });

  const extras = { attrs: { a: 1, b: ['x', true, null], c: { d: 'e' } }, wait: '1.5s', nickname: 'kay' };
  const res = client.invoke('stampede.test.Greeter/Hello', { name: 'k6', user_id: 7, extras }, {
    metadata: { 'x-test': 'yes' },
    tags: { kind: 'hello' },
  });
  check(res, {
    'status is OK': (r) => r && r.status === grpc.StatusOK,
    'greeting': (r) => r.message.greeting === 'Hello k6 (user 7)',
    'int64 as string': (r) => typeof r.message.callNumber === 'string',
    'timestamp as RFC 3339': (r) => r.message.at === '2023-11-14T22:13:20.500Z',
    'no error': (r) => r.error === null,
    'well-known types round trip': (r) => {
      const e = r.message.extras;
      return e.attrs.a === 1 && e.attrs.b.join() === 'x,true,' && e.attrs.b[2] === null && e.attrs.c.d === 'e' && e.wait === '1.500s' && e.nickname === 'kay';
    },
    'headers': (r) => r.headers['x-echo'][0] === 'yes',
    'trailers': (r) => r.trailers['x-trailer'][0] === 'done',
  });

  const missing = client.invoke('/stampede.test.Greeter/Hello', { name: 'missing' });
  check(missing, {
    'not found is a response': (r) => r.status === grpc.StatusNotFound,
    'not found error': (r) => r.error.code === 5 && r.error.message === 'no such user',
  });

  const count = new grpc.Stream(client, 'stampede.test.Greeter/Count');
  let got = 0;
  count.on('data', (m) => { got += m.i; });
  count.on('end', () => { check(got, { 'server stream delivered 1+2+3': (g) => g === 6 }); });
  count.write({ n: 3 });

  const sum = new grpc.Stream(client, 'stampede.test.Greeter/Sum');
  sum.on('data', (m) => { check(m, { 'client stream summed': (x) => x.total === '6' && x.count === 3 }); });
  sum.write({ n: 1 });
  sum.write({ n: 2 });
  sum.write({ n: 3 });
  sum.end();

  const echo = new grpc.Stream(client, 'stampede.test.Greeter/Echo');
  const echoed = [];
  echo.on('data', (m) => { echoed.push(m.i); });
  echo.on('error', (e) => { echoed.push('error ' + e.message); });
  echo.on('end', () => { check(echoed, { 'bidi echoed': (e) => e.join(',') === '4,5' }); });
  echo.write({ n: 4 });
  echo.write({ n: 5 });
  echo.end();

  client.asyncInvoke('stampede.test.Greeter/Hello', { name: 'async' }).then((r) => {
    check(r, { 'async invoke OK': (x) => x.status === grpc.StatusOK && x.message.greeting === 'Hello async (user 0)' });
  });
}
`;

test('unary and streaming calls: checks pass and metrics match what the server counted', { timeout: 90_000 }, async () => {
  const script = path.join(dir, 'main.js');
  await writeFile(script, mainScript(served.address));
  const exported = path.join(dir, 'main-summary.json');
  const r = await stampede(['run', '--summary-export', exported, script], { timeoutMs: 80_000 });
  assert.equal(r.code, 0, `stdout:${r.stdout}\nstderr:${r.stderr}`);
  const m = JSON.parse(await readFile(exported, 'utf8')).metrics;

  const helloCalls = 3 * ITERATIONS;
  const streams = 3 * ITERATIONS;
  assert.ok(m.checks, `no checks ran\nstdout:${r.stdout}\nstderr:${r.stderr}`);
  assert.equal(m.checks.fails, 0, r.stderr);
  assert.equal(m.checks.passes, 14 * ITERATIONS);
  assert.equal(served.counts.calls.get('Hello'), helloCalls);
  assert.equal(served.counts.calls.get('Count'), ITERATIONS);
  assert.equal(served.counts.calls.get('Sum'), ITERATIONS);
  assert.equal(served.counts.calls.get('Echo'), ITERATIONS);

  // grpc_req_duration: one per unary call (by name, by method, errors by status), plus one per stream as k6 does
  assert.equal(m['grpc_req_duration{name:/stampede.test.Greeter/Hello}'].count, helloCalls);
  assert.equal(m['grpc_req_duration{method:Hello}'].count, helloCalls);
  assert.equal(m['grpc_req_duration{status:5}'].count, ITERATIONS);
  assert.equal(m['grpc_req_duration{kind:hello}'].count, ITERATIONS);
  assert.equal(m.grpc_req_duration.count, helloCalls + streams);

  assert.equal(m.grpc_streams.count, streams);
  assert.equal(m.grpc_streams_msgs_received.count, served.counts.streamMessagesSent);
  assert.equal(m['grpc_streams_msgs_received{name:/stampede.test.Greeter/Count}'].count, 3 * ITERATIONS);
  assert.equal(m.grpc_streams_msgs_sent.count, 6 * ITERATIONS);
  assert.equal(served.counts.streamMessagesReceived, 5 * ITERATIONS);
});

test('mistakes give clear errors: invoke before connect, refused port, unknown method and field, load outside init', { timeout: 90_000 }, async () => {
  const refused = await refusedPort();
  const before = served.counts.calls.get('Hello') ?? 0;
  const script = path.join(dir, 'errors.js');
  await writeFile(script, `import grpc from 'k6/net/grpc';
import { check } from 'k6';
export const options = { iterations: 1 };
const client = new grpc.Client();
client.load(['protos'], 'greeter.proto');

function errorOf(fn) {
  try { fn(); } catch (e) { return String(e && e.message ? e.message : e); }
  return 'no error';
}

export default function () {
  const beforeConnect = errorOf(() => client.invoke('stampede.test.Greeter/Hello', { name: 'x' }));
  const refused = errorOf(() => client.connect('127.0.0.1:${refused}', { plaintext: true, timeout: '5s' }));
  client.connect('${served.address}', { plaintext: true });
  const unknownMethod = errorOf(() => client.invoke('stampede.test.Greeter/Nope', { name: 'x' }));
  const unknownField = errorOf(() => client.invoke('stampede.test.Greeter/Hello', { nmae: 'x' }));
  const loadLate = errorOf(() => client.load([], 'protos/greeter.proto'));
  console.log('ERRORS ' + JSON.stringify({ beforeConnect, refused, unknownMethod, unknownField, loadLate }));
  check(null, {
    'invoke before connect': () => beforeConnect.includes('no gRPC connection, you must call connect first'),
    'refused port': () => refused.includes('dial tcp 127.0.0.1:${refused}: connect: connection refused'),
    'unknown method': () => unknownMethod.includes('method "/stampede.test.Greeter/Nope" not found in file descriptors'),
    'unknown field': () => unknownField.includes('unknown field "nmae" in message stampede.test.HelloRequest'),
    'load outside init': () => loadLate.includes('init context'),
  });
  client.close();
}
`);
  const exported = path.join(dir, 'errors-summary.json');
  const r = await stampede(['run', '--summary-export', exported, script], { timeoutMs: 80_000 });
  assert.equal(r.code, 0, `stdout:${r.stdout}\nstderr:${r.stderr}`);
  const m = JSON.parse(await readFile(exported, 'utf8')).metrics;
  assert.equal(m.checks.fails, 0, r.stdout + r.stderr);
  assert.equal(m.checks.passes, 5);
  assert.equal(served.counts.calls.get('Hello') ?? 0, before, 'no invalid call reached the server');
  assert.equal(m.grpc_req_duration, undefined, 'invalid calls emit no samples');

  // uncaught: the iteration fails with the message, the run goes on
  const uncaught = path.join(dir, 'uncaught.js');
  await writeFile(uncaught, `import grpc from 'k6/net/grpc';
export const options = { iterations: 1 };
const client = new grpc.Client();
export default function () {
  client.connect('127.0.0.1:${refused}', { plaintext: true });
}
`);
  const u = await stampede(['run', uncaught], { timeoutMs: 60_000 });
  assert.equal(u.code, 0, u.stderr);
  assert.match(u.stdout + u.stderr, /connection error: desc = "transport: error while dialing: dial tcp 127\.0\.0\.1:\d+: connect: connection refused"/);
});
