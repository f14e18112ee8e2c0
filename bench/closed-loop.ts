/**
 * Closed-loop throughput (issue #5): 50 VUs / connections sending requests
 * back to back for D seconds against nginx (one process, CPU 1), the load
 * generator on CPU 0. Stampede runs the k6-style script
 * bench/scripts/closed-loop.js with one worker (one core); autocannon and
 * wrk run in the same session, interleaved, and the medians are compared.
 *
 *   node bench/closed-loop.ts [SECONDS=10] [RUNS=3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { median, runOnGeneratorCore, AUTOCANNON_BIN, autocannonRate, wrkRate } from './lib.ts';
import { startNginx } from './nginx.ts';

const seconds = Number(process.argv[2] ?? 10);
const runs = Number(process.argv[3] ?? 3);
const CONNECTIONS = 50;

async function stampede(url: string): Promise<number> {
  const exported = '/tmp/stampede-bench-closed.json';
  await runOnGeneratorCore(process.execPath, ['dist/cli/main.js', 'run', '--quiet', '--workers', '1', '-u', String(CONNECTIONS), '-d', `${seconds}s`,
    '--address', '127.0.0.1:0', '-e', `TARGET=${url}`, '--summary-export', exported, 'bench/scripts/closed-loop.js']);
  return JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.rate;
}

execFileSync('taskset', ['-V']);
if (!existsSync(AUTOCANNON_BIN)) throw new Error('autocannon missing: npm install --prefix bench');
const target = await startNginx(1);
const results: Record<'stampede' | 'autocannon' | 'wrk', number[]> = { stampede: [], autocannon: [], wrk: [] };
try {
  for (let i = 0; i < runs; i++) {
    results.wrk.push(await wrkRate(target.url, CONNECTIONS, seconds));
    results.autocannon.push(await autocannonRate(target.url, CONNECTIONS, seconds));
    results.stampede.push(await stampede(target.url));
  }
} finally {
  target.stop();
}
const med = { stampede: median(results.stampede), autocannon: median(results.autocannon), wrk: median(results.wrk) };
console.log(`closed loop: ${CONNECTIONS} connections x ${seconds} s against nginx (1 process, CPU 1), generator on CPU 0, median of ${runs} runs`);
for (const [name, v] of Object.entries(med)) console.log(`  ${name.padEnd(10)} ${Math.round(v).toString().padStart(7)} req/s   runs: ${results[name as keyof typeof results].map((x) => Math.round(x)).join(', ')}`);
console.log(`  ratio stampede/autocannon ${(med.stampede / med.autocannon).toFixed(2)}   stampede/wrk ${(med.stampede / med.wrk).toFixed(2)}`);
