/**
 * What exemplars cost (issue #21): the closed-loop throughput of
 * bench/scripts/closed-loop.js against nginx (CPU 1), Stampede on CPU 0 with
 * one worker, with exemplars kept (the default, 5 per name) and with
 * `--exemplars 0`, wrk and autocannon interleaved in the same session; then
 * one run of a million requests with exemplars, its RSS sampled every
 * second: the memory a long run's exemplars take stays flat.
 *
 *   node bench/exemplars.ts [SECONDS=10] [RUNS=3] [REQUESTS=1000000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mb, median, pinned, runOnGeneratorCore, sampleRss, AUTOCANNON_BIN, autocannonRate, wrkRate } from './lib.ts';
import { startNginx } from './nginx.ts';

const seconds = Number(process.argv[2] ?? 10);
const runs = Number(process.argv[3] ?? 3);
const requests = Number(process.argv[4] ?? 1_000_000);
const CONNECTIONS = 50;

async function stampede(url: string, exemplars: number): Promise<number> {
  const exported = '/tmp/stampede-bench-exemplars.json';
  await runOnGeneratorCore(process.execPath, ['dist/cli/main.js', 'run', '--quiet', '--no-history', '--workers', '1', '-u', String(CONNECTIONS), '-d', `${seconds}s`,
    '--exemplars', String(exemplars), '-e', `TARGET=${url}`, '--summary-export', exported, 'bench/scripts/closed-loop.js']);
  return JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.rate;
}

/** A million requests with exemplars (the default), RSS every second; the samples at each quarter of the run. */
async function longRun(url: string): Promise<{ quarters: number[]; reqs: number; seconds: number }> {
  const exported = '/tmp/stampede-bench-exemplars-long.json';
  const started = Date.now();
  const child = pinned(0, process.execPath, ['dist/cli/main.js', 'run', '--quiet', '--no-history', '--workers', '1', '-u', String(CONNECTIONS), '-i', String(requests),
    '-e', `TARGET=${url}`, '--summary-export', exported, 'bench/scripts/closed-loop.js']);
  const { samples, code, stderr } = await sampleRss(child, 1000);
  if (code !== 0) throw new Error(`stampede exited ${code}: ${stderr.slice(-500)}`);
  const quarters = [0.25, 0.5, 0.75, 1].map((q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length) - 1)]);
  return { quarters, reqs: JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.count, seconds: (Date.now() - started) / 1000 };
}

execFileSync('taskset', ['-V']);
if (!existsSync(AUTOCANNON_BIN)) throw new Error('autocannon missing: npm install --prefix bench');
const target = await startNginx(1);
const results: Record<'with' | 'without' | 'autocannon' | 'wrk', number[]> = { with: [], without: [], autocannon: [], wrk: [] };
let long: Awaited<ReturnType<typeof longRun>>;
try {
  for (let i = 0; i < runs; i++) {
    results.wrk.push(await wrkRate(target.url, CONNECTIONS, seconds));
    results.autocannon.push(await autocannonRate(target.url, CONNECTIONS, seconds));
    results.without.push(await stampede(target.url, 0));
    results.with.push(await stampede(target.url, 5));
  }
  long = await longRun(target.url);
} finally {
  target.stop();
}
const med = { with: median(results.with), without: median(results.without), autocannon: median(results.autocannon), wrk: median(results.wrk) };
console.log(`exemplars: ${CONNECTIONS} connections x ${seconds} s against nginx (CPU 1), generator on CPU 0 with one worker, median of ${runs} runs`);
const label = { with: 'stampede, exemplars (5/name)', without: 'stampede, --exemplars 0', autocannon: 'autocannon', wrk: 'wrk' };
for (const [name, v] of Object.entries(med)) console.log(`  ${label[name as keyof typeof label].padEnd(30)} ${Math.round(v).toString().padStart(7)} req/s   runs: ${results[name as keyof typeof results].map((x) => Math.round(x)).join(', ')}`);
console.log(`  with/without ${(med.with / med.without).toFixed(3)}   with/autocannon ${(med.with / med.autocannon).toFixed(2)}   with/wrk ${(med.with / med.wrk).toFixed(2)}`);
console.log(`long run: ${long.reqs} requests in ${long.seconds.toFixed(0)} s with exemplars; RSS at 25/50/75/100 % of the run: ${long.quarters.map(mb).join(', ')}`);
