/**
 * Shared helpers for the script compiler's tests (no tests of its own):
 * fixture directories, and a fake VU context (`__vuContext`) whose k6/http calls resolve after
 * a timer and record the order things happen in.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { compileScript, type CompiledScript } from './index.ts';

/** Writes `files` (relative path → content) into a new temp dir; returns its path. */
export async function fixtureDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-script-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

/** Compiles `entry` of a fixture made of `files`. */
export async function compileFixture(files: Record<string, string>, entry: string): Promise<CompiledScript> {
  const dir = await fixtureDir(files);
  return compileScript(path.join(dir, entry));
}

export interface FakeResponse { status: number; url: string; body: string; json(): unknown; submitForm(): Promise<FakeResponse> }

/** A fake VU environment; `log` records every call start/end and console.log line, in order. */
export interface FakeVu {
  context: Record<string, unknown>;
  log: string[];
  state: { iteration: number };
}

const tick = (ms = 2): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Builds a fake VU context for VU `vu`; every k6/http request takes a few ms and logs `get <url>` / `done <url>`. */
export function fakeVu(vu = 1, extraModules: Record<string, Record<string, unknown>> = {}): FakeVu {
  const log: string[] = [];
  const state = { iteration: 0 };
  const respond = async (method: string, url: string): Promise<FakeResponse> => {
    log.push(`${method} ${url}`);
    await tick();
    log.push(`done ${url}`);
    const res: FakeResponse = {
      status: url.includes('404') ? 404 : 200, url, body: JSON.stringify({ url }),
      json: () => ({ url }),
      submitForm: () => respond('submit', `${url}#form`),
    };
    return res;
  };
  const http = {
    get: (url: string) => respond('get', url),
    post: (url: string) => respond('post', url),
    del: (url: string) => respond('del', url),
    batch: async (reqs: string[]) => { const out = []; for (const r of reqs) out.push(await respond('get', r)); return out; },
    asyncRequest: (method: string, url: string) => respond(method.toLowerCase(), url),
  };
  const k6 = {
    sleep: async (s: number) => { log.push(`sleep ${s}`); await tick(); },
    check: (val: unknown, sets: Record<string, (v: unknown) => unknown>) => {
      const results = Object.entries(sets).map(([name, fn]) => [name, fn(val)] as const);
      const finish = (values: Array<readonly [string, unknown]>) => {
        for (const [name, ok] of values) log.push(`check ${name} ${ok ? 'ok' : 'fail'}`);
        return values.every(([, ok]) => ok);
      };
      if (results.some(([, r]) => r instanceof Promise)) return Promise.all(results.map(async ([n, r]) => [n, await r] as const)).then(finish);
      return finish(results);
    },
    group: (name: string, fn: () => unknown) => {
      log.push(`group ${name}`);
      const r = fn();
      return r instanceof Promise ? r.then((v) => { log.push(`end group ${name}`); return v; }) : (log.push(`end group ${name}`), r);
    },
  };
  const modules: Record<string, Record<string, unknown>> = {
    k6: { default: k6, ...k6 },
    'k6/http': { default: http, ...http },
    ...extraModules,
  };
  const context = {
    import: (name: string) => {
      const m = modules[name];
      if (!m) throw new Error(`no module ${name}`);
      return m;
    },
    vu,
    env: { TARGET: 'http://t' },
    open: (p: string) => `contents of ${p}`,
    console: { log: (...a: unknown[]) => log.push(a.map(String).join(' ')), warn: () => {}, error: () => {}, info: () => {}, debug: () => {} },
    iter: () => state.iteration,
  };
  return { context, log, state };
}

/** Evaluates the compiled factory the way the runtime does. */
export function loadFactory(compiled: CompiledScript): (context: unknown) => Promise<Record<string, unknown>> {
  return new vm.Script(compiled.code, { filename: compiled.filename }).runInThisContext() as (context: unknown) => Promise<Record<string, unknown>>;
}

/** Compiles a fixture, instantiates it for one fake VU and returns its exports and log. */
export async function runFixture(files: Record<string, string>, entry: string): Promise<FakeVu & { exports: Record<string, unknown>; compiled: CompiledScript }> {
  const compiled = await compileFixture(files, entry);
  const vu = fakeVu();
  const exports = await loadFactory(compiled)(vu.context);
  return { ...vu, exports, compiled };
}

/** Calls the export `name` (default: `default`) and awaits it. */
export async function callExport(exports: Record<string, unknown>, name = 'default', ...args: unknown[]): Promise<unknown> {
  return await (exports[name] as (...a: unknown[]) => unknown)(...args);
}
