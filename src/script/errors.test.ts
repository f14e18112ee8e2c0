import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ScriptError, formatUserError } from '../errors/index.ts';
import { compileScript } from './index.ts';
import { fixtureDir } from './test-kit.test.ts';

/** Compiles `files` and returns the ScriptError it must throw. */
async function compileError(files: Record<string, string>, entry: string): Promise<{ err: ScriptError; dir: string }> {
  const dir = await fixtureDir(files);
  try {
    await compileScript(path.join(dir, entry));
  } catch (err) {
    assert.ok(err instanceof ScriptError, `expected a ScriptError, got ${String(err)}`);
    assert.equal(err.exitCode, 107);
    return { err, dir };
  }
  assert.fail('compiling should have failed');
}

function where(err: ScriptError): string {
  return `${path.basename(err.location?.file ?? '')}:${err.location?.line}:${err.location?.column}`;
}

test('a syntax error names the exact file:line:column with esbuild\'s message', async () => {
  const { err, dir } = await compileError({ 'broken.js': `import http from 'k6/http';\n\nexport default function () {\n  const x = ;\n}\n` }, 'broken.js');
  assert.equal(err.code, 'E_SCRIPT_SYNTAX');
  assert.equal(err.location?.file, path.join(dir, 'broken.js'));
  assert.equal(where(err), 'broken.js:4:13');
  assert.match(err.message, /Unexpected ";"/);
});

test('a syntax error in an imported TypeScript file points into that file, counting UTF-16 columns', async () => {
  const { err } = await compileError({
    'lib.ts': `export const greeting: string = "héllo wörld"; const y = = 1;\n`,
    'main.ts': `import { greeting } from './lib.ts';\nexport default function () { return greeting; }\n`,
  }, 'main.ts');
  assert.equal(where(err), 'lib.ts:1:58');
});

test('a missing local import names the importing line and the missing path', async () => {
  const { err } = await compileError({ 'missing.js': `import http from 'k6/http';\nimport { helper } from './lib/helper.js';\nexport default function () { helper(); }\n` }, 'missing.js');
  assert.equal(err.code, 'E_SCRIPT_IMPORT_NOT_FOUND');
  assert.equal(where(err), 'missing.js:2:24');
  assert.match(err.message, /lib\/helper\.js/);
  assert.ok(err.hint);
  assert.match(formatUserError(err), /^\/.*missing\.js:2:24: cannot find module/);
});

test('a remote URL import is refused with a hint to vendor the file', async () => {
  const { err } = await compileError({ 'remote.js': `import { x } from './ok.js';\n  import lib from 'https://example.com/lib/index.js';\nexport default function () { lib(x); }\n`, 'ok.js': 'export const x = 1;\n' }, 'remote.js');
  assert.equal(err.code, 'E_SCRIPT_REMOTE_IMPORT');
  assert.equal(where(err), 'remote.js:2:19');
  assert.match(err.hint ?? '', /download.*relative path/);
});

test('an unknown k6 module and a Node built-in are refused at their import', async () => {
  const unknown = await compileError({ 's.js': `import x from 'k6/x/sql';\nexport default function () { x(); }\n` }, 's.js');
  assert.equal(unknown.err.code, 'E_SCRIPT_UNKNOWN_MODULE');
  assert.equal(where(unknown.err), 's.js:1:15');
  assert.match(unknown.err.message, /k6\/x\/sql/);
  const builtin = await compileError({ 'n.js': `import fs from 'node:fs';\nexport default function () { fs.readFileSync('x'); }\n` }, 'n.js');
  assert.equal(builtin.err.code, 'E_SCRIPT_NODE_BUILTIN');
  assert.match(builtin.err.message, /cannot import Node built-ins/);
  assert.equal(where(builtin.err), 'n.js:1:16');
});

test('a script file that does not exist is a ScriptError', async () => {
  const dir = await fixtureDir({});
  await assert.rejects(compileScript(path.join(dir, 'nope.js')), (err: unknown) => err instanceof ScriptError && err.code === 'E_SCRIPT_NOT_FOUND');
});

test('a directory given as the script says so and names the script files inside it', async () => {
  const dir = await fixtureDir({ 'load/test.js': 'export default function () {}\n', 'load/b.ts': 'export default function () {}\n', 'load/types.d.ts': '', 'load/data.json': '{}', 'empty/x.txt': '' });
  const err = await compileScript(path.join(dir, 'load')).then(() => assert.fail('should have failed'), (e: unknown) => e);
  assert.ok(err instanceof ScriptError);
  assert.equal(err.code, 'E_SCRIPT_IS_DIRECTORY');
  assert.equal(err.exitCode, 107);
  assert.match(err.message, /is a directory, not a file: .*load$/);
  assert.doesNotMatch(err.message, /not found/);
  assert.equal(err.hint, `name the script file inside it, e.g. ${path.join(dir, 'load', 'b.ts')}, ${path.join(dir, 'load', 'test.js')}`);
  const empty = await compileScript(path.join(dir, 'empty')).then(() => assert.fail('should have failed'), (e: unknown) => e);
  assert.ok(empty instanceof ScriptError);
  assert.match(empty.hint ?? '', /name the script file to run/);
});

test('a blocking call in a class constructor names the call in the user\'s file', async () => {
  const { err } = await compileError({
    'api.js': `import http from 'k6/http';

export class Api {
  constructor(base) {
    this.base = base;
    this.token = http.post(base + '/login').json().token;
  }
}
`,
    'script.js': `import { Api } from './api.js';\nexport default function () { new Api('x'); }\n`,
  }, 'script.js');
  assert.equal(err.code, 'E_SCRIPT_BLOCKING_CONTEXT');
  assert.equal(where(err), 'api.js:6:18');
  assert.equal(err.message, 'http.post() is called inside a class constructor; Stampede runs it asynchronously, and constructors cannot wait — move the call into a method');
});

test('blocking calls in getters, sort comparators and generators are refused with their construct', async () => {
  const getter = await compileError({
    's.ts': `import { sleep } from 'k6';\nconst o = {\n  get slow(): number { sleep(1); return 1; },\n};\nexport default function () { return o.slow; }\n`,
  }, 's.ts');
  assert.equal(where(getter.err), 's.ts:3:24');
  assert.match(getter.err.message, /^sleep\(\) is called inside a getter/);

  const sort = await compileError({
    's.js': `import http from 'k6/http';\nfunction score(u) { return http.get(u).timings.duration; }\nexport default function () {\n  ['a', 'b'].sort((x, y) => score(x) - score(y));\n}\n`,
  }, 's.js');
  assert.equal(where(sort.err), 's.js:4:29');
  assert.match(sort.err.message, /^score\(\) is called inside a sort comparator/);

  const gen = await compileError({
    's.js': `import http from 'k6/http';\nfunction* pages() {\n  yield http.get('p1');\n}\nexport default function () { for (const p of pages()) p; }\n`,
  }, 's.js');
  assert.equal(where(gen.err), 's.js:3:9');
  assert.match(gen.err.message, /generator function/);
});

test('a renamed import is reported under the name the user wrote', async () => {
  const { err } = await compileError({
    'a.js': `import http from 'k6/http';\nexport const a = () => http.get('a');\n`,
    'b.js': `import http from 'k6/http';\nexport class B { get v() { return http.get('b'); } }\n`,
    's.js': `import { a } from './a.js';\nimport { B } from './b.js';\nexport default function () { a(); return new B().v; }\n`,
  }, 's.js');
  assert.equal(where(err), 'b.js:2:35');
  assert.match(err.message, /^http\.get\(\) is called inside a getter/);
});
