/**
 * First iteration (issue #15 item 9): k6's examples/localhost.js — 1 VU,
 * 1 iteration, three requests, `http_reqs: ['rate>100']` — run RUNS times
 * by this tree's build and, when BEFORE is given, by another build of
 * Stampede (a checkout with its own dist/, e.g. the commit before the fix).
 * Stampede runs on the CPUs in STAMPEDE_CPUS (default 0, the bench's usual
 * generator core); the target is a node:http server in this process, which
 * should run on CPU 1 (`taskset -c 1 node bench/first-iteration.ts`),
 * already warm, addressed as `localhost` as the example does. k6 itself
 * cannot be installed here (no registry carries it), so k6's own figure
 * is the issue's: 1–10 ms for the first request. Reports, medians of the runs:
 *  - time to first request: from spawning `stampede run` to the target
 *    reading the first request (start-up, compile, init, warm-up included);
 *  - the first request's http_req_duration and the iteration's duration;
 *  - the run's http_reqs rate, and in how many runs all thresholds held.
 *
 *   taskset -c 1 node bench/first-iteration.ts [RUNS=7] [BEFORE=/path/to/other/checkout]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { median, ROOT } from './lib.ts';

const runs = Number(process.argv[2] ?? 7);
const builds: Record<string, string> = { after: 'dist/cli/main.js' };
if (process.argv[3]) builds.before = path.join(path.resolve(process.argv[3]), 'dist/cli/main.js');
const cpus = process.env.STAMPEDE_CPUS ?? '0';

let firstRequestAt = 0;
const server = http.createServer((req, res) => {
  if (firstRequestAt === 0) firstRequestAt = performance.now();
  res.end(req.url === '/' ? '<html>hello</html>' : 'x'.repeat(512));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const target = `http://localhost:${(server.address() as AddressInfo).port}`;
// warm the target itself, so its own first request is not measured as ours
for (let i = 0; i < 200; i++) await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).then((r) => r.text());

interface Run { ttfr: number; firstReq: number; iteration: number; rate: number; passed: boolean }

async function once(main: string): Promise<Run> {
  const exported = '/tmp/stampede-bench-first-iteration.json';
  const points = '/tmp/stampede-bench-first-iteration.ndjson';
  firstRequestAt = 0;
  const spawnedAt = performance.now();
  const child = spawn('taskset', ['-c', cpus, process.execPath, main, 'run', '--quiet', '--no-color', '-e', `TARGET=${target}`,
    '--summary-export', exported, '--out', `json=${points}`, 'bench/scripts/first-iteration.js'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.resume();
  child.stderr?.resume();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const metrics = JSON.parse(readFileSync(exported, 'utf8')).metrics;
  const first = readFileSync(points, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((p) => p.type === 'Point' && p.metric === 'http_req_duration');
  return { ttfr: firstRequestAt - spawnedAt, firstReq: first.data.value, iteration: metrics.iteration_duration.max, rate: metrics.http_reqs.rate, passed: code === 0 };
}

const results: Record<string, Run[]> = Object.fromEntries(Object.keys(builds).map((b) => [b, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, main] of Object.entries(builds)) results[name].push(await once(main));
}
server.close();

console.log(`first iteration: k6's localhost.js (1 VU x 1 iteration, 3 requests) against a warm local target, Stampede on CPUs ${cpus}, median of ${runs} runs`);
for (const [name, rs] of Object.entries(results)) {
  const m = (f: (r: Run) => number) => median(rs.map(f)).toFixed(1);
  console.log(`  ${name.padEnd(6)}  time to first request ${m((r) => r.ttfr)} ms  first request ${m((r) => r.firstReq)} ms  iteration ${m((r) => r.iteration)} ms  http_reqs ${m((r) => r.rate)}/s  thresholds held ${rs.filter((r) => r.passed).length}/${rs.length}`);
  console.log(`    first requests: ${rs.map((r) => r.firstReq.toFixed(1)).join(', ')}`);
}
