/**
 * Bad input gets one clear message at the user's file:line:column or option
 * path, and k6's exit code: 104 for options, 107 for script errors. An
 * exception inside one iteration is logged with its location and counted,
 * and the run goes on to exit 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('a syntax error names file:line:column and exits 107', async () => {
  const dir = await scriptDir({ 'broken.js': `import http from 'k6/http';\n\nexport default function () {\n  const x = ;\n}\n` });
  const r = await stampede(['run', path.join(dir, 'broken.js')]);
  assert.equal(r.code, 107);
  assert.match(r.stderr, /broken\.js:4:13/);
  assert.doesNotMatch(r.stderr, /at .*src\/script/, 'no Stampede-internal stack');
});

test('a missing import names the importing line and exits 107', async () => {
  const dir = await scriptDir({ 'missing.js': `import http from 'k6/http';\nimport { helper } from './lib/helper.js';\nexport default function () { helper(); }\n` });
  const r = await stampede(['run', path.join(dir, 'missing.js')]);
  assert.equal(r.code, 107);
  assert.match(r.stderr, /missing\.js:2:\d+/);
  assert.match(r.stderr, /lib\/helper\.js/);
});

test('an unknown flag exits 104 and names it', async () => {
  const dir = await scriptDir({ 'ok.js': `export default function () {}\n` });
  const r = await stampede(['run', '--vuss', '3', path.join(dir, 'ok.js')]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /--vuss/);
});

test('an unknown scenario option exits 104 with its option path', async () => {
  const dir = await scriptDir({ 'opt.js': `export const options = { scenarios: { main: { executor: 'constant-vus', vus: 1, duration: '1s', rat: 5 } } };\nexport default function () {}\n` });
  const r = await stampede(['run', path.join(dir, 'opt.js')]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /scenarios\.main\.rat/);
});

test('a malformed duration exits 104 with its option path', async () => {
  const dir = await scriptDir({ 'dur.js': `export default function () {}\n` });
  const r = await stampede(['run', '--vus', '1', '--duration', '10x', path.join(dir, 'dur.js')]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /duration/);
  assert.match(r.stderr, /10x/);
});

test('an exception in init code names file:line:column and exits 107', async () => {
  const dir = await scriptDir({ 'init.js': `const config = {};\n\nconfig.missing.value = 1;\nexport default function () {}\n` });
  const r = await stampede(['run', path.join(dir, 'init.js')]);
  assert.equal(r.code, 107);
  assert.match(r.stderr, /init\.js:3:\d+/);
  assert.match(r.stderr, /TypeError/);
});

test('an exception in one iteration is logged with its location, counted, and the run exits 0', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'iter.js': `import http from 'k6/http';
export const options = { iterations: 5 };
export default function () {
  http.get('${target.url}/x');
  if (__ITER === 0) {
    throw new Error('boom in first iteration');
  }
}
`,
    });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'iter.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /boom in first iteration/);
    assert.match(r.stderr, /iter\.js:6:\d+/);
    assert.equal(target.counts.get('/x'), 5);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.script_errors.count, 1);
    assert.equal(s.metrics.iterations.count, 5);
  } finally {
    await target.close();
  }
});

test('a scenario whose exec function the script does not export exits 104 before anything runs', async () => {
  const dir = await scriptDir({ 'noexec.js': `export const options = { scenarios: { api: { executor: 'per-vu-iterations', exec: 'browse' } } };\nexport function shop() {}\n` });
  const r = await stampede(['run', path.join(dir, 'noexec.js')]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /scenarios\.api\.exec: the script exports no function "browse"/);
  assert.match(r.stderr, /exported functions: shop/);
});
