/**
 * What many tag sets cost: bench/scripts/many-names.js (50 VUs, closed loop)
 * against nginx (CPU 1) with 1 and with 600 request names, Stampede on CPU 0
 * with one worker, so the main thread's merging of the worker's batches
 * competes with the VUs for the core. Throughput and peak RSS per run; wrk
 * and autocannon (one URL) in the same session, interleaved. `STAMPEDE_DIST`
 * names the builds to run (their dist/ folders, comma-separated; this
 * checkout's by default), interleaved too, to compare versions on one
 * machine in one session.
 *
 *   node bench/tag-sets.ts [SECONDS=10] [RUNS=3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, median, pinned, sampleRss, AUTOCANNON_BIN, autocannonRate, wrkRate } from './lib.ts';
import { startNginx } from './nginx.ts';

const seconds = Number(process.argv[2] ?? 10);
const runs = Number(process.argv[3] ?? 3);
const CONNECTIONS = 50;
const NAMES = [1, 600] as const;
const dists = (process.env.STAMPEDE_DIST ?? path.join(ROOT, 'dist')).split(',');

/** One Stampede run over `names` names: its request rate and its peak RSS (MB). */
async function stampede(dist: string, url: string, names: number): Promise<{ rate: number; peakMb: number }> {
  const exported = '/tmp/stampede-bench-tag-sets.json';
  const child = pinned(0, process.execPath, [path.join(dist, 'cli', 'main.js'), 'run', '--quiet', '--no-history', '--workers', '1', '-u', String(CONNECTIONS), '-d', `${seconds}s`,
    '-e', `TARGET=${url}`, '-e', `NAMES=${names}`, '--summary-export', exported, 'bench/scripts/many-names.js']);
  const { samples, code, stderr } = await sampleRss(child, 250);
  if (code !== 0) throw new Error(`stampede exited ${code}: ${stderr.slice(-500)}`);
  return { rate: JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.rate, peakMb: Math.max(...samples) / 1024 };
}

execFileSync('taskset', ['-V']);
if (!existsSync(AUTOCANNON_BIN)) throw new Error('autocannon missing: npm install --prefix bench');
const target = await startNginx(1);
const rates: Record<string, number[]> = { wrk: [], autocannon: [] };
const peaks: Record<string, number[]> = {};
try {
  for (let i = 0; i < runs; i++) {
    rates.wrk.push(await wrkRate(target.url, CONNECTIONS, seconds));
    rates.autocannon.push(await autocannonRate(target.url, CONNECTIONS, seconds));
    for (const dist of dists) {
      for (const n of NAMES) {
        const r = await stampede(dist, target.url, n);
        (rates[`${dist} names=${n}`] ??= []).push(r.rate);
        (peaks[`${dist} names=${n}`] ??= []).push(r.peakMb);
      }
    }
  }
} finally {
  target.stop();
}
console.log(`tag sets: ${CONNECTIONS} connections x ${seconds} s against nginx (CPU 1), generator on CPU 0 with one worker, median of ${runs} runs`);
for (const [name, xs] of Object.entries(rates)) {
  const peak = peaks[name] ? `   peak RSS ${median(peaks[name]).toFixed(0)} MB (${peaks[name].map((x) => x.toFixed(0)).join(', ')})` : '';
  console.log(`  ${name.padEnd(40)} ${Math.round(median(xs)).toString().padStart(7)} req/s   runs: ${xs.map((x) => Math.round(x)).join(', ')}${peak}`);
}
for (const dist of dists) {
  const many = median(rates[`${dist} names=600`]);
  console.log(`  ${dist}: 600 names / 1 name ${(many / median(rates[`${dist} names=1`])).toFixed(3)}   600 names / autocannon ${(many / median(rates.autocannon)).toFixed(2)}   600 names / wrk ${(many / median(rates.wrk)).toFixed(2)}`);
}
