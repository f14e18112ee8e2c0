/**
 * Every file a run will write is checked before the test starts (exit 104,
 * the flag, the path, a hint); a file that can only fail at the end is
 * reported and everything else (summary, history) is still written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';

const SCRIPT = `export default function () { console.log('iteration ran'); }\nexport function handleSummary(data) { return { stdout: 'summary printed\\n', [__ENV.OUT]: JSON.stringify(data) }; }\n`;

for (const flag of ['--summary-export', '--console-output', '--report', '--junit']) {
  test(`${flag} into a folder that does not exist: exit 104 before anything runs`, async () => {
    const dir = await scriptDir({ 's.js': SCRIPT });
    const r = await stampede(['run', '--no-history', flag, '/nonexistent-dir/out.file', '-e', 'OUT=out.json', path.join(dir, 's.js')]);
    assert.equal(r.code, 104, r.stderr);
    assert.match(r.stderr, new RegExp(`${flag}: cannot write /nonexistent-dir/out.file: the folder /nonexistent-dir does not exist`));
    assert.match(r.stderr, /hint: fix the path, create the folder/);
    assert.doesNotMatch(r.stderr, /iteration ran|internal error|Unhandled|node:events/);
  });
}

test('a folder given as the summary export: exit 104 naming it', async () => {
  const dir = await scriptDir({ 's.js': SCRIPT });
  await mkdir(path.join(dir, 'out'));
  const r = await stampede(['run', '--no-history', '--summary-export', path.join(dir, 'out'), '-e', 'OUT=x.json', path.join(dir, 's.js')]);
  assert.equal(r.code, 104, r.stderr);
  assert.match(r.stderr, /--summary-export: .*out is a directory; give a file name/);
});

test('a handleSummary() file that cannot be written is reported; stdout and the history still are', async () => {
  const dir = await scriptDir({ 's.js': SCRIPT });
  const historyDir = path.join(dir, 'history');
  const r = await stampede(['run', '-e', 'OUT=/nonexistent-dir/summary.json', path.join(dir, 's.js')], { env: { STAMPEDE_NO_HISTORY: '', STAMPEDE_HISTORY_DIR: historyDir } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /summary printed/);
  assert.match(r.stderr, /ERRO\[\d{4}\] handleSummary\(\) output was not written to \/nonexistent-dir\/summary\.json: ENOENT/);
  const runs = JSON.parse((await stampede(['runs', '--json'], { env: { STAMPEDE_HISTORY_DIR: historyDir } })).stdout);
  assert.equal(runs.length, 1, 'the run is in the history');
});

test('a run refused at the start writes no summary export (k6 writes an empty {"metrics":{}})', async () => {
  const dir = await scriptDir({ 'typo.js': `export const options = { thresholds: { http_req_durration: ['p(95)<500'] } };\nexport default function () {}\n` });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--no-history', '--summary-export', exported, path.join(dir, 'typo.js')]);
  assert.equal(r.code, 104, r.stderr);
  await assert.rejects(access(exported), /ENOENT/, 'no export of a run that never ran');
});
