/**
 * `stampede new`, `stampede check` / `run --typecheck` and `stampede archive`
 * / `run test.tar`, through the real CLI against a local target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, rename, mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stampede, scriptDir, ROOT } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('new writes a starter script that runs against BASE_URL, and refuses to overwrite without --force', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({});
    const made = await stampede(['new'], { cwd: dir });
    assert.equal(made.code, 0, made.stderr);
    const text = await readFile(path.join(dir, 'script.js'), 'utf8');
    assert.match(text, /http\.get\(BASE_URL\)/);
    assert.match(text, /__ENV\.BASE_URL \|\|/);
    assert.match(text, /sleep\(1\)/);

    const again = await stampede(['new'], { cwd: dir });
    assert.equal(again.code, 104);
    assert.match(again.stderr, /script\.js already exists/);
    assert.equal((await stampede(['new', '--force'], { cwd: dir })).code, 0);

    const run = await stampede(['run', '-q', '--no-thresholds', '-u', '1', '-i', '2', '-e', `BASE_URL=${target.url}/hello`, 'script.js'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(target.counts.get('/hello'), 2);
    assert.match(run.stdout, /status is 200/);
  } finally {
    await target.close();
  }
});

test('new --ts writes script.ts and a tsconfig.json with the k6 types; check passes on it', async () => {
  const dir = await scriptDir({});
  const made = await stampede(['new', '--ts'], { cwd: dir });
  assert.equal(made.code, 0, made.stderr);
  const tsconfig = JSON.parse(await readFile(path.join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: { types: string[]; typeRoots: string[] } };
  assert.deepEqual(tsconfig.compilerOptions.types, ['k6']);
  assert.ok(existsSync(path.join(tsconfig.compilerOptions.typeRoots[0], 'k6', 'index.d.ts')));
  const checked = await stampede(['check', 'script.ts'], { cwd: dir });
  assert.equal(checked.code, 0, checked.stderr);
  assert.equal(checked.stdout.trim().split('\n').length, 1);
  assert.match(checked.stdout, /script\.ts: OK/);
  const inspected = await stampede(['inspect', 'script.ts'], { cwd: dir });
  assert.equal(inspected.code, 0, inspected.stderr);
  assert.equal((JSON.parse(inspected.stdout) as { vus: number }).vus, 10);
});

test('check reports type errors at file:line:col with exit 107; run --typecheck refuses before any VU starts', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'bad.ts': `import http from 'k6/http';
export const options = { iterations: 1 };
export default function (): void {
  const res = http.get('${target.url}/x');
  const n: number = res.status;
  const s: string = n;
  res.json().nope();
}
`,
    });
    const checked = await stampede(['check', 'bad.ts'], { cwd: dir });
    assert.equal(checked.code, 107);
    assert.match(checked.stderr, /bad\.ts:6:9: error TS2322: Type 'number' is not assignable to type 'string'/);
    assert.match(checked.stderr, /bad\.ts:7:\d+: error TS/);
    const run = await stampede(['run', '-q', '--typecheck', 'bad.ts'], { cwd: dir });
    assert.equal(run.code, 107);
    assert.match(run.stderr, /bad\.ts:6:9/);
    assert.equal(target.total(), 0, 'no request was sent');
  } finally {
    await target.close();
  }
});

test("the repository's TypeScript examples type-check", async () => {
  const checked = await stampede(['check', 'examples/scripts/approvals.ts'], { cwd: ROOT });
  assert.equal(checked.code, 0, checked.stderr);
});

test('archive bundles the script, its local import, the opened data file and the options; run test.tar runs without the originals', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'lib/paths.js': `export function pathFor(name) { return '/item/' + name; }\n`,
      'data/names.json': JSON.stringify(['alpha', 'beta', 'gamma']),
      'test.js': `import http from 'k6/http';
import { pathFor } from './lib/paths.js';
const names = JSON.parse(open('./data/names.json'));
export const options = { vus: 1, iterations: 2 };
export default function () {
  for (const n of names) http.get(__ENV.BASE_URL + pathFor(n));
}
`,
    });
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'stampede-tar-')), 'test.tar');
    const archived = await stampede(['archive', '-i', '3', '-e', `BASE_URL=${target.url}`, 'test.js', '-O', out], { cwd: dir });
    assert.equal(archived.code, 0, archived.stderr);
    // the originals are gone
    await rename(dir, `${dir}-moved`);
    try {
      const run = await stampede(['run', '-q', '--no-thresholds', out], { cwd: path.dirname(out) });
      assert.equal(run.code, 0, run.stderr);
      // -i 3 from the archive's flags overrides the script's 2; every name of the data file was requested
      for (const n of ['alpha', 'beta', 'gamma']) assert.equal(target.counts.get(`/item/${n}`), 3, `/item/${n}`);
      assert.match(run.stdout, /iterations\.*:\s*3\b/);
    } finally {
      await rm(`${dir}-moved`, { recursive: true, force: true });
    }
  } finally {
    await target.close();
  }
});
