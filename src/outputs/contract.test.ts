/**
 * The contract every output keeps (DESIGN.md, Tests: one contract test
 * each implementation runs):
 *
 * - it starts, and takes every batch at once (write never blocks);
 * - what it holds for its next push is delivered when it is stopped (the
 *   push intervals here are an hour, so everything goes at stop);
 * - what the backend took is what it counts as sent, nothing dropped;
 * - a second stop() waits for the first and changes nothing;
 * - with its backend away it never fails the run: what it could not deliver
 *   is dropped and counted (every sample is either sent or dropped), and the
 *   run's report (OutputSet) carries that count and the last error.
 *
 * Each output runs it against an in-process peer on 127.0.0.1: an HTTP
 * server answering as InfluxDB 1.x or a remote-write endpoint does, the
 * OTLP receiver of the integration tests, a UDP socket, a file. "Away" is a
 * port nothing listens on, or /dev/full for a file. The integration tests
 * (test/outputs-*.test.ts) run the same outputs against the real InfluxDB
 * and Prometheus.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSink, tagKey, type MetricBatch, type MetricDefinition, type RawPoint, type SeriesState } from '../metrics/index.ts';
import { startOtlpReceiver } from '../../test/helpers/otlp-receiver.ts';
import { OutputSet } from './output-set.ts';
import { loadOutputFactory, OUTPUT_NAMES } from './registry.ts';
import type { OutputBatch, OutputContext } from './types.ts';
import { decodeWriteBody } from './prometheus-rw/write-request.ts';

// ---------------------------------------------------------------- the samples

const DEFINITIONS: MetricDefinition[] = [
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'http_req_duration', type: 'trend', contains: 'time' },
  { name: 'vus', type: 'gauge', contains: 'default' },
  { name: 'checks', type: 'rate', contains: 'default' },
];
const TYPES = new Map(DEFINITIONS.map((d) => [d.name, d.type]));

/** Batches as the aggregator merges them: raw points, and the same samples as series deltas. */
function makeBatches(count: number, requestsPerBatch: number): MetricBatch[] {
  const start = Date.now() - 60_000;
  const batches: MetricBatch[] = [];
  for (let b = 0; b < count; b++) {
    const time = start + b * 100;
    const points: RawPoint[] = [];
    for (let i = 0; i < requestsPerBatch; i++) {
      const t = time + i;
      const req = { method: 'GET', status: i % 3 === 0 ? '500' : '200', name: 'http://127.0.0.1/items', url: 'http://127.0.0.1/items', scenario: 'default', vu: String(1 + (i % 4)), iter: String(b) };
      points.push({ metric: 'http_reqs', tags: req, value: 1, time: t });
      points.push({ metric: 'http_req_duration', tags: req, value: 5 + ((b * 7 + i * 13) % 90) / 3, time: t });
      points.push({ metric: 'checks', tags: { check: 'status is 200', scenario: 'default' }, value: i % 3 === 0 ? 0 : 1, time: t });
    }
    points.push({ metric: 'vus', tags: {}, value: 4, time });
    batches.push({ definitions: b === 0 ? DEFINITIONS : [], points, series: seriesOf(points), time: time + requestsPerBatch });
  }
  return batches;
}

function seriesOf(points: readonly RawPoint[]): SeriesState[] {
  const series = new Map<string, { metric: string; tags: RawPoint['tags']; sink: ReturnType<typeof createSink> }>();
  for (const p of points) {
    const key = `${p.metric}\u0000${tagKey(p.tags)}`;
    let s = series.get(key);
    if (!s) series.set(key, s = { metric: p.metric, tags: p.tags, sink: createSink(TYPES.get(p.metric)!) });
    s.sink.add(p.value, p.time);
  }
  return [...series.values()].map((s) => ({ metric: s.metric, tags: s.tags, sink: s.sink.toState() }));
}

const BATCHES = makeBatches(6, 25);
const SAMPLES = BATCHES.reduce((n, b) => n + b.points!.length, 0);

/** The batches as OutputSet hands them to an output: every definition so far, points, series. */
function outputBatches(batches: readonly MetricBatch[]): OutputBatch[] {
  const definitions = new Map<string, MetricDefinition>();
  return batches.map((b) => {
    for (const d of b.definitions) definitions.set(d.name, d);
    return { definitions, points: b.points ?? [], series: b.series, time: b.time };
  });
}

// ---------------------------------------------------------------- the peers

interface Peer {
  /** what follows `name=` in --out */
  arg: string;
  env: Record<string, string>;
  /** what the backend has taken: samples (outputs of raw points) or series points (aggregating outputs) */
  received(): Promise<number>;
  close(): Promise<void>;
}

interface Subject {
  /** as --out spells it */
  name: string;
  /** true: it writes every raw sample, and `sent` counts samples; false: it sends series points */
  needsPoints: boolean;
  /** true: it holds samples until its push interval (an hour here), so nothing arrives before stop() */
  periodic: boolean;
  /** UDP: a datagram the kernel took counts as sent even when nothing listens */
  blind?: boolean;
  /** why the contract cannot run here, if it cannot */
  skip?: string;
  up(): Promise<Peer>;
  down(): Promise<Peer>;
}

/** A 127.0.0.1 port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** An HTTP peer: `handle` gets each request's body and answers with a status. */
async function httpPeer(handle: (req: http.IncomingMessage, body: Buffer) => number | { status: number; body: string }): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = handle(req, Buffer.concat(chunks));
      const { status, body } = typeof answer === 'number' ? { status: answer, body: '' } : answer;
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function filePeer(name: string, count: (text: string) => number): Promise<Peer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-contract-'));
  const file = path.join(dir, name);
  return {
    arg: file,
    env: { K6_CSV_SAVE_INTERVAL: '1h' },
    received: async () => (existsSync(file) ? count(await readFile(file, 'utf8')) : 0),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** /dev/full takes the open and refuses every write (ENOSPC): a disk that is full. */
const fullDisk = async (): Promise<Peer> => ({ arg: '/dev/full', env: { K6_CSV_SAVE_INTERVAL: '1h' }, received: async () => 0, close: async () => {} });
const noFullDisk = existsSync('/dev/full') ? undefined : 'no /dev/full on this system to stand for a full disk';

const SUBJECTS: Subject[] = [
  {
    name: 'json',
    needsPoints: true,
    periodic: false,
    skip: noFullDisk,
    up: () => filePeer('out.json', (text) => text.split('\n').filter((l) => l.startsWith('{"type":"Point"')).length),
    down: fullDisk,
  },
  {
    name: 'csv',
    needsPoints: true,
    periodic: true,
    skip: noFullDisk,
    up: () => filePeer('out.csv', (text) => Math.max(0, text.split('\n').filter((l) => l !== '').length - 1)),
    down: fullDisk,
  },
  {
    name: 'influxdb',
    needsPoints: true,
    periodic: true,
    async up() {
      let lines = 0;
      const server = await httpPeer((req, body) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/query') return { status: 200, body: '{"results":[{"statement_id":0}]}' };
        if (url.pathname !== '/write' || url.searchParams.get('db') !== 'k6') return { status: 404, body: '{"error":"database not found: \\"x\\""}' };
        lines += body.toString('utf8').split('\n').filter((l) => l !== '').length;
        return 204;
      });
      return { arg: `http://127.0.0.1:${server.port}/k6`, env: { K6_INFLUXDB_PUSH_INTERVAL: '1h' }, received: async () => lines, close: server.close };
    },
    async down() {
      return { arg: `http://127.0.0.1:${await closedPort()}/k6`, env: { K6_INFLUXDB_PUSH_INTERVAL: '100ms' }, received: async () => 0, close: async () => {} };
    },
  },
  {
    name: 'experimental-prometheus-rw',
    needsPoints: false,
    periodic: true,
    async up() {
      let points = 0;
      const server = await httpPeer((req, body) => {
        if (req.url !== '/api/v1/write' || req.headers['content-encoding'] !== 'snappy') return 400;
        for (const ts of decodeWriteBody(body)) points += ts.samples.length + ts.histograms.length;
        return 204;
      });
      return {
        arg: `http://127.0.0.1:${server.port}/api/v1/write`,
        // stale markers too: they go at stop, and must go once
        env: { K6_PROMETHEUS_RW_PUSH_INTERVAL: '1h', K6_PROMETHEUS_RW_STALE_MARKERS: 'true', K6_PROMETHEUS_RW_TREND_STATS: 'p(95),count' },
        received: async () => points,
        close: server.close,
      };
    },
    async down() {
      return { arg: `http://127.0.0.1:${await closedPort()}/api/v1/write`, env: { K6_PROMETHEUS_RW_PUSH_INTERVAL: '100ms' }, received: async () => 0, close: async () => {} };
    },
  },
  {
    name: 'opentelemetry',
    needsPoints: false,
    periodic: true,
    async up() {
      const receiver = await startOtlpReceiver();
      return {
        arg: '',
        env: {
          K6_OTEL_EXPORTER_PROTOCOL: 'http/protobuf', K6_OTEL_HTTP_EXPORTER_ENDPOINT: receiver.httpEndpoint, K6_OTEL_HTTP_EXPORTER_INSECURE: 'true',
          K6_OTEL_EXPORT_INTERVAL: '1h', K6_OTEL_FLUSH_INTERVAL: '1h',
        },
        received: async () => receiver.points.length,
        close: receiver.close,
      };
    },
    async down() {
      return {
        arg: '',
        env: {
          K6_OTEL_EXPORTER_PROTOCOL: 'http/protobuf', K6_OTEL_HTTP_EXPORTER_ENDPOINT: `127.0.0.1:${await closedPort()}`, K6_OTEL_HTTP_EXPORTER_INSECURE: 'true',
          K6_OTEL_EXPORT_INTERVAL: '1h', K6_OTEL_FLUSH_INTERVAL: '50ms', OTEL_EXPORTER_OTLP_TIMEOUT: '500',
        },
        received: async () => 0,
        close: async () => {},
      };
    },
  },
  {
    name: 'statsd',
    needsPoints: true,
    periodic: true,
    blind: true,
    async up() {
      const socket = dgram.createSocket('udp4');
      let lines = 0;
      socket.on('message', (msg) => { lines += msg.toString('utf8').split('\n').filter((l) => l !== '').length; });
      await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
      return {
        arg: `127.0.0.1:${socket.address().port}`,
        env: { K6_STATSD_PUSH_INTERVAL: '1h' },
        received: async () => lines,
        close: () => new Promise<void>((r) => socket.close(() => r())),
      };
    },
    async down() {
      // UDP: nothing listens, so the kernel reports "port unreachable" on the next send
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
      const port = socket.address().port;
      await new Promise<void>((r) => socket.close(() => r()));
      return { arg: `127.0.0.1:${port}`, env: { K6_STATSD_PUSH_INTERVAL: '50ms', K6_STATSD_BUFFER_SIZE: '5' }, received: async () => 0, close: async () => {} };
    },
  },
];

// ---------------------------------------------------------------- the contract

function context(peer: Peer, logs: string[]): Omit<OutputContext, 'arg'> {
  return {
    env: peer.env,
    testStart: Date.now(),
    systemTags: ['check', 'error', 'error_code', 'expected_response', 'group', 'method', 'name', 'proto', 'scenario', 'service', 'status', 'subproto', 'tls_version', 'url', 'vu', 'iter'],
    thresholds: {},
    log: (level, line) => logs.push(`${level} ${line}`),
  };
}

/** Polls `read` until it returns `want` or a second has passed (UDP datagrams arrive after the send returns). */
async function eventually(read: () => Promise<number>, want: number): Promise<number> {
  const end = performance.now() + 1000;
  let got = await read();
  while (got !== want && performance.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    got = await read();
  }
  return got;
}

test('the contract covers every output --out accepts', () => {
  const aliases: Record<string, string> = { 'experimental-opentelemetry': 'opentelemetry', datadog: 'statsd' };
  assert.deepEqual([...new Set(OUTPUT_NAMES.map((n) => aliases[n] ?? n))].sort(), SUBJECTS.map((s) => s.name).sort());
});

for (const subject of SUBJECTS) {
  describe(`output contract: ${subject.name}`, { skip: subject.skip }, () => {
    test('starts, takes every batch, delivers everything when stopped; a second stop changes nothing', { timeout: 30_000 }, async () => {
      const peer = await subject.up();
      const logs: string[] = [];
      try {
        const factory = await loadOutputFactory(subject.name);
        const output = await factory({ ...context(peer, logs), arg: peer.arg });
        assert.equal(output.needsPoints, subject.needsPoints);
        assert.ok(output.description.length > 0);
        await output.start();
        for (const batch of outputBatches(BATCHES)) output.write(batch);
        if (subject.periodic) assert.equal(await peer.received(), 0, 'nothing goes before the push interval');

        await output.stop();
        const stats = output.stats();
        assert.equal(stats.dropped, 0, `nothing dropped (${stats.lastError}; ${logs.join(' | ')})`);
        assert.equal(stats.lastError, undefined);
        if (subject.needsPoints) assert.equal(stats.sent, SAMPLES, 'every sample sent');
        else assert.ok(stats.sent > 0, 'series points sent');
        assert.equal(await eventually(peer.received, stats.sent), stats.sent, 'what the backend took is what the output counts as sent');

        await output.stop();
        assert.deepEqual(output.stats(), stats, 'a second stop() changes nothing');
        assert.equal(await peer.received(), stats.sent, 'and sends nothing again');
        assert.deepEqual(logs.filter((l) => !l.startsWith('info')), [], 'no warning or error with a healthy backend');
      } finally {
        await peer.close();
      }
    });

    test("a backend that is away: samples dropped and counted in the run's report, the run goes on", { timeout: 30_000 }, async () => {
      const peer = await subject.down();
      const logs: string[] = [];
      try {
        const set = await OutputSet.create([{ name: subject.name, arg: peer.arg }], context(peer, logs));
        for (const batch of BATCHES) set.write(batch);
        // long enough for a push to fail and the output to know its backend is away
        await new Promise((r) => setTimeout(r, 300));
        const reports = await set.stop();
        assert.equal(reports.length, 1);
        const [report] = reports;
        assert.ok(report.dropped > 0, `dropped samples are counted (${JSON.stringify(report)})`);
        assert.ok(report.lastError, 'with the reason');
        if (subject.needsPoints) assert.equal(report.sent + report.dropped, SAMPLES, 'every sample is either sent or dropped');
        if (!subject.blind) assert.equal(report.sent, 0);
        assert.equal(await peer.received(), 0);
        assert.deepEqual(await set.stop(), reports, 'stopping the run again reports the same');
      } finally {
        await peer.close();
      }
    });
  });
}
