/**
 * Memory guard for the VU worker (bench/README.md, sleeping VUs): loading
 * the runtime must not load Node's bundled undici (an ESM import of
 * node:http does, through its lazy WebSocket/EventSource getters) nor any
 * heavy optional package; modules load those when a script uses them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNTIME = fileURLToPath(new URL('./index.ts', import.meta.url));

test("importing the worker runtime loads neither Node's bundled undici nor ws, grpc, redis, cheerio or papaparse", () => {
  const probe = `
    const { registerHooks } = await import('node:module');
    const loaded = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
    await import(${JSON.stringify(RUNTIME)});
    const heavy = ['/ws/', '/@grpc/', '/@redis/', '/redis/', '/cheerio/', '/papaparse/', '/protobufjs/'].filter((p) => loaded.some((f) => f.includes('/node_modules' + p)));
    console.log(JSON.stringify({ undici: process.moduleLoadList.some((m) => m.includes('internal/deps/undici/undici')), heavy }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }).trim().split('\n').at(-1)!);
  assert.deepEqual(out, { undici: false, heavy: [] });
});
