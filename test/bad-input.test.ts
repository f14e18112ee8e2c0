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

test('every option and scenario problem is reported at once with its path, exit 104', async () => {
  const dir = await scriptDir({
    'bad.js': `export const options = { scenarios: {
  spike: { executor: 'ramping-vus', stages: [{ duration: '1s', target: 5 }, { duration: '1s', target: -1 }] },
  ci: { executor: 'constant-arrival-rate', rate: 0, duration: '1s' },
  x: { executor: 'nope' },
  y: { executor: 'per-vu-iterations', vus: 'a', gracefulStop: 'soon' },
} };
export default function () {}
`,
  });
  const r = await stampede(['run', path.join(dir, 'bad.js')]);
  assert.equal(r.code, 104);
  for (const line of [
    'scenarios.spike.stages[1].target: must be >= 0, got -1',
    'scenarios.ci.rate: must be > 0, got 0',
    'scenarios.ci.preAllocatedVUs: required for the constant-arrival-rate executor',
    'scenarios.x.executor: unknown executor "nope"',
    'scenarios.y.gracefulStop: invalid duration "soon"',
    'scenarios.y.vus: must be a non-negative integer, got "a"',
  ]) assert.ok(r.stderr.includes(line), `missing ${line} in\n${r.stderr}`);
  assert.match(r.stderr, /6 problems in options/);
});

test('setup() past setupTimeout exits 100; teardown() past teardownTimeout exits 101 after the summary', async () => {
  const dir = await scriptDir({
    'setup.js': `import { sleep } from 'k6';
export const options = { setupTimeout: '500ms' };
export function setup() { sleep(3); }
export default function () {}
`,
    'teardown.js': `import { sleep } from 'k6';
export const options = { teardownTimeout: '500ms' };
export default function () {}
export function teardown() { sleep(3); }
`,
  });
  const setup = await stampede(['run', path.join(dir, 'setup.js')]);
  assert.equal(setup.code, 100, setup.stderr);
  assert.match(setup.stderr, /setup\(\) did not finish within 500 ms/);
  const teardown = await stampede(['run', path.join(dir, 'teardown.js')]);
  assert.equal(teardown.code, 101, teardown.stderr);
  assert.match(teardown.stderr, /teardown\(\) did not finish within 500 ms/);
  assert.match(teardown.stdout, /iterations\.*: 1\b/);
});

test('a promise the script rejects and never handles is logged as "Uncaught (in promise)" and counted; the run goes on', async () => {
  const dir = await scriptDir({
    'reject.js': `export const options = { iterations: 3 };
export default function () {
  Promise.reject(new Error('nobody caught me'));
}
`,
  });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'reject.js')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Uncaught \(in promise\) Error: nobody caught me[^\n]*\n[^\n]*reject\.js:3:\d+/);
  assert.doesNotMatch(r.stderr, /internal error/);
  const s = JSON.parse(await readFile(exported, 'utf8'));
  assert.equal(s.metrics.iterations.count, 3);
  assert.equal(s.metrics.script_errors.count, 3);
});

test('when the generator itself was the bottleneck, the run says latencies are understated', async () => {
  const dir = await scriptDir({
    'busy.js': `export const options = { vus: 1, iterations: 6 };
export default function () { const end = Date.now() + 120; while (Date.now() < end) { /* a CPU-bound script blocks the VU's event loop */ } }
`,
  });
  const r = await stampede(['run', path.join(dir, 'busy.js')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /WARN\[\d+\] results understate latency: the event loop of VU worker 0 was delayed up to \d+ ms \(p99 \d+ ms; process CPU \d+% of a core\)/);
  const calm = await scriptDir({ 'calm.js': `import { sleep } from 'k6';\nexport const options = { vus: 2, iterations: 4 };\nexport default function () { sleep(0.1); }\n` });
  const quiet = await stampede(['run', path.join(calm, 'calm.js')]);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stderr, /understate latency/);
});

test('a unique URL per request is capped with a warning that names the tag and the remedy; totals stay exact', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'ids.js': `import http from 'k6/http';
export const options = { vus: 20, iterations: 10500, discardResponseBodies: true };
export default function () { http.get('${target.url}/item/' + __VU + '-' + __ITER); }
`,
    });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'ids.js')], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /metric "http_reqs" has more than 10000 distinct tag sets \(tag "(url|name)" alone has \d+ values\)/);
    assert.match(r.stderr, /"name" tag/);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.http_reqs.count, 10500);
    assert.equal(target.total(), 10500);
  } finally {
    await target.close();
  }
});

test('a directory given as the script says it is a directory and names the script inside it', async () => {
  const dir = await scriptDir({ 'suite/load.js': `export default function () {}\n` });
  const r = await stampede(['run', path.join(dir, 'suite')]);
  assert.equal(r.code, 107);
  assert.match(r.stderr, /is a directory, not a file: .*suite/);
  assert.doesNotMatch(r.stderr, /not found/);
  assert.match(r.stderr, /hint: name the script file inside it, e\.g\. .*suite\/load\.js/);
});

test('vus: -1 alone is one problem on vus, not also one on iterations', async () => {
  const dir = await scriptDir({ 'neg.js': `export const options = { vus: -1 };\nexport default function () {}\n` });
  const r = await stampede(['run', path.join(dir, 'neg.js')]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /vus: must be >= 0, got -1/);
  assert.doesNotMatch(r.stderr, /iterations/);
  assert.doesNotMatch(r.stderr, /problems in options/);
});

test('a bad tlsVersion and a bad dns.select each exit 104 naming the option path before any request is sent', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'tls.js': `import http from 'k6/http';\nexport const options = { iterations: 3, tlsVersion: 'tls1.9' };\nexport default function () { http.get('${target.url}/tls'); }\n`,
      'dns.js': `import http from 'k6/http';\nexport const options = { iterations: 3, dns: { ttl: '1m', select: 'nearest' } };\nexport default function () { http.get('${target.url}/dns'); }\n`,
    });
    const tls = await stampede(['run', path.join(dir, 'tls.js')]);
    assert.equal(tls.code, 104, tls.stderr);
    assert.match(tls.stderr, /tlsVersion: unknown TLS version "tls1\.9"/);
    const dns = await stampede(['run', path.join(dir, 'dns.js')]);
    assert.equal(dns.code, 104, dns.stderr);
    assert.match(dns.stderr, /dns\.select: unknown value "nearest"/);
    const viaEnv = await stampede(['run', path.join(dir, 'tls.js').replace('tls.js', 'dns.js')], { env: { K6_DNS: 'ttl=1m,policy=ipv4' } });
    assert.equal(viaEnv.code, 104, 'K6_DNS is checked the same way');
    assert.match(viaEnv.stderr, /dns\.policy: unknown value "ipv4"/);
    assert.equal(target.total(), 0, 'no request was sent');
  } finally {
    await target.close();
  }
});

test('--log-output loki=… is refused with exit 104 and says what to use instead', async () => {
  const dir = await scriptDir({ 's.js': `export default function () {}\n` });
  const r = await stampede(['run', '--log-output', 'loki=http://127.0.0.1:3100/loki/api/v1/push', path.join(dir, 's.js')]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /--log-output: loki is not supported; use stderr, stdout, none or file=PATH/);
});

test('-c with a config file that does not exist: exit 104 naming the file', async () => {
  const dir = await scriptDir({ 's.js': `export default function () {}\n` });
  const r = await stampede(['run', '-c', path.join(dir, 'missing-k6.json'), path.join(dir, 's.js')]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /missing-k6\.json: cannot read the config file/);
});
