/**
 * Resolves the specifiers a compiled script imports (`k6`, `k6/*`, built-in
 * jslib) to module namespaces bound to one VU. Each VU gets its own
 * instances, created on first import. Which modules exist is the script
 * compiler's module table (script/k6-modules.ts): FACTORIES is a record over
 * its provided modules, so tsc refuses one without a factory here.
 */
import type { ProvidedModule } from '../../script/index.ts';
import type { VuRuntime } from '../vu-runtime.ts';
import type { CookieJar } from '../../http/index.ts';
import { createCoreModule } from './k6/core.ts';
import { createMetricsModule } from './k6/metrics.ts';
import { createExecutionModule, type ExecutionCounters } from './k6/execution.ts';
import { createHttpModule } from './k6/http/index.ts';
import { encodingModule } from './k6/encoding.ts';
import { cryptoModule } from './k6/crypto.ts';
import { timersModule } from './k6/timers.ts';
import { dataModule } from './k6/data.ts';
import { createWsModule, createWebSocketsModule } from './k6/ws/index.ts';
import { createGrpcModule } from './k6/grpc/index.ts';
import { createRedisModule } from './k6/redis/index.ts';
import { createBrowserModule } from './k6/browser/index.ts';
import { createHtmlModule } from './k6/html/index.ts';
import { createFsModule } from './k6/fs/index.ts';
import { createCsvModule } from './k6/csv/index.ts';
import { secretsModule } from './k6/secrets.ts';
import { chaosModule, type ChaosRequest } from './stampede/chaos.ts';
import type { SecretSources } from '../../config/index.ts';
import { webcryptoModule, streamsModule } from './k6/webcrypto.ts';
import { createTracingModule } from './k6/tracing/index.ts';
import { k6UtilsModule } from './jslib/k6-utils.ts';
import { k6SummaryModule } from './jslib/k6-summary.ts';
import { papaparseModule } from './jslib/papaparse.ts';
import { httpxModule } from './jslib/httpx.ts';

export { TestAbortError, type ExecutionCounters } from './k6/execution.ts';
export { adoptSharedArrays, sharedArrayBuffers } from './k6/data.ts';

type Factory = (vu: VuRuntime, deps: ModuleDeps) => Record<string, unknown>;

export interface ModuleDeps {
  counters: ExecutionCounters;
  /** k6's sleep() for this VU: ends early when the VU is stopped */
  sleep: (ms: number) => Promise<void>;
  /** --secret-source values, for k6/secrets */
  secrets?: SecretSources;
  /** stampede/chaos's calls to the main thread's chaos runner (undefined outside a test run) */
  chaos?: ChaosRequest;
  /** another module of the same VU (jslib wrappers build on k6/http) */
  importModule: (specifier: string) => Record<string, unknown>;
}

/** One factory per provided module of the module table. */
export const FACTORIES: Readonly<Record<ProvidedModule, Factory>> = {
  'k6': (vu, d) => createCoreModule(vu, d.sleep),
  // its request functions read a hook slot, for k6/experimental/tracing's instrumentHTTP
  'k6/http': (vu) => createHttpModule(vu),
  'k6/metrics': (vu) => createMetricsModule(vu),
  'k6/execution': (vu, d) => createExecutionModule(vu, d.counters),
  'k6/encoding': () => encodingModule(),
  'k6/crypto': () => cryptoModule(),
  'k6/timers': (vu) => timersModule(vu),
  // the same instance as k6/timers: one set of timers per VU
  'k6/experimental/timers': (_vu, d) => d.importModule('k6/timers'),
  'k6/experimental/webcrypto': () => webcryptoModule(),
  'k6/experimental/tracing': (vu, d) => createTracingModule(vu, d.importModule('k6/http')),
  'k6/data': () => dataModule(),
  'k6/html': () => createHtmlModule(),
  'k6/experimental/fs': (vu) => createFsModule(vu),
  'k6/ws': (vu, d) => createWsModule(vu, httpJarOf(d)),
  'k6/websockets': (vu, d) => createWebSocketsModule(vu, httpJarOf(d)),
  'k6/experimental/websockets': (vu, d) => createWebSocketsModule(vu, httpJarOf(d)),
  'k6/net/grpc': (vu) => createGrpcModule(vu),
  'k6/experimental/grpc': (_vu, d) => d.importModule('k6/net/grpc'),
  'k6/experimental/streams': () => streamsModule(),
  'k6/experimental/redis': (vu) => createRedisModule(vu),
  'k6/browser': (vu) => createBrowserModule(vu),
  // k6's name for it before v0.52: the same instance
  'k6/experimental/browser': (_vu, d) => d.importModule('k6/browser'),
  'k6/secrets': (_vu, d) => secretsModule(d.secrets),
  'stampede/chaos': (_vu, d) => chaosModule(d.chaos),
  'k6/experimental/csv': (_vu, d) => createCsvModule((d.importModule('k6/data') as { SharedArray: Parameters<typeof createCsvModule>[0] }).SharedArray),
  // its check() is k6's, awaiting Promise results (k6/browser scripts)
  'stampede:jslib/k6-utils': (_vu, d) => k6UtilsModule(d.importModule('k6')),
  'stampede:jslib/k6-summary': () => k6SummaryModule(),
  'stampede:jslib/papaparse': () => papaparseModule(),
  'stampede:jslib/httpx': (_vu, d) => httpxModule(d.importModule('k6/http')),
};

/** The VU's current k6/http cookie jar, read when a WebSocket connects (not at import). */
function httpJarOf(d: ModuleDeps): () => CookieJar {
  return () => (d.importModule('k6/http').default as { cookieJar(): CookieJar }).cookieJar();
}

/** Returns `import(specifier)` for one VU; unknown modules throw a clear error. */
export function createModuleResolver(vu: VuRuntime, baseDeps: Omit<ModuleDeps, 'importModule'>): (specifier: string) => Record<string, unknown> {
  const instances = new Map<string, Record<string, unknown>>();
  const resolve = (specifier: string): Record<string, unknown> => {
    let mod = instances.get(specifier);
    if (mod) return mod;
    const factory = Object.hasOwn(FACTORIES, specifier) ? FACTORIES[specifier as ProvidedModule] : undefined;
    if (!factory) {
      throw new Error(`module "${specifier}" is not available in Stampede yet; see the k6 compatibility table in the README`);
    }
    mod = factory(vu, deps);
    instances.set(specifier, mod);
    return mod;
  };
  const deps: ModuleDeps = { ...baseDeps, importModule: resolve };
  return resolve;
}
