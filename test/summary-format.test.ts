/**
 * The end-of-test text summary as the real CLI prints it, against k6's
 * format: a run without HTTP still has its NETWORK block (data_received and
 * data_sent at 0 B, as k6 counts every iteration's bytes); the
 * { expected_response:true } line appears only when some request got an
 * expected response; every rate is rounded as k6 rounds it (bytes: one
 * decimal below 10 in each unit, counters: at most six decimals).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { freePort, startTarget, type Target } from './helpers/target.ts';

let target: Target;

before(async () => {
  target = await startTarget({
    // as few bytes as an HTTP response can have with Node: 204, no Date
    '/tiny': (_req, res) => { res.sendDate = false; res.writeHead(204); res.end(); },
  });
});
after(async () => { await target?.close(); });

async function run(source: string): Promise<{ code: number | null; stdout: string; output: string }> {
  const dir = await scriptDir({ 'script.js': source });
  const r = await stampede(['run', '--address', '127.0.0.1:0', path.join(dir, 'script.js')]);
  return { code: r.code, stdout: r.stdout, output: `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}` };
}

/** What follows the dots of one metric line, alignment spaces collapsed (`name....: 0 B   0 B/s` → '0 B 0 B/s'). */
function metricLine(stdout: string, name: string): string | undefined {
  const m = new RegExp(`^ +${name.replace(/[{}]/g, '\\$&')}\\.+: (.*)$`, 'm').exec(stdout);
  return m?.[1].replace(/ +/g, ' ');
}

test('a run without HTTP shows data_received and data_sent as 0 B and no expected_response line', async () => {
  const r = await run(`export const options = { iterations: 3 };
export default function () {}
`);
  assert.equal(r.code, 0, r.output);
  // values are padded to the widest of the summary (generator_memory's "151 MB" in the EXECUTION block)
  assert.match(r.stdout, /\n {4}NETWORK\n {4}data_received\.+: 0 B +0 B\/s\n {4}data_sent\.+: 0 B +0 B\/s\n/, r.output);
  assert.match(r.stdout, /\n {4}generator_memory\.+: \d+ MB +min=\d+ MB +max=\d+ MB\n/, r.output);
  assert.equal(metricLine(r.stdout, 'data_received'), '0 B 0 B/s', r.output);
  assert.equal(metricLine(r.stdout, 'data_sent'), '0 B 0 B/s', r.output);
  assert.doesNotMatch(r.stdout, /expected_response/, r.output);
  assert.doesNotMatch(r.stdout, /\n {4}HTTP\n/, r.output);
});

test('every request refused: no empty { expected_response:true } line', async () => {
  const port = await freePort();
  const r = await run(`import http from 'k6/http';
export const options = { iterations: 3 };
export default function () { http.get('http://127.0.0.1:${port}/'); }
`);
  assert.equal(r.code, 0, r.output);
  assert.match(metricLine(r.stdout, 'http_req_failed') ?? '', /^100\.00% 3 out of 3$/, r.output);
  assert.ok(metricLine(r.stdout, 'http_req_duration'), r.output);
  assert.doesNotMatch(r.stdout, /expected_response/, r.output);
  assert.equal(metricLine(r.stdout, 'data_received'), '0 B 0 B/s', r.output);
});

test('with HTTP to a local target, data and counter rates are rounded as k6 rounds them', async () => {
  const before = target.total();
  const r = await run(`import http from 'k6/http';
import { sleep } from 'k6';
export const options = { iterations: 5 };
export default function () { http.get('${target.url}/json'); sleep(0.05); }
`);
  assert.equal(r.code, 0, r.output);
  assert.equal(target.total() - before, 5);
  // k6's byte sizes: "321 B", "1.2 kB", "76 kB"; their rates the same with "/s"
  const bytes = String.raw`(?:\d+ B|\d\.\d [kMGT]?B|\d{2,3} [kMGT]B)`;
  for (const name of ['data_received', 'data_sent']) {
    const line = metricLine(r.stdout, name);
    assert.match(line ?? '', new RegExp(`^${bytes} ${bytes}/s$`), `${name}: ${line}\n${r.output}`);
  }
  // counters: the count, then the rate with at most six decimals
  for (const name of ['http_reqs', 'iterations']) {
    const line = metricLine(r.stdout, name);
    assert.match(line ?? '', /^5 \d+(\.\d{1,6})?\/s$/, `${name}: ${line}\n${r.output}`);
  }
  assert.match(metricLine(r.stdout, '{ expected_response:true }') ?? '', /^avg=/, r.output);
});

test('a data rate below 10 B/s is rounded to one decimal (one tiny request in an 8 s run; k6 prints such a rate unrounded)', async () => {
  const r = await run(`import http from 'k6/http';
import { sleep } from 'k6';
export const options = { iterations: 1, userAgent: '' };
export default function () { http.get('${target.url}/tiny'); sleep(8); }
`);
  assert.equal(r.code, 0, r.output);
  for (const name of ['data_received', 'data_sent']) {
    const line = metricLine(r.stdout, name);
    assert.match(line ?? '', /^\d\d B \d\.\d B\/s$/, `${name}: ${line}\n${r.output}`);
  }
});
