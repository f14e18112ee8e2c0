import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ScriptError } from '../errors/index.ts';
import { compileScript } from './index.ts';
import { callExport, compileFixture, fixtureDir, runFixture } from './test-kit.test.ts';

const gets = (log: string[]): string[] => log.filter((l) => !l.startsWith('done '));

test('async lands in valid places on static, computed, quoted and private methods and object methods', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
import { sleep } from 'k6';
class Api {
  static async login() { http.get('login'); return new Api(); }
  static ['make']() { return http.get('make').status; }
  'quoted'() { sleep(1); }
  #secret() { return http.get('secret').url; }
  run() { this.quoted(); return this.#secret(); }
  field = () => sleep(2);
}
const o = { a() { return http.get('a').url; }, ['b']() { sleep(3); }, c: function () { sleep(4); } };
export default async function () {
  const api = await Api.login();
  console.log(Api.make(), api.run());
  api.field();
  console.log(o.a());
  o.b();
  o.c();
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.deepEqual(gets(log), ['get login', 'get make', 'sleep 1', 'get secret', '200 secret', 'sleep 2', 'get a', 'a', 'sleep 3', 'sleep 4']);
});

test('calls the user already awaits are not wrapped again; async functions keep their callers as written', async () => {
  const { compiled, exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
async function load(u) { const r = await http.get(u); return r.status; }
export default async function () {
  const both = await Promise.all([load('a'), load('b')]);
  load('c').then((s) => console.log('then ' + s));
  console.log(both.join(','));
}
`,
  }, 'script.js');
  assert.ok(!compiled.code.includes('(await http.get'), 'no second await around an awaited call');
  assert.match(compiled.code, /Promise\.all\(\[load\("a"\), load\("b"\)\]\)/);
  await callExport(exports);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(gets(log).slice(0, 3), ['get a', 'get b', 'get c']);
  assert.ok(log.includes('200,200') && log.includes('then 200'));
});

test('recursion, destructured k6 imports, .apply, stored modules and arrow default exports block', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
const { get } = http;
function retry(n) { const r = get('try' + n); return n > 0 ? retry(n - 1) : r.status; }
class Holder { constructor() { this.http = http; } ping() { return this.http.get('held').status; } }
function named(u) { return http.get(u).url; }
export const other = () => named.apply(null, ['applied']);
export default () => [retry(2), new Holder().ping(), other()];
`,
  }, 'script.js');
  assert.deepEqual(await callExport(exports), [200, 200, 'applied']);
  assert.deepEqual(gets(log), ['get try2', 'get try1', 'get try0', 'get held', 'get applied']);
});

test('functions stored in arrays and called through unknown values are awaited', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
function login() { http.get('login'); }
function browse() { http.get('browse'); }
const steps = [login, browse];
export default function () {
  for (const step of steps) step();
  console.log('after');
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.deepEqual(log, ['get login', 'done login', 'get browse', 'done browse', 'after']);
});

test('a user method named like a library method does not make npm packages async', async () => {
  const compiled = await compileFixture({
    'node_modules/memo/package.json': '{ "name": "memo", "main": "index.js" }',
    'node_modules/memo/index.js': `const cache = new Map();\nexports.lookup = function lookup(k) { return cache.get(k) ?? null; };\n`,
    'script.js': `import http from 'k6/http';
import { lookup } from 'memo';
class Store { get(key) { return http.get(key); } }
const m = new Map([['k', 1]]);
export default function () { return [new Store().get('x').status, m.get('k'), lookup('z')]; }
`,
  }, 'script.js');
  assert.match(compiled.code, /exports\.lookup = function lookup\d*\(k\)/, 'the package function stays synchronous');
  assert.match(compiled.code, /\(await m\.get\("k"\)\)/, 'user code awaits by name (harmless on a Map)');
});

test('a "maybe" blocking call (matched by name only) in a getter is left alone instead of refused', async () => {
  const { exports } = await runFixture({
    'script.js': `import http from 'k6/http';
class Api { fetch(u) { return http.get(u); } }
class View { constructor(items) { this.items = items; } get first() { return this.items.fetch ? 'api' : this.items.find((x) => x > 1); } }
export default function () { new Api().fetch('x'); return new View([1, 2]).first; }
`,
  }, 'script.js');
  assert.equal(await callExport(exports), 2);
});

test('blocking calls in functions called with new, default parameters, field initializers and static blocks are refused', async () => {
  const cases: Array<[string, RegExp, string]> = [
    [`import http from 'k6/http';\nfunction Client() {\n  this.r = http.get('x');\n}\nexport default function () { return new Client(); }\n`, /called with `new`/, 's.js:3:12'],
    [`import http from 'k6/http';\nexport function f(res = http.get('x')) { return res; }\nexport default function () { f(); }\n`, /default parameter/, 's.js:2:25'],
    [`import { sleep } from 'k6';\nexport class C {\n  ready = sleep(1);\n}\nexport default function () { new C(); }\n`, /class field initializer/, 's.js:3:11'],
    [`import { sleep } from 'k6';\nexport class C {\n  static { sleep(1); }\n}\nexport default function () {}\n`, /class static block/, 's.js:3:12'],
    [`const lib = require('./lib.cjs');\nexport default function () { lib.x(); }\n`, /top level of a module loaded with require\(\)/, 'lib.cjs:2:1'],
  ];
  for (const [source, message, where] of cases) {
    const dir = await fixtureDir({ 's.js': source, 'lib.cjs': `const { sleep } = require('k6');\nsleep(1);\nexports.x = () => 1;\n` });
    const err = await compileScript(path.join(dir, 's.js')).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ScriptError, `${where}: expected a ScriptError`);
    assert.match(err.message, message);
    assert.equal(`${path.basename(err.location?.file ?? '')}:${err.location?.line}:${err.location?.column}`, where);
  }
});

test('dynamic import of a k6 module and import.meta.url work inside the factory', async () => {
  const { exports, compiled } = await runFixture({
    'script.js': `export default async function () {\n  const http = await import('k6/http');\n  return [(await http.get('d')).status, import.meta.url];\n}\n`,
  }, 'script.js');
  assert.deepEqual(await callExport(exports), [200, `file://${compiled.path}`]);
});

test('chained array helpers after optional links, super calls, tagged templates and function IIFEs stay valid and ordered', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
import { sleep } from 'k6';
class B { m() { return http.get('b').status; } }
class A extends B { m() { return super.m() + 1; } }
const tag = (s) => http.get(s[0]).url;
const none = null;
export default function () {
  const v = function () { sleep(1); return 5; }();
  const o = { list: ['x', 'y'] };
  const kept = o?.list?.map((u) => http.get(u).url).filter((u) => http.get(u + '!').status === 200);
  const missing = none?.list.map((u) => http.get(u).url).filter((u) => u);
  outer: for (const n of [2]) { sleep(n); break outer; }
  return [v, kept, missing, tag\`t\`, new A().m()];
}
`,
  }, 'script.js');
  assert.deepEqual(await callExport(exports), [5, ['x', 'y'], undefined, 't', 201]);
  assert.deepEqual(gets(log), ['sleep 1', 'get x', 'get y', 'get x!', 'get y!', 'sleep 2', 'get t', 'get b']);
});
