import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregationTemporality, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { CountingExporter, dataPointsOf } from './export-accounting.ts';

type Callback = Parameters<PushMetricExporter['export']>[1];

/** An inner exporter whose answers the test gives by hand. */
class HeldExporter implements PushMetricExporter {
  waiting: Callback[] = [];
  export(_m: ResourceMetrics, cb: Callback): void { this.waiting.push(cb); }
  answer(ok: boolean, message = 'connect ECONNREFUSED'): void {
    const cb = this.waiting.shift()!;
    cb(ok ? { code: 0 } : { code: 1, error: new Error(message) });
  }
  forceFlush(): Promise<void> { return Promise.resolve(); }
  shutdown(): Promise<void> { return Promise.resolve(); }
  selectAggregationTemporality(): AggregationTemporality { return AggregationTemporality.DELTA; }
}

/** A ResourceMetrics with `n` data points in one metric (only the shape dataPointsOf reads). */
function withPoints(n: number): ResourceMetrics {
  return { resource: {}, scopeMetrics: [{ scope: { name: 'k6' }, metrics: [{ dataPoints: new Array(n).fill({}) }] }] } as unknown as ResourceMetrics;
}

test('data points of successful exports are sent, of failed ones dropped; one report per failure streak', () => {
  const inner = new HeldExporter();
  const events: string[] = [];
  const e = new CountingExporter(inner, { onFailure: (err) => events.push(`fail ${err}`), onRecover: () => events.push('recover') });
  const results: number[] = [];
  const send = (n: number) => e.export(withPoints(n), (r) => results.push(r.code));

  send(3); inner.answer(true);
  send(4); inner.answer(false);
  send(5); inner.answer(false, 'still down');
  send(6); inner.answer(true);
  send(7); inner.answer(false, 'down again');

  assert.equal(e.sent, 9);
  assert.equal(e.dropped, 16);
  assert.equal(e.lastError, 'down again');
  assert.deepEqual(events, ['fail connect ECONNREFUSED', 'recover', 'fail down again']);
  assert.deepEqual(results, [0, 1, 1, 0, 1], 'the reader still gets every result');
});

test('exports still in flight when the output stops waiting count as dropped, once', () => {
  const inner = new HeldExporter();
  const e = new CountingExporter(inner, { onFailure: () => {}, onRecover: () => {} });
  e.export(withPoints(10), () => {});
  assert.equal(e.inFlight, 1);
  e.abandonInFlight('no answer within 1000 ms');
  assert.equal(e.dropped, 10);
  assert.equal(e.lastError, 'no answer within 1000 ms');
  inner.answer(true); // a late answer changes nothing
  assert.equal(e.sent, 0);
  assert.equal(e.dropped, 10);
});

test('an exporter that throws is a failed export', () => {
  const e = new CountingExporter({
    export: () => { throw new Error('boom'); },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  }, { onFailure: () => {}, onRecover: () => {} });
  let code = -1;
  e.export(withPoints(2), (r) => { code = r.code; });
  assert.equal(code, 1);
  assert.equal(e.dropped, 2);
  assert.equal(e.lastError, 'boom');
});

test("the inner exporter's temporality preference passes through; cumulative when it has none", () => {
  const held = new CountingExporter(new HeldExporter(), { onFailure: () => {}, onRecover: () => {} });
  assert.equal(held.selectAggregationTemporality(InstrumentType.COUNTER), AggregationTemporality.DELTA);
  const plain = new CountingExporter({ export: () => {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() }, { onFailure: () => {}, onRecover: () => {} });
  assert.equal(plain.selectAggregationTemporality(InstrumentType.COUNTER), AggregationTemporality.CUMULATIVE);
});

test("grpc-js's empty resolution note is left out of the error", () => {
  const inner = new HeldExporter();
  const e = new CountingExporter(inner, { onFailure: () => {}, onRecover: () => {} });
  e.export(withPoints(1), () => {});
  inner.answer(false, '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:9. Resolution note: ');
  assert.equal(e.lastError, '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:9.');
});

test('dataPointsOf counts across scopes and metrics', () => {
  const rm = { scopeMetrics: [{ metrics: [{ dataPoints: [1, 2] }, { dataPoints: [3] }] }, { metrics: [{ dataPoints: [4] }] }] } as unknown as ResourceMetrics;
  assert.equal(dataPointsOf(rm), 4);
});
