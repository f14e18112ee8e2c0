import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileScript } from './index.ts';
import { callExport, compileFixture, fakeVu, fixtureDir, loadFactory, runFixture } from './test-kit.test.ts';

test('synchronous k6 code runs in order: each request finishes before the next line', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 2 };
export default function () {
  const res = http.get('a');
  console.log('status ' + res.status);
  http.get('b');
  sleep(0.5);
  console.log('end');
}
`,
  }, 'script.js');
  assert.deepEqual(exports.options, { vus: 2 });
  await callExport(exports);
  assert.deepEqual(log, ['get a', 'done a', 'status 200', 'get b', 'done b', 'sleep 0.5', 'end']);
});

test('named, namespace and renamed imports of k6 modules all block', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import { get as fetch, post } from 'k6/http';
import * as http from 'k6/http';
import k6 from 'k6';
export default function () {
  fetch('a');
  http.post('b');
  post('c');
  k6.sleep(1);
  console.log('end');
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.deepEqual(log, ['get a', 'done a', 'post b', 'done b', 'post c', 'done c', 'sleep 1', 'end']);
});

test('forEach, map, filter and reduce with blocking callbacks run in order and return the right values', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
export default function () {
  const urls = ['a', 'b', 'c'];
  urls.forEach((u) => { http.get(u); });
  const statuses = urls.map((u) => http.get(u + '404').status);
  const kept = urls.filter((u) => http.get(u).status === 200 && u !== 'b');
  const total = urls.reduce((sum, u) => sum + http.get(u).url.length, 10);
  const found = urls.find((u) => http.get(u).url === 'b');
  console.log(statuses.join(','), kept.join(','), total, found);
}
`,
  }, 'script.js');
  await callExport(exports);
  const gets = log.filter((l) => l.startsWith('get '));
  assert.deepEqual(gets.slice(0, 6), ['get a', 'get b', 'get c', 'get a404', 'get b404', 'get c404']);
  for (let i = 0; i < log.length - 1; i += 2) {
    if (log[i].startsWith('get ')) assert.equal(log[i + 1], `done ${log[i].slice(4)}`, 'each request ends before the next starts');
  }
  assert.equal(log.at(-1), '404,404,404 a,c 13 b');
});

test('helpers in other files, class methods and object methods become async', async () => {
  const { exports, log } = await runFixture({
    'lib/api.js': `import http from 'k6/http';
export function fetchItem(id) { return http.get('item' + id); }
export class Client {
  constructor(base) { this.base = base; }
  load(path) { return this.fetch(path).status; }
  fetch(path) { return http.get(this.base + path); }
  static make() { return new Client('s/'); }
}
export const pages = {
  home() { return fetchItem(0).url; },
  about: () => http.get('about'),
};
`,
    'script.js': `import { fetchItem, Client, pages } from './lib/api.js';
export default function () {
  fetchItem(1);
  const c = Client.make();
  const s = c.load('x');
  const home = pages.home();
  pages.about();
  console.log(s, home);
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.deepEqual(log, ['get item1', 'done item1', 'get s/x', 'done s/x', 'get item0', 'done item0', 'get about', 'done about', '200 item0']);
});

test('a TypeScript script with interfaces and type-only imports compiles and runs', async () => {
  const { exports, log } = await runFixture({
    'types.ts': `export interface Target { path: string; weight?: number }\nexport type Id = string;\n`,
    'api.ts': `import http from 'k6/http';
import type { Target } from './types.ts';
export function hit(t: Target): number { return http.get(t.path).status as number; }
`,
    'script.ts': `import { hit } from './api.ts';
import type { Target, Id } from './types.ts';
interface Options { vus: number }
export const options: Options = { vus: 1 };
const targets: Target[] = [{ path: '/a' }, { path: '/b', weight: 2 }];
export default function (): void {
  const id: Id = 'x';
  for (const t of targets) console.log(id, hit(t));
}
`,
  }, 'script.ts');
  await callExport(exports);
  assert.deepEqual(log, ['get /a', 'done /a', 'x 200', 'get /b', 'done /b', 'x 200']);
});

test('JSON imports, local require() and npm packages from node_modules are bundled', async () => {
  const { exports, log } = await runFixture({
    'data.json': '{ "users": ["ann", "bob"] }',
    'legacy.cjs': `const http = require('k6/http');\nexports.ping = function (u) { return http.get('ping/' + u).status; };\n`,
    'node_modules/greeter/package.json': '{ "name": "greeter", "main": "main.js" }',
    'node_modules/greeter/main.js': 'module.exports = function greet(name) { return "hello " + name; };\n',
    'script.js': `import data from './data.json';
import greet from 'greeter';
const legacy = require('./legacy.cjs');
export default function () {
  for (const u of data.users) console.log(greet(u), legacy.ping(u));
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.deepEqual(log, ['get ping/ann', 'done ping/ann', 'hello ann 200', 'get ping/bob', 'done ping/bob', 'hello bob 200']);
});

test('check() and group() wait only when their callbacks block, and return their results', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
import { check, group } from 'k6';
export default function () {
  const res = http.get('a');
  const plain = check(res, { 'is 200': (r) => r.status === 200 });
  const deep = check(res, { 'follow-up ok': (r) => http.get('b').status === 200 });
  const inner = group('g', () => { http.get('c'); return 'value'; });
  const sync = group('s', () => 1 + 1);
  console.log(plain, deep, inner, sync);
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.deepEqual(log, [
    'get a', 'done a', 'check is 200 ok', 'get b', 'done b', 'check follow-up ok ok',
    'group g', 'get c', 'done c', 'end group g', 'group s', 'end group s', 'true true value 2',
  ]);
});

test('__ITER is read live, __VU and __ENV come from the VU context, open() reaches its open', async () => {
  const { exports, log, state } = await runFixture({
    'script.js': `const file = open('./users.csv');
export default function () { console.log(__VU, __ITER, __ENV.TARGET, file, { __ITER }.__ITER); }
`,
  }, 'script.js');
  await callExport(exports);
  state.iteration = 5;
  await callExport(exports);
  assert.deepEqual(log, ['1 0 http://t contents of ./users.csv 0', '1 5 http://t contents of ./users.csv 5']);
});

test('every factory call gets its own module state; the compiled code is shared', async () => {
  const compiled = await compileFixture({
    'counter.js': 'let count = 0;\nexport function next() { return ++count; }\n',
    'script.js': `import { next } from './counter.js';\nexport default function () { return next(); }\n`,
  }, 'script.js');
  const factory = loadFactory(compiled);
  const a = await factory(fakeVu(1).context);
  const b = await factory(fakeVu(2).context);
  assert.equal(await callExport(a), 1);
  assert.equal(await callExport(a), 2);
  assert.equal(await callExport(b), 1, 'VU 2 starts from fresh module state');
});

test('async scripts using http.asyncRequest and await are left as written', async () => {
  const { exports, log, compiled } = await runFixture({
    'script.js': `import http from 'k6/http';
export default async function () {
  const [a, b] = await Promise.all([http.asyncRequest('GET', 'a'), http.asyncRequest('GET', 'b')]);
  const c = await http.get('c');
  console.log(a.status, b.status, c.status);
}
`,
  }, 'script.js');
  assert.match(compiled.code, /Promise\.all\(\[http\.asyncRequest\("GET", "a"\), http\.asyncRequest\("GET", "b"\)\]\)/);
  await callExport(exports);
  assert.deepEqual(log.slice(0, 2), ['get a', 'get b'], 'both requests start before either ends');
  assert.equal(log.at(-1), '200 200 200');
});

test('nested calls, optional chains, IIFEs and .call() are awaited correctly', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
function fetchJson(u) { return http.get(u).json(); }
const maybe = { client: http };
const none = null;
export default function () {
  const a = fetchJson('a').url;
  const b = maybe?.client.get('b')?.status;
  const c = none?.get('c').status;
  const d = (() => http.get('d').url)();
  const e = fetchJson.call(null, 'e').url;
  console.log(a, b, c, d, e);
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.equal(log.at(-1), 'a 200 undefined d e');
  assert.equal(log.filter((l) => l.startsWith('get ')).length, 4);
});

test('functions passed as parameters and responses with submitForm are followed', async () => {
  const { exports, log } = await runFixture({
    'script.js': `import http from 'k6/http';
function timed(name, fn) { const r = fn(); console.log('timed ' + name); return r; }
function each(list, fn) { list.forEach(fn); }
export default function () {
  const r = timed('home', () => http.get('home'));
  each(['x', 'y'], (u) => http.get(u));
  const form = r.submitForm();
  console.log(form.url);
}
`,
  }, 'script.js');
  await callExport(exports);
  assert.deepEqual(log, ['get home', 'done home', 'timed home', 'get x', 'done x', 'get y', 'done y', 'submit home#form', 'done home#form', 'home#form']);
});

test('jslib URLs become built-in modules and CommonJS entries export module.exports', async () => {
  const compiled = await compileFixture({
    'script.cjs': `const { randomItem } = require('https://jslib.k6.io/k6-utils/1.4.0/index.js');
module.exports.options = { vus: 3 };
module.exports.default = function () { return randomItem([7]); };
`,
  }, 'script.cjs');
  const vu = fakeVu(1, { 'stampede:jslib/k6-utils': { default: {}, randomItem: (l: number[]) => l[0] } });
  const exports = await loadFactory(compiled)(vu.context);
  assert.deepEqual(exports.options, { vus: 3 });
  assert.equal(await callExport(exports), 7);
});

test('export default of an anonymous function, re-exports and top-level await work', async () => {
  const { exports } = await runFixture({
    'lib.js': 'export const setup = () => ({ token: 1 });\n',
    'script.js': `import http from 'k6/http';
export { setup } from './lib.js';
export { sleep } from 'k6';
const first = http.get('init');
export default function () { return first.status; }
export function handleSummary() { return { stdout: 'x' }; }
`,
  }, 'script.js');
  assert.equal(await callExport(exports), 200);
  assert.deepEqual(await callExport(exports, 'setup'), { token: 1 });
  assert.equal(typeof exports.sleep, 'function');
  assert.deepEqual(await callExport(exports, 'handleSummary'), { stdout: 'x' });
});

test('k6/ws connect and gRPC client connect/invoke are awaited; gRPC load and asyncInvoke are not', async () => {
  const compiled = await compileFixture({
    'script.js': `import ws from 'k6/ws';
import grpc from 'k6/net/grpc';
const client = new grpc.Client();
client.load(['defs'], 'hello.proto');
export default function () {
  client.connect('localhost:9000');
  const res = client.invoke('hello.Greeter/SayHello', { name: 'x' });
  client.asyncInvoke('hello.Greeter/SayHello', {});
  ws.connect('ws://x', {}, (socket) => { socket.on('open', () => socket.close()); });
  client.close();
  return res;
}
`,
  }, 'script.js');
  assert.match(compiled.code, /\(await client\.connect\("localhost:9000"\)\)/);
  assert.match(compiled.code, /\(await client\.invoke\(/);
  assert.match(compiled.code, /\(await ws\.connect\(/);
  assert.match(compiled.code, /\nclient\.load\(/);
  assert.match(compiled.code, / client\.asyncInvoke\(/);
  assert.match(compiled.code, / client\.close\(\)/);
});

test('relative paths resolve against opts.cwd; file:// imports and Node built-ins inside npm packages bundle', async () => {
  const dir = await fixtureDir({
    'node_modules/uses-fs/package.json': '{ "name": "uses-fs", "main": "index.js" }',
    'node_modules/uses-fs/index.js': `const fs = require('fs');\nmodule.exports = () => typeof fs.readFileSync;\n`,
    'lib.js': 'export const five = 5;\n',
  });
  await writeFile(path.join(dir, 'script.js'), `import usesFs from 'uses-fs';\nimport { five } from '${pathToFileURL(path.join(dir, 'lib.js')).href}';\nexport default function () { return [usesFs(), five]; }\n`);
  const compiled = await compileScript('script.js', { cwd: dir });
  assert.equal(compiled.path, path.join(dir, 'script.js'));
  assert.equal(compiled.filename, `stampede-compiled://${path.join(dir, 'script.js')}`);
  const exports = await loadFactory(compiled)(fakeVu().context);
  assert.deepEqual(await callExport(exports), ['undefined', 5]);
});
