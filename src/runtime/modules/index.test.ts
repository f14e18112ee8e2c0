/**
 * The runtime side of the module table (script/k6-modules.ts): every
 * provided module has a factory (FACTORIES is typed as a record over the
 * table's provided modules, so tsc already refuses a missing one; this test
 * documents it), and every call the compiler awaits exists on the module
 * the runtime builds, so a rule cannot name a call that is not there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MODULES, PROVIDED_MODULES, type ModuleEntry } from '../../script/index.ts';
import type { ResolvedOptions } from '../../config/options.ts';
import type { VuRuntime } from '../vu-runtime.ts';
import { createModuleResolver, FACTORIES, type ExecutionCounters } from './index.ts';
import { Response } from './k6/http/index.ts';

function fakeVu(): { vu: VuRuntime; close(): Promise<void> } {
  const closers: (() => void | Promise<void>)[] = [];
  const vu: VuRuntime = {
    state: { id: 1, scenario: 'default', iteration: 0, groupPath: '', tags: {}, inInit: true },
    samples: { add() {}, addAll() {}, define() {} },
    options: {} as ResolvedOptions,
    logger: { warn() {}, error() {}, info() {}, debug() {} },
    scriptDir: '/tmp',
    systemTags: new Set(),
    httpDebug: '',
    onClose: (fn) => { closers.push(fn); },
    hold: () => () => {},
    onInterrupt: () => {},
    onIterationEnd: () => {},
    reportError: () => {},
  };
  return { vu, close: async () => { for (const c of closers) await c(); } };
}

const COUNTERS: ExecutionCounters = {
  iterationInInstance: 0, iterationInScenario: 0, scenarioIterationInTest: 0, scenarioStartTime: 0,
  scenarioExecutor: '', scenarioProgress: () => 0, idInTest: 1, testStart: 0,
  instance: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
};

/** Classes whose instances the module hands out but does not export (k6's http module has no `Response`). */
const HANDED_OUT: Record<string, Record<string, unknown>> = { 'k6/http': { Response } };

const ENTRIES = Object.entries(MODULES) as [string, ModuleEntry][];

test('every module the table provides has a factory, and nothing else has one', () => {
  assert.deepEqual(Object.keys(FACTORIES).toSorted(), [...PROVIDED_MODULES].toSorted());
  for (const specifier of PROVIDED_MODULES) assert.equal(typeof FACTORIES[specifier], 'function', specifier);
});

test('every blocking call named in the table exists on the module the runtime builds', async () => {
  const { vu, close } = fakeVu();
  const resolve = createModuleResolver(vu, { counters: COUNTERS, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  try {
    for (const [specifier, entry] of ENTRIES) {
      if (!entry.provided) continue;
      const mod = resolve(specifier);
      assert.equal(typeof mod.default, 'object', `${specifier} has no default export`);
      const dflt = mod.default as Record<string, unknown>;
      for (const name of Object.keys(entry.blocking.exports)) {
        assert.equal(typeof mod[name], 'function', `${specifier} exports no ${name}()`);
        assert.equal(typeof dflt[name], 'function', `${specifier}'s default export has no ${name}()`);
      }
      for (const [owner, methods] of Object.entries(entry.blocking.members)) {
        const cls = (mod[owner] ?? HANDED_OUT[specifier]?.[owner]) as { prototype?: Record<string, unknown> } | undefined;
        assert.equal(typeof cls, 'function', `${specifier}: no class ${owner}`);
        for (const m of methods) assert.equal(typeof cls?.prototype?.[m], 'function', `${specifier}: ${owner} has no ${m}()`);
      }
    }
  } finally {
    await close();
  }
});

test('a module the table does not provide has no factory: importing it at run time throws a clear error', () => {
  const { vu } = fakeVu();
  const resolve = createModuleResolver(vu, { counters: COUNTERS, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  for (const [specifier, entry] of ENTRIES) {
    if (entry.provided) continue;
    assert.throws(() => resolve(specifier), new RegExp(`module "${specifier}" is not available in Stampede yet`));
  }
  assert.throws(() => resolve('toString'), /is not available/);
});
