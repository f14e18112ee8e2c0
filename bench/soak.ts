/**
 * Soak memory (issue #5): the closed-loop script (50 VUs, no sleep) at full
 * speed against nginx for MINUTES; Stampede's RSS at minute 1 against the
 * last minute. Trend metrics live in fixed-size histograms and idle series
 * are swept, so RSS should stay flat (target: < 10 % growth).
 *
 *   node bench/soak.ts [MINUTES=10]
 */
import { readFileSync } from 'node:fs';
import { pinned, sampleRss, median, mb } from './lib.ts';
import { startNginx } from './nginx.ts';

const minutes = Number(process.argv[2] ?? 10);
const target = await startNginx(1);
try {
  const exported = '/tmp/stampede-bench-soak.json';
  const child = pinned(0, process.execPath, ['dist/cli/main.js', 'run', '--quiet', '--workers', '1', '--address', '127.0.0.1:0', '-u', '50', '-d', `${minutes}m`,
    '-e', `TARGET=${target.url}`, '--summary-export', exported, 'bench/scripts/closed-loop.js']);
  const r = await sampleRss(child, 1000);
  if (r.code !== 0) throw new Error(`stampede exited ${r.code}: ${r.stderr}`);
  const perMinute = (m: number) => r.samples.slice(m * 60, (m + 1) * 60);
  const first = median(perMinute(1));
  const last = median(perMinute(minutes - 1));
  const reqs = JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.count;
  console.log(`soak: 50 VUs closed loop for ${minutes} min against nginx, ${reqs} requests`);
  console.log(`  RSS median of minute 2: ${mb(first)}   of the last minute: ${mb(last)}   growth ${(((last - first) / first) * 100).toFixed(1)} %`);
  console.log(`  per minute: ${Array.from({ length: minutes }, (_, m) => mb(median(perMinute(m)))).join(', ')}`);
} finally {
  target.stop();
}
