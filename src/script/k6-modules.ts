/**
 * The one table of module specifiers a script may import without bundling
 * them: k6's built-in modules and the jslib.k6.io libraries Stampede ships.
 * Both stay external in the bundle and reach the script through
 * `__sp.import(specifier)` at run time.
 */

/** Every `k6/*` module Stampede knows; anything else under `k6/` is an error. */
export const K6_MODULES: ReadonlySet<string> = new Set([
  'k6',
  'k6/http',
  'k6/metrics',
  'k6/execution',
  'k6/data',
  'k6/encoding',
  'k6/crypto',
  'k6/timers',
  'k6/ws',
  'k6/websockets',
  'k6/experimental/websockets',
  'k6/net/grpc',
  'k6/experimental/redis',
  'k6/experimental/fs',
  'k6/html',
  'k6/browser',
  'k6/experimental/browser',
  'k6/secrets',
]);

/** Prefix of the specifiers that stand for built-in jslib libraries. */
export const JSLIB_PREFIX = 'stampede:jslib/';

/** Remote jslib URLs (any version) and the built-in library each one means. */
const JSLIB_URLS: ReadonlyArray<{ pattern: RegExp; specifier: string }> = [
  { pattern: /^https?:\/\/jslib\.k6\.io\/k6-utils\/[^/]+\/index\.js$/, specifier: `${JSLIB_PREFIX}k6-utils` },
  { pattern: /^https?:\/\/jslib\.k6\.io\/k6-summary\/[^/]+\/index\.js$/, specifier: `${JSLIB_PREFIX}k6-summary` },
  { pattern: /^https?:\/\/jslib\.k6\.io\/papaparse\/[^/]+\/(papaparse|index)\.js$/, specifier: `${JSLIB_PREFIX}papaparse` },
  { pattern: /^https?:\/\/jslib\.k6\.io\/httpx\/[^/]+\/index\.js$/, specifier: `${JSLIB_PREFIX}httpx` },
];

/** True for `k6` and `k6/…` specifiers (known or not). */
export function isK6Specifier(specifier: string): boolean {
  return specifier === 'k6' || specifier.startsWith('k6/');
}

/** The built-in specifier a remote jslib URL stands for, or undefined for any other URL. */
export function jslibSpecifierFor(url: string): string | undefined {
  return JSLIB_URLS.find((j) => j.pattern.test(url))?.specifier;
}

/** True for specifiers that stay external and are served by `__sp.import`. */
export function isExternalSpecifier(specifier: string): boolean {
  return K6_MODULES.has(specifier) || specifier.startsWith(JSLIB_PREFIX);
}
