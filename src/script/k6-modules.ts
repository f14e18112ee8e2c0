/**
 * The one table of modules a script may import without bundling them: k6's
 * built-in modules (the ones Stampede provides and the ones it does not yet)
 * and the jslib.k6.io libraries Stampede ships. Everything that depends on a
 * module's name reads it here:
 * - the bundler keeps provided modules external (they reach the script
 *   through `__vuContext.import(specifier)` at run time), maps jslib URLs to
 *   their built-in library, and refuses a module k6 has and Stampede does not
 *   at the import's file:line:column, with the entry's hint;
 * - the async inference (blocking-rules.ts) reads which calls block;
 * - the runtime's factories (runtime/modules/index.ts) are a record over
 *   `ProvidedModule`, so tsc refuses a provided module without a factory,
 *   and every provided entry must state its blocking rules (even none).
 */

/**
 * How a call blocks. `always`: it returns a Promise where k6 returns the
 * result. `callback`: it blocks only when the function(s) passed at
 * `argIndex` block (`group(name, fn)`, `check(v, sets)`).
 */
export type BlockingRule =
  | { readonly kind: 'always' }
  | { readonly kind: 'callback'; readonly argIndex: number; readonly shape: 'function' | 'object-of-functions' };

/**
 * Calls of a module that return a Promise in Stampede where k6 returns the
 * result; the compiler awaits every call that can reach one. Calls that
 * return a Promise in k6 too (http.asyncRequest, the Redis client, k6/fs)
 * are the script's to await and are not listed.
 */
export interface ModuleBlocking {
  /** exports that block, by name (named import, default-member or namespace-member access) */
  readonly exports: Readonly<Record<string, BlockingRule>>;
  /**
   * Methods that block on objects the module hands out (responses, clients),
   * keyed by the class that has them. The compiler matches them by method
   * name on any object once the module is imported, so they count as "maybe".
   */
  readonly members: Readonly<Record<string, readonly string[]>>;
}

/** A module Stampede provides: its blocking calls, and for a jslib library the URLs that mean it. */
export interface ProvidedEntry {
  readonly provided: true;
  readonly blocking: ModuleBlocking;
  /** remote jslib.k6.io URLs (any version) served by this built-in library */
  readonly jslibUrl?: RegExp;
}

/** A module k6 has (or had) and Stampede does not: importing it is a compile error with this hint. */
export interface MissingEntry {
  readonly provided: false;
  /** what to do instead, shown under the error */
  readonly hint: string;
}

export type ModuleEntry = ProvidedEntry | MissingEntry;

/** Prefix of the specifiers that stand for built-in jslib libraries. */
export const JSLIB_PREFIX = 'stampede:jslib/';

const ALWAYS = { kind: 'always' } as const;
const NOTHING_BLOCKS = { exports: {}, members: {} } as const;

export const MODULES = {
  'k6': {
    provided: true,
    blocking: {
      exports: {
        sleep: ALWAYS,
        check: { kind: 'callback', argIndex: 1, shape: 'object-of-functions' },
        group: { kind: 'callback', argIndex: 1, shape: 'function' },
      },
      members: {},
    },
  },
  'k6/http': {
    provided: true,
    blocking: {
      exports: {
        get: ALWAYS, post: ALWAYS, put: ALWAYS, patch: ALWAYS, del: ALWAYS, head: ALWAYS, options: ALWAYS,
        query: ALWAYS, request: ALWAYS, batch: ALWAYS,
      },
      members: { Response: ['submitForm', 'clickLink'] },
    },
  },
  'k6/metrics': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/execution': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/data': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/encoding': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/crypto': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/timers': { provided: true, blocking: NOTHING_BLOCKS },
  /** k6 v0.43–v0.5x name of k6/timers */
  'k6/experimental/timers': { provided: true, blocking: NOTHING_BLOCKS },
  /** k6 v0.44–v0.5x: `crypto` (the WebCrypto object; crypto.subtle returns Promises in k6 too) */
  'k6/experimental/webcrypto': { provided: true, blocking: NOTHING_BLOCKS },
  /** k6 v0.43–v0.5x: Client's request methods behave as k6/http's */
  'k6/experimental/tracing': {
    provided: true,
    blocking: { exports: {}, members: { Client: ['request', 'get', 'head', 'post', 'put', 'patch', 'options', 'del'] } },
  },
  'k6/html': { provided: true, blocking: NOTHING_BLOCKS },
  /** open(), File.read/seek/stat return Promises in k6 too */
  'k6/experimental/fs': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/ws': { provided: true, blocking: { exports: { connect: ALWAYS }, members: {} } },
  /** the WebSocket class is event-driven in k6 too */
  'k6/websockets': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/experimental/websockets': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/net/grpc': { provided: true, blocking: { exports: {}, members: { Client: ['connect', 'invoke'] } } },
  /** k6 v0.45–v0.5x: k6/net/grpc plus streams, which k6 then merged into k6/net/grpc */
  'k6/experimental/grpc': { provided: true, blocking: { exports: {}, members: { Client: ['connect', 'invoke'] } } },
  /** k6 v0.53+: the Streams API's ReadableStream (event-driven/Promise-based in k6 too) */
  'k6/experimental/streams': { provided: true, blocking: NOTHING_BLOCKS },
  /** every Client command returns a Promise in k6 too */
  'k6/experimental/redis': { provided: true, blocking: NOTHING_BLOCKS },
  /** every Page, Locator and context method returns a Promise in k6 too (since v0.52) */
  'k6/browser': { provided: true, blocking: NOTHING_BLOCKS },
  'k6/experimental/browser': { provided: true, blocking: NOTHING_BLOCKS },
  /** get() returns a Promise in k6 too */
  'k6/secrets': { provided: true, blocking: NOTHING_BLOCKS },
  /** Stampede's own: chaos.inject()/clear() return Promises */
  'stampede/chaos': { provided: true, blocking: NOTHING_BLOCKS },
  /** csv.parse() and Parser.next() return Promises in k6 too */
  'k6/experimental/csv': { provided: true, blocking: NOTHING_BLOCKS },
  'stampede:jslib/k6-utils': {
    provided: true, blocking: NOTHING_BLOCKS, jslibUrl: /^https?:\/\/jslib\.k6\.io\/k6-utils\/[^/]+\/index\.js$/,
  },
  'stampede:jslib/k6-summary': {
    provided: true, blocking: NOTHING_BLOCKS, jslibUrl: /^https?:\/\/jslib\.k6\.io\/k6-summary\/[^/]+\/index\.js$/,
  },
  'stampede:jslib/papaparse': {
    provided: true, blocking: NOTHING_BLOCKS, jslibUrl: /^https?:\/\/jslib\.k6\.io\/papaparse\/[^/]+\/(papaparse|index)\.js$/,
  },
  'stampede:jslib/httpx': {
    provided: true,
    blocking: {
      exports: {},
      members: { Httpx: ['request', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'batch'] },
    },
    jslibUrl: /^https?:\/\/jslib\.k6\.io\/httpx\/[^/]+\/index\.js$/,
  },
} as const satisfies Record<string, ModuleEntry>;

type Table = typeof MODULES;

/** Every specifier in the table. */
export type ModuleSpecifier = keyof Table;

/** The specifiers Stampede provides: the runtime has a factory for each. */
export type ProvidedModule = { [K in ModuleSpecifier]: Table[K] extends { readonly provided: true } ? K : never }[ModuleSpecifier];

const TABLE: Readonly<Record<string, ModuleEntry>> = MODULES;

/** The table's entry for `specifier`, if any. */
export function moduleEntry(specifier: string): ModuleEntry | undefined {
  return Object.hasOwn(TABLE, specifier) ? TABLE[specifier] : undefined;
}

/** True for specifiers Stampede provides: they stay external and are served by `__vuContext.import`. */
export function isProvidedModule(specifier: string): specifier is ProvidedModule {
  return moduleEntry(specifier)?.provided === true;
}

/** Every provided specifier, in table order. */
export const PROVIDED_MODULES: readonly ProvidedModule[] = Object.keys(TABLE).filter(isProvidedModule);

/** True for `k6` and `k6/…` specifiers (known or not). */
export function isK6Specifier(specifier: string): boolean {
  return specifier === 'k6' || specifier.startsWith('k6/');
}

/** The built-in specifier a remote jslib URL stands for, or undefined for any other URL. */
export function jslibSpecifierFor(url: string): string | undefined {
  for (const [specifier, entry] of Object.entries(TABLE)) {
    if (entry.provided && entry.jslibUrl?.test(url)) return specifier;
  }
  return undefined;
}

/** True for specifiers that stay external and are served by `__vuContext.import`. */
export function isExternalSpecifier(specifier: string): boolean {
  return isProvidedModule(specifier);
}
