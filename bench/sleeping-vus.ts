/**
 * Memory of sleeping VUs: N VUs each doing `http.get; sleep(1)` for D
 * seconds (issue #2: 1,000 VUs for 30 s must stay under 150 MB RSS).
 * Compared, in the same run, with autocannon holding N connections at the
 * same total rate (N req/s) — the closest thing autocannon has to N users
 * that each send one request a second.
 *
 *   node bench/sleeping-vus.ts [VUS=1000] [SECONDS=30] [RUNS=3]
 *
 * Stampede runs on CPU 0, the target on CPU 1. Prints the median over runs
 * of each run's peak and steady (median of the second half) RSS.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, pinned, sampleRss, startNodeTarget, median, mb } from './lib.ts';

const vus = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 30);
const runs = Number(process.argv[4] ?? 3);
const autocannonBin = path.join(ROOT, 'bench', 'node_modules', 'autocannon', 'autocannon.js');

interface RunStats { peak: number; steady: number }

function stats(samples: number[]): RunStats {
  const half = samples.slice(Math.floor(samples.length / 2));
  return { peak: Math.max(...samples), steady: median(half) };
}

async function stampedeRun(url: string): Promise<RunStats & { reqs: number }> {
  const child = pinned(0, process.execPath, ['dist/cli/main.js', 'run', '--quiet', '-u', String(vus), '-d', `${seconds}s`,
    '-e', `TARGET=${url}`, '--summary-export', '/tmp/stampede-bench-summary.json', 'bench/scripts/sleeping-vus.js']);
  const r = await sampleRss(child);
  if (r.code !== 0) throw new Error(`stampede exited ${r.code}: ${r.stderr}`);
  const { readFileSync } = await import('node:fs');
  const summary = JSON.parse(readFileSync('/tmp/stampede-bench-summary.json', 'utf8'));
  return { ...stats(r.samples), reqs: summary.metrics.http_reqs.count };
}

async function autocannonRun(url: string): Promise<RunStats> {
  const child = pinned(0, process.execPath, [autocannonBin, '-c', String(vus), '-R', String(vus), '-d', String(seconds), url]);
  const r = await sampleRss(child);
  return stats(r.samples);
}

const target = await startNodeTarget(1);
try {
  const ours: (RunStats & { reqs: number })[] = [];
  const theirs: RunStats[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await stampedeRun(target.url));
    if (existsSync(autocannonBin)) theirs.push(await autocannonRun(target.url));
  }
  console.log(`sleeping VUs: ${vus} VUs x ${seconds} s, median of ${runs} runs`);
  console.log(`  stampede   peak ${mb(median(ours.map((r) => r.peak)))}  steady ${mb(median(ours.map((r) => r.steady)))}  requests ${median(ours.map((r) => r.reqs))}`);
  if (theirs.length) {
    console.log(`  autocannon peak ${mb(median(theirs.map((r) => r.peak)))}  steady ${mb(median(theirs.map((r) => r.steady)))}  (-c ${vus} -R ${vus})`);
    console.log(`  ratio stampede/autocannon peak RSS: ${(median(ours.map((r) => r.peak)) / median(theirs.map((r) => r.peak))).toFixed(2)}`);
  } else {
    console.log('  autocannon not installed: run `npm install --prefix bench` for the comparison');
  }
} finally {
  target.stop();
}
