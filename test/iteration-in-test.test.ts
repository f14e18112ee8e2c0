/**
 * Issue #13: exec.scenario.iterationInTest is unique in its scenario across
 * every VU and every worker thread, and has no gaps: a scenario that ran N
 * iterations (as the summary reports them) numbered them exactly 0..N-1, as
 * k6 does. Scripts rely on it to pick unique test data per iteration. The
 * server records every number it was sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

const SCENARIOS = ['cvus', 'pervu', 'ramp', 'shared', 'ext', 'car', 'rar'];

test('with --workers 2, every executor numbers its iterations 0..N-1 across all VUs and workers, no duplicates', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'unique.js': `import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
const T = '${target.url}';
export const options = {
  scenarios: {
    cvus: { executor: 'constant-vus', vus: 4, duration: '1500ms' },
    pervu: { executor: 'per-vu-iterations', vus: 3, iterations: 7 },
    ramp: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '700ms', target: 5 }, { duration: '700ms', target: 2 }] },
    shared: { executor: 'shared-iterations', vus: 3, iterations: 25 },
    ext: { executor: 'externally-controlled', vus: 3, maxVUs: 3, duration: '1s' },
    car: { executor: 'constant-arrival-rate', rate: 40, duration: '1500ms', preAllocatedVUs: 4, maxVUs: 6 },
    rar: { executor: 'ramping-arrival-rate', startRate: 10, stages: [{ duration: '1500ms', target: 40 }], preAllocatedVUs: 4, maxVUs: 6 },
  },
  thresholds: {
${SCENARIOS.map((s) => `    'iterations{scenario:${s}}': ['count>0'],`).join('\n')}
  },
};
export default function () {
  // the same number twice in a scenario would show as a count of 2 at the server
  http.get(T + '/' + exec.scenario.name + '/' + exec.scenario.iterationInTest);
  if (exec.scenario.iterationInInstance !== exec.scenario.iterationInTest) throw new Error('iterationInInstance differs');
  sleep(0.02);
}
`,
    });
    const summary = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--workers', '2', '--summary-export', summary, path.join(dir, 'unique.js')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const { metrics } = JSON.parse(await readFile(summary, 'utf8')) as { metrics: Record<string, { count: number }> };
    assert.equal(metrics.script_errors?.count ?? 0, 0, r.stderr);
    const seen = new Map<string, number[]>(SCENARIOS.map((s) => [s, []]));
    for (const [pathname, count] of target.counts) {
      const [, scenario, n] = pathname.split('/');
      assert.equal(count, 1, `${scenario}: iterationInTest ${n} was used ${count} times`);
      seen.get(scenario)!.push(Number(n));
    }
    for (const scenario of SCENARIOS) {
      const n = metrics[`iterations{scenario:${scenario}}`].count;
      const numbers = seen.get(scenario)!.sort((a, b) => a - b);
      assert.ok(n > 1, `${scenario} ran ${n} iterations`);
      // externally-controlled stops with no gracefulStop: an iteration cut short at the end took its
      // number but is not counted in \`iterations\` (as in k6); at most one per VU
      const interrupted = scenario === 'ext' ? numbers.length - n : 0;
      assert.ok(interrupted >= 0 && interrupted <= 3, `${scenario}: ${numbers.length} numbers for ${n} iterations`);
      assert.deepEqual(numbers, Array.from({ length: n + interrupted }, (_, i) => i), `${scenario}: ${n} iterations numbered ${numbers.join(',')}`);
    }
    assert.equal(metrics['iterations{scenario:pervu}'].count, 21);
    assert.equal(metrics['iterations{scenario:shared}'].count, 25);
  } finally {
    await target.close();
  }
});
