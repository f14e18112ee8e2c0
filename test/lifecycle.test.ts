/**
 * The lifecycle and the CLI around it: setup() data reaches default() and
 * teardown(), handleSummary() writes where its keys say, open() and __ENV
 * work, console output can go to a file, and `inspect` prints the options
 * a run would use.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('setup data, open(), __ENV and handleSummary work as in k6', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'users.json': JSON.stringify(['ada', 'grace']),
      'life.js': `import http from 'k6/http';
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';
import { randomItem } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';
const users = JSON.parse(open('./users.json'));
export const options = { iterations: 3 };
export function setup() { http.get('${target.url}/setup'); return { token: 'tk-' + __ENV.SUFFIX }; }
export default function (data) { http.get('${target.url}/run/' + data.token + '/' + randomItem(users).length); console.log('iteration', __ITER); }
export function teardown(data) { http.get('${target.url}/teardown/' + data.token); }
export function handleSummary(data) {
  return {
    'out.json': JSON.stringify({ reqs: data.metrics.http_reqs.values.count, setup: data.setup_data }),
    stdout: textSummary(data, { indent: ' ', enableColors: false }),
  };
}
`,
    });
    const consoleFile = path.join(dir, 'console.log');
    const r = await stampede(['run', '-e', 'SUFFIX=abc', '--console-output', consoleFile, path.join(dir, 'life.js')], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(target.counts.get('/setup'), 1);
    assert.equal(target.counts.get('/teardown/tk-abc'), 1);
    const runs = [...target.counts].filter(([p]) => p.startsWith('/run/tk-abc/')).reduce((n, [, c]) => n + c, 0);
    assert.equal(runs, 3);
    const out = JSON.parse(await readFile(path.join(dir, 'out.json'), 'utf8'));
    assert.deepEqual(out, { reqs: 5, setup: { token: 'tk-abc' } });
    assert.match(r.stdout, /http_reqs/);
    const logged = await readFile(consoleFile, 'utf8');
    assert.equal(logged.match(/iteration \d/g)?.length, 3);
    assert.doesNotMatch(r.stderr, /iteration \d/);
  } finally {
    await target.close();
  }
});

test('the process environment reaches __ENV unless --include-system-env-vars=false', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'env.js': `import http from 'k6/http';\nexport default function () { http.get('${target.url}/env/' + (__ENV.STAMPEDE_TEST_VAR || 'unset')); }\n` });
    const script = path.join(dir, 'env.js');
    assert.equal((await stampede(['run', script], { env: { STAMPEDE_TEST_VAR: 'fromenv' } })).code, 0);
    assert.equal((await stampede(['run', '--include-system-env-vars=false', script], { env: { STAMPEDE_TEST_VAR: 'fromenv' } })).code, 0);
    assert.equal(target.counts.get('/env/fromenv'), 1);
    assert.equal(target.counts.get('/env/unset'), 1);
  } finally {
    await target.close();
  }
});

test('inspect prints the merged options; version and help answer', async () => {
  const dir = await scriptDir({ 'opts.js': `export const options = { vus: 2, duration: '5s', thresholds: { http_req_duration: ['p(95)<500'] } };\nexport default function () {}\n` });
  const r = await stampede(['inspect', '--vus', '7', path.join(dir, 'opts.js')]);
  assert.equal(r.code, 0, r.stderr);
  const options = JSON.parse(r.stdout);
  assert.equal(options.vus, 7);
  assert.equal(options.duration, '5s');
  assert.deepEqual(options.thresholds, { http_req_duration: ['p(95)<500'] });
  assert.equal(options.scenarios.default.executor, 'constant-vus');
  const v = await stampede(['version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^stampede v\d+\.\d+\.\d+/);
  const h = await stampede(['run', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /--summary-export/);
});
