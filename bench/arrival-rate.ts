/**
 * Arrival-rate accuracy (issue #5): constant-arrival-rate at RATE it/s for
 * SECONDS against nginx (one process, CPU 1), Stampede on CPU 0 with its
 * default workers limited to that core. Reports iterations started against
 * the schedule (RATE × SECONDS), dropped iterations and how late starts
 * were (iteration_lateness); autocannon `-R RATE` in the same session shows
 * what a rate-limited request loop delivers on the same core.
 *
 *   node bench/arrival-rate.ts [RATE=5000] [SECONDS=30] [RUNS=3]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, median, runOnGeneratorCore } from './lib.ts';
import { startNginx } from './nginx.ts';

const rate = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? 30);
const runs = Number(process.argv[4] ?? 3);
const planned = rate * seconds;
const autocannonBin = path.join(ROOT, 'bench', 'node_modules', 'autocannon', 'autocannon.js');


interface Result { started: number; dropped: number; lateP99: number; lateMed: number }

async function stampede(url: string): Promise<Result> {
  const exported = '/tmp/stampede-bench-arrival.json';
  await runOnGeneratorCore(process.execPath, ['dist/cli/main.js', 'run', '--quiet', '--workers', '1', '--address', '127.0.0.1:0',
    '-e', `TARGET=${url}`, '-e', `RATE=${rate}`, '-e', `DURATION=${seconds}s`, '--summary-export', exported, 'bench/scripts/arrival-rate.js']);
  const m = JSON.parse(readFileSync(exported, 'utf8')).metrics;
  return { started: m.iterations.count, dropped: m.dropped_iterations?.count ?? 0, lateP99: m.iteration_lateness['p(99)'], lateMed: m.iteration_lateness.med };
}

async function autocannon(url: string): Promise<number> {
  const out = await runOnGeneratorCore(process.execPath, [autocannonBin, '-c', '100', '-R', String(rate), '-d', String(seconds), '-j', url]);
  return JSON.parse(out.slice(out.indexOf('{'))).requests.total;
}

const target = await startNginx(1);
const ours: Result[] = [];
const theirs: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    ours.push(await stampede(target.url));
    theirs.push(await autocannon(target.url));
  }
} finally {
  target.stop();
}
const started = median(ours.map((r) => r.started));
console.log(`arrival rate: ${rate} it/s x ${seconds} s = ${planned} planned, against nginx (CPU 1), generator on CPU 0, median of ${runs} runs`);
console.log(`  stampede   started ${started} (${(((started - planned) / planned) * 100).toFixed(2)} %), dropped ${median(ours.map((r) => r.dropped))}, start lateness med ${median(ours.map((r) => r.lateMed)).toFixed(2)} ms p99 ${median(ours.map((r) => r.lateP99)).toFixed(2)} ms`);
console.log(`             runs: ${ours.map((r) => `${r.started}/${r.dropped} dropped`).join(', ')}`);
console.log(`  autocannon -c 100 -R ${rate}: ${median(theirs)} requests (${(((median(theirs) - planned) / planned) * 100).toFixed(2)} %)   runs: ${theirs.join(', ')}`);
