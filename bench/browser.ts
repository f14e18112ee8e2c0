/**
 * Browser scenarios (issue #20): N browser VUs looping the demo target's
 * /ui/dashboard journey (goto, click the HTMX-style button, wait for the
 * fragment, close) for SECONDS, Stampede with its default workers. Reports
 * browser iterations per second, the journey's iteration_duration p95,
 * web-vital FCP p95, and generator_memory (Stampede's RSS plus the PSS of
 * every Chromium process it started) at its peak — the cost of a browser VU,
 * with and without a protocol scenario of 50 VUs beside it.
 *
 *   node bench/browser.ts [SECONDS=20] [RUNS=3]
 *
 * k6 cannot be installed here, so there is no k6 column: its browser
 * module starts one browser per VU iteration, Stampede one per worker.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { median, ROOT } from './lib.ts';
import { startDemoTarget } from '../examples/demo-target/server.ts';

const seconds = Number(process.argv[2] ?? 20);
const runs = Number(process.argv[3] ?? 3);

function script(vus: number, withApi: boolean): string {
  return `import http from 'k6/http';
import { browser } from 'k6/browser';
export const options = { scenarios: {
  ui: { executor: 'constant-vus', vus: ${vus}, duration: '${seconds}s', exec: 'ui', options: { browser: { type: 'chromium' } } },
  ${withApi ? `api: { executor: 'constant-vus', vus: 50, duration: '${seconds}s', exec: 'api' },` : ''}
}, thresholds: { 'iteration_duration{scenario:ui}': ['max>=0'] } };
export async function ui() {
  const page = await browser.newPage();
  try {
    await page.goto(__ENV.BASE_URL + '/ui/dashboard');
    await page.locator('#load-dashboard').click();
    await page.waitForSelector('#dashboard');
  } finally { await page.close(); }
}
export function api() { http.get(__ENV.BASE_URL + '/health'); }
`;
}

interface Result { uiIterations: number; p95: number; fcpP95: number; peakMb: number; apiReqs: number }

async function once(vus: number, withApi: boolean): Promise<Result> {
  const target = await startDemoTarget({ port: 0 });
  const file = '/tmp/stampede-bench-browser.js';
  const exported = '/tmp/stampede-bench-browser.json';
  writeFileSync(file, script(vus, withApi));
  try {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'run', '--quiet', '--no-history', '-e', `BASE_URL=${target.url}`, '--summary-export', exported, file], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    if (code !== 0) throw new Error(stderr.slice(-1500));
    const m = JSON.parse(readFileSync(exported, 'utf8')).metrics;
    const counts = target.counters().byRoute;
    return {
      uiIterations: counts['GET /ui/dashboard'] ?? 0,
      p95: m['iteration_duration{scenario:ui}']['p(95)'],
      fcpP95: m.browser_web_vital_fcp['p(95)'],
      peakMb: m.generator_memory.max / 1024 / 1024,
      apiReqs: counts['GET /health'] ?? 0,
    };
  } finally {
    await target.close();
  }
}

for (const [vus, withApi] of [[1, false], [2, false], [4, false], [2, true]] as const) {
  const rs: Result[] = [];
  for (let i = 0; i < runs; i++) rs.push(await once(vus, withApi));
  const med = (f: (r: Result) => number) => median(rs.map(f));
  console.log(`${vus} browser VU(s)${withApi ? ' + 50 protocol VUs' : ''}: ${(med((r) => r.uiIterations) / seconds).toFixed(2)} journeys/s, `
    + `iteration p95 ${med((r) => r.p95).toFixed(0)} ms, FCP p95 ${med((r) => r.fcpP95).toFixed(0)} ms, generator_memory peak ${med((r) => r.peakMb).toFixed(0)} MB`
    + `${withApi ? `, protocol ${(med((r) => r.apiReqs) / seconds).toFixed(0)} req/s` : ''} (median of ${runs})`);
}
