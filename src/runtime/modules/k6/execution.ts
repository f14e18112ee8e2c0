/**
 * `k6/execution`: what a script can learn about its VU, scenario, instance
 * and test, and `test.abort()`. Values are read live from the VU's counters.
 */
import type { VuRuntime } from '../../vu-runtime.ts';

/** Thrown by exec.test.abort(); the iteration loop turns it into exit 108. */
export class TestAbortError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason ? `test aborted: ${reason}` : 'test aborted');
    this.name = 'TestAbortError';
    this.reason = reason;
  }
}

/** Per-VU counters the iteration loop keeps up to date for exec.* */
export interface ExecutionCounters {
  iterationInInstance: number;
  /** this VU's iterations in the current scenario (exec.vu.iterationInScenario, __ITER) */
  iterationInScenario: number;
  /** the scenario-wide number of the running iteration, claimed from the scenario's shared counter */
  scenarioIterationInTest: number;
  scenarioStartTime: number;
  scenarioExecutor: string;
  scenarioProgress: () => number;
  idInTest: number;
  testStart: number;
  instance: { iterationsCompleted: number; iterationsInterrupted: number; vusActive: number; vusInitialized: number };
}

/** Creates `k6/execution` for one VU. */
export function createExecutionModule(vu: VuRuntime, counters: ExecutionCounters): Record<string, unknown> {
  const tagProxy = (): Record<string, string> => new Proxy({} as Record<string, string>, {
    get: (_t, key) => (typeof key === 'string' ? vu.state.tags[key] : undefined),
    set: (_t, key, value) => {
      if (typeof key !== 'string') return false;
      vu.state.tags = { ...vu.state.tags, [key]: String(value) };
      return true;
    },
    deleteProperty: (_t, key) => {
      if (typeof key !== 'string') return false;
      const next = { ...vu.state.tags };
      delete next[key];
      vu.state.tags = next;
      return true;
    },
    ownKeys: () => Reflect.ownKeys(vu.state.tags),
    getOwnPropertyDescriptor: (_t, key) => (typeof key === 'string' && key in vu.state.tags
      ? { value: vu.state.tags[key], enumerable: true, configurable: true, writable: true } : undefined),
  });

  // exec.vu.metrics.metadata: like the tags, but the values go to vu.state.metadata (undefined when empty)
  const metadataProxy = (): Record<string, string> => new Proxy({} as Record<string, string>, {
    get: (_t, key) => (typeof key === 'string' ? vu.state.metadata?.[key] : undefined),
    set: (_t, key, value) => {
      if (typeof key !== 'string') return false;
      vu.state.metadata = { ...vu.state.metadata, [key]: String(value) };
      return true;
    },
    deleteProperty: (_t, key) => {
      if (typeof key !== 'string') return false;
      const next = { ...vu.state.metadata };
      delete next[key];
      vu.state.metadata = Object.keys(next).length > 0 ? next : undefined;
      return true;
    },
    ownKeys: () => Reflect.ownKeys(vu.state.metadata ?? {}),
    getOwnPropertyDescriptor: (_t, key) => (typeof key === 'string' && vu.state.metadata !== undefined && key in vu.state.metadata
      ? { value: vu.state.metadata[key], enumerable: true, configurable: true, writable: true } : undefined),
  });

  const vuObj = {
    get idInInstance() { return vu.state.id; },
    get idInTest() { return counters.idInTest; },
    get iterationInInstance() { return counters.iterationInInstance; },
    get iterationInScenario() { return counters.iterationInScenario; },
    get tags() { return tagProxy(); },
    get metrics() { return { get tags() { return tagProxy(); }, get metadata() { return metadataProxy(); } }; },
  };
  const scenario = {
    get name() { return vu.state.scenario; },
    get executor() { return counters.scenarioExecutor; },
    get startTime() { return counters.scenarioStartTime; },
    get progress() { return counters.scenarioProgress(); },
    // unique in the scenario across every VU and worker; a run is one k6 instance, so both are the same number
    get iterationInInstance() { return counters.scenarioIterationInTest; },
    get iterationInTest() { return counters.scenarioIterationInTest; },
  };
  const instance = {
    get iterationsCompleted() { return counters.instance.iterationsCompleted; },
    get iterationsInterrupted() { return counters.instance.iterationsInterrupted; },
    get vusActive() { return counters.instance.vusActive; },
    get vusInitialized() { return counters.instance.vusInitialized; },
    get currentTestRunDuration() { return Date.now() - counters.testStart; },
  };
  const test = {
    abort(reason?: string): never { throw new TestAbortError(reason ?? ''); },
    get options() { return deepFreeze(structuredClone(stripInternal(vu.options))); },
  };
  const api = { vu: vuObj, scenario, instance, test };
  return { ...api, default: api };
}

function stripInternal(o: object): object {
  const { scenarioConfigs: _s, warnings: _w, ...rest } = o as Record<string, unknown>;
  return rest;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
