/**
 * Latency accuracy (issue #5): the Node target answers after a fixed DELAY
 * ms (CPU 1); Stampede sends 1,000 req/s (constant-arrival-rate) and wrk
 * keeps 20 connections busy (20 / 20 ms ≈ 1,000 req/s), both on CPU 0.
 * Compares the medians each reports; the truth is DELAY plus loopback time.
 *
 *   node bench/latency.ts [DELAY_MS=20] [SECONDS=10] [RUNS=3]
 */
import { readFileSync } from 'node:fs';
import { startNodeTarget, median, runOnGeneratorCore } from './lib.ts';

const delay = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 10);
const runs = Number(process.argv[4] ?? 3);


/** wrk's `50%` line, in ms. */
function wrkMedian(out: string): number {
  const m = /^\s+50%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  if (!m) throw new Error(`no median in wrk output: ${out}`);
  return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2]];
}

async function stampede(url: string): Promise<{ med: number; p99: number; rate: number }> {
  const exported = '/tmp/stampede-bench-latency.json';
  await runOnGeneratorCore(process.execPath, ['dist/cli/main.js', 'run', '--quiet', '--workers', '1', '--address', '127.0.0.1:0',
    '-e', `TARGET=${url}`, '-e', `DURATION=${seconds}s`, '--summary-export', exported, 'bench/scripts/latency.js']);
  const m = JSON.parse(readFileSync(exported, 'utf8')).metrics;
  return { med: m.http_req_duration.med, p99: m.http_req_duration['p(99)'], rate: m.http_reqs.rate };
}

const target = await startNodeTarget(1, delay);
const ours: { med: number; p99: number; rate: number }[] = [];
const wrk: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    wrk.push(wrkMedian(await runOnGeneratorCore('wrk', ['-t1', '-c20', `-d${seconds}s`, '--latency', target.url])));
    ours.push(await stampede(target.url));
  }
} finally {
  target.stop();
}
const ourMed = median(ours.map((r) => r.med));
console.log(`latency: target delays ${delay} ms (CPU 1), generators on CPU 0, ${seconds} s, median of ${runs} runs`);
console.log(`  stampede  p50 ${ourMed.toFixed(2)} ms  p99 ${median(ours.map((r) => r.p99)).toFixed(2)} ms  at ${median(ours.map((r) => r.rate)).toFixed(0)} req/s   runs: ${ours.map((r) => r.med.toFixed(2)).join(', ')}`);
console.log(`  wrk -c20  p50 ${median(wrk).toFixed(2)} ms   runs: ${wrk.map((v) => v.toFixed(2)).join(', ')}`);
console.log(`  difference of the medians: ${(ourMed - median(wrk)).toFixed(2)} ms`);
