/**
 * `--out opentelemetry` against a real OTLP receiver (test/helpers/otlp-receiver.ts)
 * over both gRPC and HTTP/protobuf: what the receiver decoded must add up to
 * the end-of-test summary (http_reqs, the duration histogram's count, sum,
 * min and max, checks), carry k6's tags as attributes, the configured metric
 * prefix and service.name. Over TLS the CA, the client certificate and
 * K6_OTEL_HEADERS reach the receiver. A receiver that is not there costs a
 * `dropped` line and nothing else; a bad protocol is a config error (exit 104).
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget, freePort, type Target } from './helpers/target.ts';
import { startOtlpReceiver, type ReceivedPoint } from './helpers/otlp-receiver.ts';
import { makeTestCerts, type TestCerts } from './helpers/certs.ts';

let target: Target;
let certs: TestCerts;
before(async () => { target = await startTarget(); certs = await makeTestCerts(); });
after(async () => { await target.close(); });

const SCRIPT = `import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 2, duration: '3s' };
export default function () {
  const ok = http.get(__ENV.TARGET + '/hello');
  check(ok, { 'status is 200': (r) => r.status === 200 });
  http.get(__ENV.TARGET + '/status/404');
}
`;

async function run(env: Record<string, string>) {
  const dir = await scriptDir({ 'otel.js': SCRIPT });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--out', 'opentelemetry', '--summary-export', exported, '-e', `TARGET=${target.url}`, path.join(dir, 'otel.js')], { env, timeoutMs: 60_000 });
  const summary = JSON.parse(await readFile(exported, 'utf8').catch(() => { throw new Error(`no summary (exit ${r.code}):\n${r.stdout}${r.stderr}`); }));
  return { ...r, summary };
}

const total = (points: ReceivedPoint[], f: (p: ReceivedPoint) => number) => points.reduce((s, p) => s + f(p), 0);

for (const protocol of ['grpc', 'http/protobuf'] as const) {
  test(`${protocol}: the exported counters and histograms add up to the summary`, async () => {
    const receiver = await startOtlpReceiver();
    try {
      const before = target.total();
      const r = await run({
        K6_OTEL_EXPORTER_PROTOCOL: protocol,
        ...(protocol === 'grpc'
          ? { K6_OTEL_GRPC_EXPORTER_ENDPOINT: receiver.grpcEndpoint, K6_OTEL_GRPC_EXPORTER_INSECURE: 'true' }
          : { K6_OTEL_HTTP_EXPORTER_ENDPOINT: receiver.httpEndpoint, K6_OTEL_HTTP_EXPORTER_INSECURE: 'true' }),
        K6_OTEL_METRIC_PREFIX: 'k6_',
        K6_OTEL_SERVICE_NAME: 'checkout-load-test',
        // the SDK caps an export's timeout at the interval: the first gRPC export also connects, so give it a second on a busy machine
        K6_OTEL_EXPORT_INTERVAL: '1s',
        K6_OTEL_FLUSH_INTERVAL: '100ms',
      });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /dropped/);
      const transport = protocol === 'grpc' ? 'grpc' : 'http';
      assert.ok(receiver.requests[transport] >= 2, `periodic exports plus the last one arrived over ${transport}: ${JSON.stringify(receiver.requests)}`);
      assert.equal(receiver.requests[transport === 'grpc' ? 'http' : 'grpc'], 0);

      const reqs = summaryCount(r.summary, 'http_reqs');
      assert.ok(reqs > 10, `the run made requests (${reqs})`);
      assert.equal(reqs, target.total() - before, 'the target saw every request the summary counts');

      // http_reqs: a monotonic cumulative sum; the last point of each attribute set holds its total
      const httpReqs = receiver.latest('k6_http_reqs');
      assert.ok(httpReqs.every((p) => p.kind === 'sum' && p.monotonic && p.temporality === 'cumulative'));
      assert.equal(total(httpReqs, (p) => p.value ?? 0), reqs);
      const statuses = new Set(httpReqs.map((p) => p.attributes.status));
      assert.deepEqual([...statuses].sort(), ['200', '404']);
      for (const p of httpReqs) {
        assert.equal(p.attributes.method, 'GET');
        assert.equal(p.attributes.scenario, 'default');
        assert.match(String(p.attributes.name), new RegExp(`^${target.url}/(hello|status/404)$`));
        assert.equal(p.attributes.expected_response, p.attributes.status === '200' ? 'true' : 'false');
      }

      // http_req_duration: a histogram in ms whose count, sum, min and max are the summary's
      const durations = receiver.latest('k6_http_req_duration');
      assert.ok(durations.every((p) => p.kind === 'histogram' && p.unit === 'ms' && p.temporality === 'cumulative'));
      const count = total(durations, (p) => p.count ?? 0);
      assert.equal(count, reqs);
      assert.equal(total(durations, (p) => p.bucketCounts!.reduce((a, b) => a + b, 0)), reqs);
      const d = r.summary.metrics.http_req_duration;
      assert.ok(Math.abs(total(durations, (p) => p.sum ?? 0) / count - d.avg) <= 1e-9 * d.avg, 'exact sum');
      assert.equal(Math.min(...durations.map((p) => p.min!)), d.min);
      assert.equal(Math.max(...durations.map((p) => p.max!)), d.max);

      // checks (a Rate): one counter `.total` split by condition
      const checks = receiver.latest('k6_checks.total');
      const passes = total(checks.filter((p) => p.attributes.condition === 'nonzero'), (p) => p.value ?? 0);
      const fails = total(checks.filter((p) => p.attributes.condition === 'zero'), (p) => p.value ?? 0);
      assert.equal(passes, r.summary.metrics.checks.passes);
      assert.equal(fails, r.summary.metrics.checks.fails);
      assert.ok(checks.every((p) => p.attributes.check === 'status is 200'));

      // data metrics in bytes, the resource names the service
      assert.equal(receiver.latest('k6_data_received')[0]?.unit, 'By');
      assert.equal(total(receiver.latest('k6_iterations'), (p) => p.value ?? 0), summaryCount(r.summary, 'iterations'));
      const resource = receiver.points[0].resource;
      assert.equal(resource['service.name'], 'checkout-load-test');
      assert.ok(typeof resource['service.version'] === 'string' && resource['service.version'] !== '');
      assert.ok(receiver.points.every((p) => p.metric.startsWith('k6_')), 'every metric carries the prefix');
    } finally {
      await receiver.close();
    }
  });

  test(`${protocol}: TLS with the CA and a client certificate, and K6_OTEL_HEADERS, reach the receiver`, async () => {
    const receiver = await startOtlpReceiver({ tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.caCert } });
    try {
      const r = await run({
        K6_OTEL_EXPORTER_PROTOCOL: protocol,
        ...(protocol === 'grpc'
          ? { K6_OTEL_GRPC_EXPORTER_ENDPOINT: receiver.grpcEndpoint.replace('127.0.0.1', 'localhost') }
          : { K6_OTEL_HTTP_EXPORTER_ENDPOINT: receiver.httpEndpoint.replace('127.0.0.1', 'localhost') }),
        K6_OTEL_TLS_CERTIFICATE: certs.files.caCert,
        K6_OTEL_TLS_CLIENT_CERTIFICATE: certs.files.clientCert,
        K6_OTEL_TLS_CLIENT_KEY: certs.files.clientKey,
        K6_OTEL_HEADERS: 'authorization=Bearer%20t0ken,x-scope-orgid=perf',
      });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /dropped|opentelemetry: export/);
      assert.ok(receiver.headers.length >= 1);
      for (const h of receiver.headers) {
        assert.equal(h.authorization, 'Bearer t0ken');
        assert.equal(h['x-scope-orgid'], 'perf');
      }
      assert.equal(total(receiver.latest('http_reqs'), (p) => p.value ?? 0), summaryCount(r.summary, 'http_reqs'));
    } finally {
      await receiver.close();
    }
  });

  test(`${protocol}: a receiver that is not there costs a dropped count, not the test`, async () => {
    const port = await freePort();
    const started = Date.now();
    const r = await run({
      K6_OTEL_EXPORTER_PROTOCOL: protocol,
      ...(protocol === 'grpc'
        ? { K6_OTEL_GRPC_EXPORTER_ENDPOINT: `127.0.0.1:${port}`, K6_OTEL_GRPC_EXPORTER_INSECURE: 'true' }
        : { K6_OTEL_HTTP_EXPORTER_ENDPOINT: `127.0.0.1:${port}`, K6_OTEL_HTTP_EXPORTER_INSECURE: 'true' }),
      K6_OTEL_EXPORT_INTERVAL: '300ms',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '300',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(summaryCount(r.summary, 'http_reqs') > 0);
    const dropped = r.stderr.match(/output opentelemetry \(.*\) dropped (\d+) samples \(last error: [^\n]*(ECONNREFUSED|UNAVAILABLE)[^\n]*\); 0 were sent/);
    assert.ok(dropped, r.stderr);
    // one warning for the whole failure streak, however many exports failed
    assert.equal(r.stderr.match(/opentelemetry: export to .* failed/g)?.length, 1, r.stderr);
    assert.ok(Date.now() - started < 20_000, 'the stop does not hang on the dead receiver');
  });
}

test('an unknown exporter protocol is a config error naming the variable', async () => {
  const dir = await scriptDir({ 'otel.js': SCRIPT });
  const before = target.total();
  const r = await stampede(['run', '--out', 'experimental-opentelemetry', '-e', `TARGET=${target.url}`, path.join(dir, 'otel.js')], {
    env: { K6_OTEL_EXPORTER_PROTOCOL: 'http' },
  });
  assert.equal(r.code, 104, r.stderr);
  assert.match(r.stderr, /K6_OTEL_EXPORTER_PROTOCOL: unsupported exporter protocol "http", only "grpc" and "http\/protobuf" are supported/);
  assert.equal(target.total(), before, 'no request was made');
});

function summaryCount(summary: { metrics: Record<string, { count?: number }> }, metric: string): number {
  return summary.metrics[metric]?.count ?? 0;
}
