/**
 * k6/net/grpc against a real grpc-js server on 127.0.0.1: unary calls and
 * server-, client- and bidi-streaming in k6's synchronous style; the
 * tool's grpc_* metrics are compared with what the server counted, and the
 * usual mistakes (unknown method, refused port, invoke before connect,
 * load outside init) give clear errors. connect({ reflect: true }) is run
 * against servers that also serve a reflection service written here
 * (v1, or v1alpha only), and against one without reflection.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type MessageTypeDefinition } from '@grpc/proto-loader';
import { stampede, scriptDir } from './helpers/cli.ts';
import { freePort } from './helpers/target.ts';

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

/** The reflection messages this test's server answers with (field numbers of the public reflection.proto). */
const reflectionProto = (pkg: string) => `syntax = "proto3";
package ${pkg};
message ServerReflectionRequest {
  string host = 1;
  oneof message_request { string file_by_filename = 3; string file_containing_symbol = 4; string list_services = 7; }
}
message FileDescriptorResponse { repeated bytes file_descriptor_proto = 1; }
message ServiceResponse { string name = 1; }
message ListServiceResponse { repeated ServiceResponse service = 1; }
message ErrorResponse { int32 error_code = 1; string error_message = 2; }
message ServerReflectionResponse {
  string valid_host = 1;
  ServerReflectionRequest original_request = 2;
  oneof message_response { FileDescriptorResponse file_descriptor_response = 4; ListServiceResponse list_services_response = 6; ErrorResponse error_response = 7; }
}
service ServerReflection { rpc ServerReflectionInfo(stream ServerReflectionRequest) returns (stream ServerReflectionResponse); }
`;

/** The parts of google/protobuf/descriptor.proto's FileDescriptorProto the reflection server reads and adds. */
const DESCRIPTOR_LITE = `syntax = "proto3";
package lite;
message ServiceLite { string name = 1; }
message FileLite { string name = 1; string package = 2; repeated string dependency = 3; repeated ServiceLite service = 6; }
`;

type ReflectionVersion = 'v1' | 'v1alpha';

/**
 * A reflection service over the Greeter's file descriptors (as proto-loader
 * serializes them, with the dependency on the well-known types' file added):
 * file_containing_symbol answers with the declaring file only, so the client
 * must ask for its import by file name. Logs each request it answers.
 */
function reflectionService(protoDir: string, greeterFile: string, version: ReflectionVersion, log: string[]) {
  const rdef = loadSync(path.join(protoDir, `reflection-${version}.proto`), { keepCase: true, oneofs: true });
  const service = (rdef[`grpc.reflection.${version}.ServerReflection`] as unknown) as grpc.ServiceDefinition;
  const lite = loadSync(path.join(protoDir, 'descriptor-lite.proto'), { keepCase: true })['lite.FileLite'] as MessageTypeDefinition<Any, Any>;
  const greeter = loadSync(greeterFile, { keepCase: true });
  const files = new Map<string, Buffer>();
  const symbols = new Map<string, string>();
  const raw = (greeter['stampede.test.HelloRequest'] as MessageTypeDefinition<Any, Any>).fileDescriptorProtos;
  const wkt = raw.map((b) => lite.deserialize(b) as Any).find((f) => f.package === 'google.protobuf');
  for (const bytes of raw) {
    const f = lite.deserialize(bytes) as Any;
    const name = String(f.name);
    const extra = f.package !== 'google.protobuf' && wkt !== undefined ? lite.serialize({ dependency: [wkt.name] }) : Buffer.alloc(0);
    files.set(name, Buffer.concat([bytes, extra])); // appended fields merge: the dependency is added
    for (const s of (f.service ?? []) as Any[]) symbols.set(`${String(f.package)}.${String(s.name)}`, name);
  }
  const fileAnswer = (name: string | undefined, what: string): Any => {
    const bytes = name === undefined ? undefined : files.get(name);
    if (bytes === undefined) return { error_response: { error_code: grpc.status.NOT_FOUND, error_message: `${what} not found` } };
    return { file_descriptor_response: { file_descriptor_proto: [bytes] } };
  };
  const impl = {
    ServerReflectionInfo(call: grpc.ServerDuplexStream<Any, Any>) {
      const md = call.metadata.get('x-reflect');
      call.on('data', (req: Any) => {
        const kind = String(req.message_request);
        const arg = String(req[kind]);
        log.push(`${kind}:${arg}${md.length > 0 ? ` md=${String(md[0])}` : ''}`);
        if (kind === 'list_services') {
          const names = [...symbols.keys(), `grpc.reflection.${version}.ServerReflection`];
          call.write({ list_services_response: { service: names.map((name) => ({ name })) } });
        } else if (kind === 'file_containing_symbol') call.write(fileAnswer(symbols.get(arg), `symbol ${arg}`));
        else if (kind === 'file_by_filename') call.write(fileAnswer(arg, `file ${arg}`));
        else call.write({ error_response: { error_code: grpc.status.UNIMPLEMENTED, error_message: `${kind} is not supported` } });
      });
      call.on('end', () => call.end());
    },
  };
  return { service, impl };
}

interface Counts { calls: Map<string, number>; streamMessagesSent: number; streamMessagesReceived: number }

interface Served { address: string; counts: Counts; reflection: string[]; close(): Promise<void> }

type Any = Record<string, unknown>;

/** A Greeter server: counts calls per method and the messages its streams sent and received; serves reflection when asked. */
async function startServer(protoFile: string, reflection?: ReflectionVersion): Promise<Served> {
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
  const reflected: string[] = [];
  if (reflection !== undefined) {
    const r = reflectionService(path.dirname(protoFile), protoFile, reflection, reflected);
    server.addService(r.service, r.impl);
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return {
    address: `127.0.0.1:${port}`,
    counts,
    reflection: reflected,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

let dir: string;
let served: Served;

before(async () => {
  dir = await scriptDir({
    'protos/greeter.proto': PROTO,
    'protos/reflection-v1.proto': reflectionProto('grpc.reflection.v1'),
    'protos/reflection-v1alpha.proto': reflectionProto('grpc.reflection.v1alpha'),
    'protos/descriptor-lite.proto': DESCRIPTOR_LITE,
  });
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
  const refused = await freePort();
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

const REFLECT_ITERATIONS = 4;

test('connect with reflect: true: methods come from the server (v1, and v1alpha as fallback), no load() needed', { timeout: 90_000 }, async () => {
  const protoFile = path.join(dir, 'protos', 'greeter.proto');
  const v1 = await startServer(protoFile, 'v1');
  const v1alpha = await startServer(protoFile, 'v1alpha');
  try {
    const script = path.join(dir, 'reflect.js');
    await writeFile(script, `import grpc from 'k6/net/grpc';
import { check } from 'k6';
export const options = {
  vus: 2,
  iterations: ${REFLECT_ITERATIONS},
  summaryTrendStats: ['avg', 'max', 'count'],
  thresholds: { 'grpc_req_duration{method:Count}': ['max>=0'] },
};
const client = new grpc.Client();
const legacy = new grpc.Client();

export default function () {
  if (__ITER === 0) {
    client.connect('${v1.address}', { plaintext: true, reflect: true, reflectMetadata: { 'x-reflect': 'vu' + __VU } });
    legacy.connect('${v1alpha.address}', { plaintext: true, reflect: true, timeout: '10s' });
  }
  const res = client.invoke('stampede.test.Greeter/Hello', { name: 'reflected', user_id: 3, extras: { wait: '2s', nickname: 'r' } });
  check(res, {
    'reflected unary OK': (r) => r.status === grpc.StatusOK && r.message.greeting === 'Hello reflected (user 3)',
    'reflected int64 as string': (r) => typeof r.message.callNumber === 'string',
    'reflected timestamp': (r) => r.message.at === '2023-11-14T22:13:20.500Z',
    'reflected well-known types': (r) => r.message.extras.wait === '2s' && r.message.extras.nickname === 'r',
  });

  const count = new grpc.Stream(client, 'stampede.test.Greeter/Count');
  let got = 0;
  count.on('data', (m) => { got += m.i; });
  count.on('end', () => { check(got, { 'reflected server stream delivered 1+2+3+4': (g) => g === 10 }); });
  count.write({ n: 4 });

  const old = legacy.invoke('stampede.test.Greeter/Hello', { name: 'alpha' });
  check(old, { 'v1alpha reflection': (r) => r.status === grpc.StatusOK && r.message.greeting === 'Hello alpha (user 0)' });
}
`);
    const exported = path.join(dir, 'reflect-summary.json');
    const r = await stampede(['run', '--summary-export', exported, script], { timeoutMs: 80_000 });
    assert.equal(r.code, 0, `stdout:${r.stdout}\nstderr:${r.stderr}`);
    const m = JSON.parse(await readFile(exported, 'utf8')).metrics;
    assert.ok(m.checks, `no checks ran\nstdout:${r.stdout}\nstderr:${r.stderr}`);
    assert.equal(m.checks.fails, 0, r.stdout + r.stderr);
    assert.equal(m.checks.passes, 6 * REFLECT_ITERATIONS);

    assert.equal(v1.counts.calls.get('Hello'), REFLECT_ITERATIONS);
    assert.equal(v1.counts.calls.get('Count'), REFLECT_ITERATIONS);
    assert.equal(v1.counts.streamMessagesSent, 4 * REFLECT_ITERATIONS);
    assert.equal(v1alpha.counts.calls.get('Hello'), REFLECT_ITERATIONS);
    assert.equal(v1alpha.counts.calls.get('Count'), undefined);

    // each VU connected once: list the services, get the Greeter's file, then the file it imports
    const perVu = (md: string) => ['list_services:', 'file_containing_symbol:stampede.test.Greeter', 'file_by_filename:google_protobuf.proto'].map((x) => x + md);
    assert.deepEqual([...v1.reflection].sort(), [...perVu(' md=vu1'), ...perVu(' md=vu2')].sort());
    assert.deepEqual([...v1alpha.reflection].sort(), [...perVu(''), ...perVu('')].sort());

    // the reflection streams are no samples: one grpc_req_duration per unary call and per stream
    assert.equal(m.grpc_req_duration.count, 3 * REFLECT_ITERATIONS);
    assert.equal(m['grpc_req_duration{method:Count}'].count, REFLECT_ITERATIONS);
    assert.equal(m.grpc_streams.count, REFLECT_ITERATIONS);
    assert.equal(m.grpc_streams_msgs_received.count, 4 * REFLECT_ITERATIONS);
  } finally {
    await v1.close();
    await v1alpha.close();
  }
});

test('connect with reflect: true to a server without reflection fails clearly', { timeout: 90_000 }, async () => {
  const before = served.counts.calls.get('Hello') ?? 0;
  const script = path.join(dir, 'reflect-missing.js');
  await writeFile(script, `import grpc from 'k6/net/grpc';
import { check } from 'k6';
export const options = { iterations: 1 };
const client = new grpc.Client();

function errorOf(fn) {
  try { fn(); } catch (e) { return String(e && e.message ? e.message : e); }
  return 'no error';
}

export default function () {
  const reflect = errorOf(() => client.connect('${served.address}', { plaintext: true, reflect: true }));
  const after = errorOf(() => client.invoke('stampede.test.Greeter/Hello', { name: 'x' }));
  const badMetadata = errorOf(() => client.connect('${served.address}', { plaintext: true, reflect: true, reflectMetadata: { n: 1 } }));
  console.log('ERRORS ' + JSON.stringify({ reflect, after, badMetadata }));
  check(null, {
    'names the address': () => reflect.includes('${served.address}'),
    'says reflection is not available': () => reflect.includes('reflection is not available'),
    'no connection is left behind': () => after.includes('no gRPC connection'),
    'reflectMetadata values are checked': () => badMetadata.includes('invalid reflectMetadata'),
  });
}
`);
  const exported = path.join(dir, 'reflect-missing-summary.json');
  const r = await stampede(['run', '--summary-export', exported, script], { timeoutMs: 80_000 });
  assert.equal(r.code, 0, `stdout:${r.stdout}\nstderr:${r.stderr}`);
  const m = JSON.parse(await readFile(exported, 'utf8')).metrics;
  assert.equal(m.checks.fails, 0, r.stdout + r.stderr);
  assert.equal(m.checks.passes, 4);
  assert.equal(served.counts.calls.get('Hello') ?? 0, before);
  assert.match(r.stdout + r.stderr, /server reflection is not available at 127\.0\.0\.1:\d+/);
});
