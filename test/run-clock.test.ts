/**
 * The end of a run reads right: log lines written after the scenarios keep
 * counting from the test's start (not 0000 again), and the `vus` gauge is
 * not pulled down by VUs leaving as the duration ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';

test('teardown logs at the test clock and vus stays at 5 for a 5-VU run', async () => {
  const dir = await scriptDir({ 'clock.js': `import { sleep } from 'k6';
export const options = { vus: 5, duration: '3s', thresholds: { iterations: ['count>1000000'] } };
export default function () { sleep(0.3); }
export function teardown() { console.log('teardown here'); }
` });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--no-history', '--workers', '2', '--summary-export', exported, path.join(dir, 'clock.js')]);
  assert.equal(r.code, 99, r.stderr);
  assert.match(r.stderr, /INFO\[0003\] teardown here source=console/);
  // the run's own lines after the scenarios, too
  assert.match(r.stderr, /ERRO\[0003\] thresholds on metrics 'iterations' have been crossed/);
  const s = JSON.parse(await readFile(exported, 'utf8'));
  assert.equal(s.metrics.vus.min, 5, JSON.stringify(s.metrics.vus));
  assert.equal(s.metrics.vus.max, 5);
});
