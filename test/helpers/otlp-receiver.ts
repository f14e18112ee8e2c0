/**
 * A real OTLP metrics receiver on 127.0.0.1 for integration tests, since
 * Debian packages no OpenTelemetry Collector: an HTTP server taking
 * `POST /v1/metrics` (application/x-protobuf, gzip or not) and a gRPC
 * server (@grpc/grpc-js) implementing
 * opentelemetry.proto.collector.metrics.v1.MetricsService/Export. Both
 * decode ExportMetricsServiceRequest with protobufjs and keep every data
 * point (and each request's headers) for assertions. With `tls`, both
 * servers speak TLS and require a client certificate signed by `tls.ca`.
 *
 * The installed @opentelemetry/otlp-transformer (0.301) ships neither .proto
 * files nor a request decoder, only a hand-written serializer that lists the
 * field numbers it writes; the schema below declares the subset of
 * opentelemetry/proto/{collector/metrics,metrics,common,resource}/v1 we
 * assert on, with those numbers. Unknown fields are skipped by protobufjs.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';

const OTLP_METRICS_SCHEMA = `
syntax = "proto3";
package otlp;
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
enum AggregationTemporality { AGGREGATION_TEMPORALITY_UNSPECIFIED = 0; AGGREGATION_TEMPORALITY_DELTA = 1; AGGREGATION_TEMPORALITY_CUMULATIVE = 2; }
message NumberDataPoint {
  repeated KeyValue attributes = 7;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  oneof value { double as_double = 4; sfixed64 as_int = 6; }
  uint32 flags = 8;
}
message HistogramDataPoint {
  repeated KeyValue attributes = 9;
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  fixed64 count = 4;
  optional double sum = 5;
  repeated fixed64 bucket_counts = 6;
  repeated double explicit_bounds = 7;
  uint32 flags = 10;
  optional double min = 11;
  optional double max = 12;
}
message Gauge { repeated NumberDataPoint data_points = 1; }
message Sum { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3; }
message Histogram { repeated HistogramDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; }
message Metric {
  string name = 1;
  string description = 2;
  string unit = 3;
  oneof data { Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; }
}
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; string schema_url = 3; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; string schema_url = 3; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
`;

const REQUEST_TYPE = protobuf.parse(OTLP_METRICS_SCHEMA, { keepCase: true }).root.lookupType('otlp.ExportMetricsServiceRequest');
const EXPORT_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** One data point as received, with what it belongs to. */
export interface ReceivedPoint {
  transport: 'http' | 'grpc';
  /** the position of its request among all received, from 0 */
  request: number;
  resource: Attributes;
  scope: string;
  metric: string;
  unit: string;
  kind: 'gauge' | 'sum' | 'histogram';
  temporality?: 'delta' | 'cumulative';
  monotonic?: boolean;
  attributes: Attributes;
  /** gauge and sum points */
  value?: number;
  /** histogram points */
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
}

export interface ReceiverTls {
  /** PEM texts */
  key: string;
  cert: string;
  /** the CA that client certificates must be signed by */
  ca: string;
}

export interface OtlpReceiver {
  /** host:port of the HTTP server (K6_OTEL_HTTP_EXPORTER_ENDPOINT) */
  httpEndpoint: string;
  /** host:port of the gRPC server (K6_OTEL_GRPC_EXPORTER_ENDPOINT) */
  grpcEndpoint: string;
  /** every data point received, in arrival order */
  points: ReceivedPoint[];
  /** export requests received so far, by transport */
  requests: { http: number; grpc: number };
  /** each request's headers (HTTP) or metadata (gRPC), lower-case names */
  headers: Record<string, string>[];
  /** the last point of each attribute set of `metric` (with cumulative temporality: the totals) */
  latest(metric: string): ReceivedPoint[];
  /** metric names received */
  metricNames(): Set<string>;
  close(): Promise<void>;
}

/** A decoded AnyValue as a plain value (arrays and lists as JSON text). */
function plainValue(v: Record<string, unknown> | undefined): AttributeValue {
  if (!v) return '';
  if (v.string_value !== undefined) return v.string_value as string;
  if (v.bool_value !== undefined) return v.bool_value as boolean;
  if (v.int_value !== undefined) return Number(v.int_value);
  if (v.double_value !== undefined) return v.double_value as number;
  return JSON.stringify(v);
}

function attributesOf(list: unknown): Attributes {
  const out: Attributes = {};
  for (const kv of (list as { key: string; value?: Record<string, unknown> }[] | undefined) ?? []) out[kv.key] = plainValue(kv.value);
  return out;
}

function temporalityOf(t: unknown): 'delta' | 'cumulative' | undefined {
  return t === 'AGGREGATION_TEMPORALITY_DELTA' ? 'delta' : t === 'AGGREGATION_TEMPORALITY_CUMULATIVE' ? 'cumulative' : undefined;
}

/** Decodes one ExportMetricsServiceRequest into flat data points. */
export function decodeExportRequest(body: Uint8Array, transport: 'http' | 'grpc', request: number): ReceivedPoint[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const msg = REQUEST_TYPE.toObject(REQUEST_TYPE.decode(body), { longs: Number, enums: String, defaults: false }) as any;
  const out: ReceivedPoint[] = [];
  for (const rm of msg.resource_metrics ?? []) {
    const resource = attributesOf(rm.resource?.attributes);
    for (const sm of rm.scope_metrics ?? []) {
      const scope = sm.scope?.name ?? '';
      for (const m of sm.metrics ?? []) {
        const base = { transport, request, resource, scope, metric: m.name as string, unit: (m.unit ?? '') as string };
        if (m.gauge || m.sum) {
          const data = m.gauge ?? m.sum;
          for (const p of data.data_points ?? []) {
            out.push({
              ...base,
              kind: m.gauge ? 'gauge' : 'sum',
              temporality: temporalityOf(data.aggregation_temporality),
              monotonic: m.sum ? Boolean(m.sum.is_monotonic) : undefined,
              attributes: attributesOf(p.attributes),
              value: p.as_double ?? (p.as_int !== undefined ? Number(p.as_int) : 0),
            });
          }
        } else if (m.histogram) {
          for (const p of m.histogram.data_points ?? []) {
            out.push({
              ...base,
              kind: 'histogram',
              temporality: temporalityOf(m.histogram.aggregation_temporality),
              attributes: attributesOf(p.attributes),
              count: Number(p.count ?? 0),
              sum: p.sum,
              min: p.min,
              max: p.max,
              bucketCounts: (p.bucket_counts ?? []).map(Number),
              explicitBounds: p.explicit_bounds ?? [],
            });
          }
        }
      }
    }
  }
  return out;
}

function attributeKey(a: Attributes): string {
  return JSON.stringify(Object.keys(a).sort().map((k) => [k, a[k]]));
}

/** Starts both servers on ephemeral 127.0.0.1 ports. */
export async function startOtlpReceiver(opts: { tls?: ReceiverTls } = {}): Promise<OtlpReceiver> {
  const points: ReceivedPoint[] = [];
  const requests = { http: 0, grpc: 0 };
  const headers: Record<string, string>[] = [];
  let seq = 0;
  const take = (body: Uint8Array, transport: 'http' | 'grpc', meta: Record<string, string>) => {
    const decoded = decodeExportRequest(body, transport, seq++);
    requests[transport]++;
    headers.push(meta);
    points.push(...decoded);
  };

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/v1/metrics') {
        res.statusCode = 404;
        res.end();
        return;
      }
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
        if (!String(req.headers['content-type']).startsWith('application/x-protobuf')) throw new Error(`unexpected content-type ${req.headers['content-type']}`);
        take(body, 'http', Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));
        res.setHeader('content-type', 'application/x-protobuf');
        res.end(); // an empty ExportMetricsServiceResponse: everything accepted
      } catch (err) {
        res.statusCode = 400;
        res.end(String(err));
      }
    });
  };
  const tls = opts.tls;
  const httpServer = tls
    ? https.createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: true }, handler)
    : http.createServer(handler);
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const httpPort = (httpServer.address() as AddressInfo).port;

  const grpcServer = new grpc.Server();
  const identity = (b: Buffer) => b;
  grpcServer.addService({
    Export: {
      path: EXPORT_PATH,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  }, {
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      try {
        const meta: Record<string, string> = {};
        for (const [k, v] of Object.entries(call.metadata.getMap())) meta[k] = String(v);
        take(call.request, 'grpc', meta);
        callback(null, Buffer.alloc(0));
      } catch (err) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: String(err) });
      }
    },
  });
  const grpcPort = await new Promise<number>((resolve, reject) => {
    const credentials = tls
      ? grpc.ServerCredentials.createSsl(Buffer.from(tls.ca), [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }], true)
      : grpc.ServerCredentials.createInsecure();
    grpcServer.bindAsync('127.0.0.1:0', credentials, (err, port) => (err ? reject(err) : resolve(port)));
  });

  return {
    httpEndpoint: `127.0.0.1:${httpPort}`,
    grpcEndpoint: `127.0.0.1:${grpcPort}`,
    points,
    requests,
    headers,
    latest(metric) {
      const last = new Map<string, ReceivedPoint>();
      for (const p of points) if (p.metric === metric) last.set(attributeKey(p.attributes), p);
      return [...last.values()];
    },
    metricNames: () => new Set(points.map((p) => p.metric)),
    close: async () => {
      grpcServer.forceShutdown();
      await new Promise<void>((r) => { httpServer.closeAllConnections(); httpServer.close(() => r()); });
    },
  };
}
