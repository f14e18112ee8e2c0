/**
 * Issue #13: script errors in the log. A thrown value that is not an Error
 * (`throw 'a plain string'`, `throw { code: 42 }`) is logged at the
 * file:line:column of its `throw`, as k6 does; and the rate limit on
 * identical errors never loses one silently: every error the summary counts
 * is either a printed line or in a "(N more like this suppressed)" count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';

test('throw of a string or a plain object is logged as k6 does, at the file:line:col of the throw, with its stack', async () => {
  const dir = await scriptDir({
    'throws.js': `import exec from 'k6/execution';
function check(i) {
  if (i === 0) throw 'a plain string';
  if (i === 1) throw { code: 42 };
}
export function setup() {
  if (__ENV.IN_SETUP) throw 'setup says no';
}
export default function () {
  check(exec.scenario.iterationInTest);
}
`,
  });
  const script = path.join(dir, 'throws.js');
  const r = await stampede(['run', '-i', '2', script]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /ERRO\[\d+\] a plain string at \S*throws\.js:3:22\n\s+at check \(\S*throws\.js:3:22\)\n\s+at \S+ \(\S*throws\.js:10:3\) {2}executor=shared-iterations/);
  assert.match(r.stderr, /ERRO\[\d+\] \{"code":42\} at \S*throws\.js:4:22\n\s+at check \(\S*throws\.js:4:22\)/);
  assert.doesNotMatch(r.stderr, /Uncaught/);

  const setup = await stampede(['run', '-e', 'IN_SETUP=1', script]);
  assert.equal(setup.code, 107, setup.stderr);
  assert.match(setup.stderr, /throws\.js:7:29: setup\(\) failed: setup says no/);
});

test('identical errors are rate-limited but counted: printed + suppressed equals script_errors, with --workers 2', async () => {
  const dir = await scriptDir({
    'every.js': `import { sleep } from 'k6';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 4, duration: '1500ms' } } };
export default function () {
  sleep(0.01);
  if (__ITER % 2 === 0) throw 'a plain string';
  throw new Error('boom');
}
`,
  });
  const summary = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--workers', '2', '--summary-export', summary, path.join(dir, 'every.js')]);
  assert.equal(r.code, 0, r.stderr);
  const { metrics } = JSON.parse(await readFile(summary, 'utf8')) as { metrics: Record<string, { count: number }> };
  const errors = metrics.script_errors.count;
  assert.ok(errors > 40, `${errors} script errors`);

  // An occurrence prints its stack on the following lines; a count owed at the end has none.
  const line = /^ERRO\[\d+\] (a plain string|Error: boom) at \S*every\.js:\d+:\d+(?: \((\d+) more like this suppressed\))?( {2}source=stacktrace)?$/gm;
  let printed = 0;
  let suppressed = 0;
  const owed = new Map<string, number>();
  for (const m of r.stderr.matchAll(line)) {
    if (!m[3]) printed++;
    else owed.set(m[1], (owed.get(m[1]) ?? 0) + 1);
    suppressed += Number(m[2] ?? 0);
  }
  assert.ok(suppressed > 0, r.stderr);
  assert.equal(printed + suppressed, errors, r.stderr);
  // both errors were suppressed within the 5 s window, so each ends with its count (one per worker)
  assert.ok((owed.get('a plain string') ?? 0) >= 1 && (owed.get('Error: boom') ?? 0) >= 1, r.stderr);
});
