/**
 * k6/experimental/csv and k6/secrets (issue #15 item 6), through the CLI:
 * records as k6 reads them, secrets from --secret-source file and mock
 * sources, and every secret value redacted from the log lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { scriptDir, stampede } from './helpers/cli.ts';

const DATA = 'name,city\nada,"London, UK"\ngrace,"New ""York"""\nlinus,Helsinki\n';

test('csv.parse gives a SharedArray of records (objects or arrays, line ranges); each VU\'s csv.Parser streams its own rows', async () => {
  const dir = await scriptDir({
    'data.csv': DATA,
    'csv.js': `import { open } from 'k6/experimental/fs';
import csv from 'k6/experimental/csv';
import { check } from 'k6';
const file = await open('data.csv');
const people = await csv.parse(file, { asObjects: true });
const rows = await csv.parse(file, { fromLine: 1, toLine: 2 });
const parser = new csv.Parser(file, { skipFirstLine: true });
export const options = { vus: 2, iterations: 8 };
export default async function () {
  const next = await parser.next();
  check(people, {
    'three people': (p) => p.length === 3,
    'quoted comma kept': (p) => p[0].city === 'London, UK',
    'doubled quote unescaped': (p) => p[1].city === 'New "York"',
  });
  check(rows, { 'lines 1 to 2 as arrays': (r) => JSON.stringify(r) === JSON.stringify([['ada', 'London, UK'], ['grace', 'New "York"']]) });
  if (next.done) check(next, { 'done at the end': (n) => n.value === undefined });
  else check(next.value, { 'a data row': (v) => ['ada', 'grace', 'linus'].includes(v[0]) });
}
`,
  });
  const r = await stampede(['run', '--workers', '1', '--summary-export', path.join(dir, 's.json'), path.join(dir, 'csv.js')]);
  assert.equal(r.code, 0, r.stderr);
  const checks = JSON.parse(await readFile(path.join(dir, 's.json'), 'utf8')).root_group.checks;
  const byName = Object.fromEntries(Object.values(checks as Record<string, { name: string; passes: number; fails: number }>).map((c) => [c.name, c]));
  for (const name of ['three people', 'quoted comma kept', 'doubled quote unescaped', 'lines 1 to 2 as arrays']) {
    assert.deepEqual([byName[name]?.passes, byName[name]?.fails], [8, 0], name);
  }
  // 2 VUs x 4 iterations, 3 data rows per parser: each VU reads 3 rows, then one done
  assert.deepEqual([byName['a data row']?.passes, byName['done at the end']?.passes], [6, 2]);
});

test('secrets.get reads the default source, secrets.source(name) a named one; values are redacted from the logs', async () => {
  const dir = await scriptDir({
    'vault.secrets': '# comment\ndb=pg-pass-123\n\napi=token with spaces\n',
    's.js': `import secrets from 'k6/secrets';
export const options = { iterations: 1 };
export default async function () {
  const token = await secrets.get('token');
  const db = await secrets.source('vault').get('db');
  const api = await secrets.source('vault').get('api');
  console.log('token=' + token + ' length=' + token.length + ' db=' + db + ' api=' + api);
  try { await secrets.get('missing'); } catch (e) { console.log('missing: ' + e.message); }
}
`,
  });
  const r = await stampede(['run', '--secret-source', 'mock=default,token=s3cr3t-value', '--secret-source', `file=name=vault,filename=${path.join(dir, 'vault.secrets')}`, path.join(dir, 's.js')]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout + r.stderr;
  assert.match(out, /token=\*\*\*SECRET_REDACTED\*\*\* length=12 db=\*\*\*SECRET_REDACTED\*\*\* api=\*\*\*SECRET_REDACTED\*\*\*/);
  assert.match(out, /missing: no secret "missing" in secret source "mock"/);
  for (const secret of ['s3cr3t-value', 'pg-pass-123', 'token with spaces']) assert.ok(!out.includes(secret), `${secret} leaked`);
});

test('k6/secrets without a source throws in the script; a bad --secret-source is exit 104 naming the flag', async () => {
  const dir = await scriptDir({
    's.js': `import secrets from 'k6/secrets';
export const options = { iterations: 1 };
export default async function () { await secrets.get('x'); }
`,
  });
  const none = await stampede(['run', path.join(dir, 's.js')]);
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stderr, /no secret source is configured: run with --secret-source file=PATH/);
  const bad = await stampede(['run', '--secret-source', 'url=http://127.0.0.1:1/secrets', path.join(dir, 's.js')]);
  assert.equal(bad.code, 104, bad.stderr);
  assert.match(bad.stderr, /--secret-source url: the url secret source is not supported/);
  const missingFile = await stampede(['run', '--secret-source', 'file=nope.secrets', path.join(dir, 's.js')]);
  assert.equal(missingFile.code, 104, missingFile.stderr);
  assert.match(missingFile.stderr, /--secret-source file nope\.secrets: cannot read it: ENOENT/);
});
