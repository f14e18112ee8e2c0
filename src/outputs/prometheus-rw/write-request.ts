/**
 * The remote-write wire format (Prometheus remote write 1.0): a protobuf
 * `prometheus.WriteRequest`, snappy block-compressed. The message types are
 * written out below as .proto text (the subset of prompb/types.proto and
 * remote.proto a sender needs, native histograms included) and compiled
 * once by protobufjs.
 *
 * Stale markers need one exact NaN bit pattern (0x7ff0000000000002), which
 * a JS number cannot be trusted to carry through a Float64Array. They are
 * encoded with a twin message whose sample value is a `fixed64` (the same
 * wire type as `double`) holding those bits; protobuf concatenates repeated
 * fields, so the two encodings appended form one valid WriteRequest.
 */
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import type { Label } from './naming.ts';

const PROTO = `
syntax = "proto3";
package prometheus;

message WriteRequest {
  repeated TimeSeries timeseries = 1;
}

message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
  repeated Histogram histograms = 4;
}

message Label {
  string name = 1;
  string value = 2;
}

message Sample {
  double value = 1;
  int64 timestamp = 2;
}

message BucketSpan {
  sint32 offset = 1;
  uint32 length = 2;
}

message Histogram {
  oneof count {
    uint64 count_int = 1;
    double count_float = 2;
  }
  double sum = 3;
  sint32 schema = 4;
  double zero_threshold = 5;
  oneof zero_count {
    uint64 zero_count_int = 6;
    double zero_count_float = 7;
  }
  repeated BucketSpan negative_spans = 8;
  repeated sint64 negative_deltas = 9;
  repeated double negative_counts = 10;
  repeated BucketSpan positive_spans = 11;
  repeated sint64 positive_deltas = 12;
  repeated double positive_counts = 13;
  int32 reset_hint = 14;
  int64 timestamp = 15;
}

// Wire-compatible twins for stale markers: fixed64 and double share wire type 1.
message StaleWriteRequest {
  repeated StaleTimeSeries timeseries = 1;
}

message StaleTimeSeries {
  repeated Label labels = 1;
  repeated StaleSample samples = 2;
}

message StaleSample {
  fixed64 value = 1;
  int64 timestamp = 2;
}
`;

const root = protobuf.parse(PROTO, { keepCase: false }).root;
const WriteRequest = root.lookupType('prometheus.WriteRequest');
const StaleWriteRequest = root.lookupType('prometheus.StaleWriteRequest');

/** Prometheus' stale marker: a NaN with this exact bit pattern ends a series. */
export const STALE_NAN_BITS = { high: 0x7ff00000, low: 0x00000002 } as const;

export interface BucketSpan {
  /** gap to the previous span's end (the first span: the index of its first bucket) */
  offset: number;
  length: number;
}

/** An integer native histogram, cumulative since the start. */
export interface NativeHistogram {
  count: number;
  sum: number;
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  negativeSpans: BucketSpan[];
  /** each bucket's count minus the previous bucket's (the first: minus zero) */
  negativeDeltas: number[];
  positiveSpans: BucketSpan[];
  positiveDeltas: number[];
}

/** One series and one point: a float sample, a native histogram, or a stale marker. */
export type TimeSeriesPoint =
  | { labels: Label[]; timestamp: number; kind: 'sample'; value: number }
  | { labels: Label[]; timestamp: number; kind: 'histogram'; histogram: NativeHistogram }
  | { labels: Label[]; timestamp: number; kind: 'stale' };

function histogramMessage(h: NativeHistogram, timestamp: number): Record<string, unknown> {
  return {
    countInt: h.count,
    sum: h.sum,
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCountInt: h.zeroCount,
    negativeSpans: h.negativeSpans,
    negativeDeltas: h.negativeDeltas,
    positiveSpans: h.positiveSpans,
    positiveDeltas: h.positiveDeltas,
    timestamp,
  };
}

/** The protobuf bytes of a WriteRequest holding `points` (uncompressed). */
export function encodeWriteRequest(points: readonly TimeSeriesPoint[]): Uint8Array {
  const live: Record<string, unknown>[] = [];
  const stale: Record<string, unknown>[] = [];
  for (const p of points) {
    if (p.kind === 'sample') live.push({ labels: p.labels, samples: [{ value: p.value, timestamp: p.timestamp }] });
    else if (p.kind === 'histogram') live.push({ labels: p.labels, histograms: [histogramMessage(p.histogram, p.timestamp)] });
    else stale.push({ labels: p.labels, samples: [{ value: { ...STALE_NAN_BITS, unsigned: true }, timestamp: p.timestamp }] });
  }
  const a = live.length > 0 ? WriteRequest.encode(WriteRequest.fromObject({ timeseries: live })).finish() : new Uint8Array(0);
  if (stale.length === 0) return a;
  const b = StaleWriteRequest.encode(StaleWriteRequest.fromObject({ timeseries: stale })).finish();
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** What goes over the wire: the WriteRequest, snappy block-compressed. */
export function encodeWriteBody(points: readonly TimeSeriesPoint[]): Uint8Array {
  return snappy.compress(encodeWriteRequest(points));
}

/** A decoded WriteRequest as plain objects (numbers for int64s), for tests and debugging. */
export interface DecodedTimeSeries {
  labels: Label[];
  samples: { value: number; timestamp: number; stale: boolean }[];
  histograms: (NativeHistogram & { timestamp: number })[];
}

/** Reverses encodeWriteBody: snappy, then protobuf. */
export function decodeWriteBody(body: Uint8Array): DecodedTimeSeries[] {
  const raw = snappy.uncompress(body);
  const plain = WriteRequest.toObject(WriteRequest.decode(raw), { longs: Number, defaults: true, arrays: true, oneofs: false });
  // the same bytes read through the twin type expose each sample value's bits, to tell stale markers apart
  const bits = StaleWriteRequest.toObject(StaleWriteRequest.decode(raw), { longs: String, defaults: true, arrays: true });
  const staleBits = (BigInt(STALE_NAN_BITS.high) << 32n) | BigInt(STALE_NAN_BITS.low);
  type PlainSeries = { labels: Label[]; samples: { value: number; timestamp: number }[]; histograms: Record<string, unknown>[] };
  return (plain.timeseries as PlainSeries[]).map((ts, i) => ({
    labels: ts.labels.map((l) => ({ name: l.name, value: l.value })),
    samples: ts.samples.map((s, j) => ({
      value: s.value,
      timestamp: s.timestamp,
      stale: BigInt((bits.timeseries[i].samples[j] as { value: string }).value) === staleBits,
    })),
    histograms: ts.histograms.map((h) => ({
      count: Number(h.countInt ?? 0),
      sum: h.sum as number,
      schema: h.schema as number,
      zeroThreshold: h.zeroThreshold as number,
      zeroCount: Number(h.zeroCountInt ?? 0),
      negativeSpans: h.negativeSpans as BucketSpan[],
      negativeDeltas: h.negativeDeltas as number[],
      positiveSpans: h.positiveSpans as BucketSpan[],
      positiveDeltas: h.positiveDeltas as number[],
      timestamp: h.timestamp as number,
    })),
  }));
}
