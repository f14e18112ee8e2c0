/**
 * Threshold evaluation and the dashboard's per-period summary on a store
 * with many series (issue 14): what one `evaluateThresholds` call (every
 * ~2 s while a test runs) and one `buildSummaryData` call (every dashboard
 * period) cost once the store holds SERIES tag sets per trend metric.
 * Pure CPU on the main thread, no network.
 *
 *   node bench/thresholds-eval.ts [SERIES=5000] [SAMPLES_PER_SERIES=20] [RUNS=30]
 */
import { Batcher, MetricStore, evaluateThresholds, parseThresholds } from '../src/metrics/index.ts';
import { buildSummaryData } from '../src/reports/index.ts';

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const seriesCount = Number(process.argv[2] ?? 5000);
const perSeries = Number(process.argv[3] ?? 20);
const runs = Number(process.argv[4] ?? 30);

const TRENDS = ['http_req_duration', 'http_req_waiting', 'http_req_blocked', 'iteration_duration'];
const batcher = new Batcher();
for (const name of TRENDS) batcher.define({ name, type: 'trend', contains: 'time' });
batcher.define({ name: 'http_reqs', type: 'counter', contains: 'default' });
batcher.define({ name: 'http_req_failed', type: 'rate', contains: 'default' });
batcher.define({ name: 'checks', type: 'rate', contains: 'default' });

const store = new MetricStore();
const batches: NonNullable<ReturnType<Batcher['cut']>>[] = [];
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
for (let s = 0; s < seriesCount; s++) {
  const tags = { url: `http://target/item/${s}`, method: s % 3 === 0 ? 'POST' : 'GET', status: s % 50 === 0 ? '500' : '200', scenario: `sc${s % 4}`, expected_response: s % 50 === 0 ? 'false' : 'true' };
  for (let i = 0; i < perSeries; i++) {
    // log-normal-ish latencies from 1 ms to a few seconds
    const v = Math.exp(random() * 8);
    for (const name of TRENDS) batcher.add(name, tags, v * (name === 'http_req_blocked' ? 0.01 : 1), 0);
    batcher.add('http_reqs', tags, 1, 0);
    batcher.add('http_req_failed', tags, s % 50 === 0 ? 1 : 0, 0);
    batcher.add('checks', { check: 'ok', group: '' }, random() < 0.99 ? 1 : 0, 0);
  }
  if (s % 500 === 499) batches.push(batcher.cut(0)!);
}
const last = batcher.cut(0);
if (last) batches.push(last);
const mergeMs = time(() => { for (const b of batches) store.merge(structuredClone(b)); });

const thresholds = parseThresholds({
  http_req_duration: ['p(95)<500', 'p(99)<1500', 'avg<300', 'med<100'],
  'http_req_duration{status:200}': ['p(95)<500'],
  'http_req_duration{scenario:sc1}': ['p(99)<2000'],
  http_req_waiting: ['p(95)<500'],
  iteration_duration: ['p(95)<3000'],
  http_req_failed: ['rate<0.05'],
  http_reqs: ['count>10'],
  checks: ['rate>0.9'],
});


const firstEval = time(() => evaluateThresholds(store, thresholds, { durationMs: 60_000 }));
// what a worker batch costs the main thread once the thresholds' submetrics exist
const batch = structuredClone(batches[0]);
const mergeAfter: number[] = [];
for (let i = 0; i < runs; i++) mergeAfter.push(time(() => store.merge(structuredClone(batch))));
const cloneOnly: number[] = [];
for (let i = 0; i < runs; i++) cloneOnly.push(time(() => structuredClone(batch)));

const evalTimes: number[] = [];
const summaryTimes: number[] = [];
for (let i = 0; i < runs + 3; i++) {
  const e = time(() => evaluateThresholds(store, thresholds, { durationMs: 60_000 }));
  const d = time(() => buildSummaryData(store, { durationMs: 60_000, options: {}, thresholds: [] }));
  if (i >= 3) { evalTimes.push(e); summaryTimes.push(d); } // the first runs warm the JIT
}
console.log(`${seriesCount} series × ${TRENDS.length} trends + 3 other metrics, ${perSeries} samples each, ${thresholds.length} thresholds`);
console.log(`merging every batch into the store: ${mergeMs.toFixed(1)} ms; one batch of ${batch.series.length} series after the thresholds ran: median ${(median(mergeAfter) - median(cloneOnly)).toFixed(2)} ms`);
console.log(`evaluateThresholds, first call: ${firstEval.toFixed(2)} ms`);
console.log(`evaluateThresholds: median ${median(evalTimes).toFixed(2)} ms (min ${Math.min(...evalTimes).toFixed(2)}, max ${Math.max(...evalTimes).toFixed(2)})`);
console.log(`buildSummaryData (a dashboard period): median ${median(summaryTimes).toFixed(2)} ms (min ${Math.min(...summaryTimes).toFixed(2)}, max ${Math.max(...summaryTimes).toFixed(2)})`);
