/**
 * Pace at scale (issue #18): N VUs each doing `http.get; sleep(1)` against
 * nginx (one worker process, pinned to CPU 1), constant for SECONDS or ramped
 * 0 → N over 20 s then held for SECONDS. Stampede runs with its default
 * `--workers`, not pinned, as a user would run it. Reports, per run, the
 * requests against the ideal (VUs × seconds: what `sleep(1)` allows),
 * iteration_duration p95, how late VUs woke from sleep() (sleep_lateness),
 * peak RSS of the whole process, and connects per VU counted by nginx
 * (stub_status `accepts`): 1.00 means every VU kept its socket.
 *
 *   node bench/scale.ts [VUS=10000] [constant|ramp] [SECONDS=30] [RUNS=3] [--busy]
 *
 * `--busy` runs a CPU-bound process (a busy loop, not pinned) beside the
 * test: the shared CI runner case. `STAMPEDE_DIST=/path/to/dist` measures
 * another build (before/after comparisons).
 *
 * k6 is not installable here (neither npm nor Debian has it); its figures in
 * bench/README.md are the issue's, measured on this machine.
 */
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { sampleRss, median, mb, ROOT } from './lib.ts';
import { acceptedConnections, startNginx } from './nginx.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const busy = process.argv.includes('--busy');
const vus = Number(args[0] ?? 10_000);
const shape = (args[1] ?? 'constant') as 'constant' | 'ramp';
const seconds = Number(args[2] ?? 30);
const runs = Number(args[3] ?? 3);
const RAMP_SECONDS = 20;

interface RunResult { requests: number; ideal: number; p95: number; lateP95: number; peakMb: number; connectsPerVu: number; failed: number; exitCode: number | null }

function shapeArgs(): string[] {
  if (shape === 'constant') return ['-u', String(vus), '-d', `${seconds}s`];
  return ['--stage', `${RAMP_SECONDS}s:${vus}`, '--stage', `${seconds}s:${vus}`];
}

/** Iterations `sleep(1)` allows: VU-seconds (the ramp's triangle plus the plateau). */
function idealRequests(): number {
  return shape === 'constant' ? vus * seconds : (vus * RAMP_SECONDS) / 2 + vus * seconds;
}

async function oneRun(): Promise<RunResult> {
  const target = await startNginx(1, Math.max(4096, vus + 1000));
  const hog = busy ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : undefined;
  try {
    const before = await acceptedConnections(target);
    const exported = '/tmp/stampede-bench-scale.json';
    const main = `${process.env.STAMPEDE_DIST ?? 'dist'}/cli/main.js`;
    const child = spawn(process.execPath, [main, 'run', '--quiet', ...shapeArgs(),
      '-e', `TARGET=${target.url}`, '--summary-export', exported, 'bench/scripts/scale.js'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const r = await sampleRss(child, 250);
    // the status request itself is one more accept
    const connects = (await acceptedConnections(target)) - before - 1;
    if (r.code !== 0 && r.code !== 99) process.stderr.write(r.stderr.slice(-2000));
    const m = JSON.parse(readFileSync(exported, 'utf8')).metrics;
    return {
      requests: m.http_reqs.count,
      ideal: idealRequests(),
      p95: m.iteration_duration['p(95)'],
      lateP95: m.sleep_lateness?.['p(95)'] ?? NaN,
      peakMb: Math.max(...r.samples) / 1024,
      connectsPerVu: connects / vus,
      failed: m.http_req_failed?.value ?? m.http_req_failed?.rate ?? 0,
      exitCode: r.code,
    };
  } finally {
    hog?.kill('SIGKILL');
    target.stop();
  }
}

const results: RunResult[] = [];
for (let i = 0; i < runs; i++) {
  const r = await oneRun();
  results.push(r);
  console.log(`run ${i + 1}: ${r.requests} requests (${((r.requests / r.ideal) * 100).toFixed(1)} % of ${r.ideal}), iteration_duration p95 ${(r.p95 / 1000).toFixed(2)} s, ` +
    `sleep_lateness p95 ${r.lateP95.toFixed(0)} ms, peak RSS ${r.peakMb.toFixed(0)} MB, connects/VU ${r.connectsPerVu.toFixed(2)}, failed ${(r.failed * 100).toFixed(2)} %, exit ${r.exitCode}`);
}
const med = (f: (r: RunResult) => number) => median(results.map(f));
console.log(`\n${vus} VUs, ${shape}${shape === 'ramp' ? ` 0 → ${vus} in ${RAMP_SECONDS} s then` : ''} ${seconds} s${busy ? ', with a busy loop beside it' : ''}: median of ${runs}`);
console.log(`  requests ${med((r) => r.requests)} = ${((med((r) => r.requests / r.ideal)) * 100).toFixed(1)} % of ideal`);
console.log(`  iteration_duration p95 ${(med((r) => r.p95) / 1000).toFixed(2)} s   sleep_lateness p95 ${med((r) => r.lateP95).toFixed(0)} ms`);
console.log(`  peak RSS ${mb(med((r) => r.peakMb * 1024))}   connects per VU ${med((r) => r.connectsPerVu).toFixed(2)}`);
