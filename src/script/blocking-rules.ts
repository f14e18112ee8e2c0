/**
 * Which k6 calls block. In k6 these calls return their result synchronously;
 * in Stampede they return a Promise, so the compiler awaits every call that
 * can reach one of them. One table, read by the async inference.
 */

/** How certain the compiler is that a call blocks: 0 no, 1 maybe, 2 surely. */
export type Level = 0 | 1 | 2;

/**
 * `always`: the call blocks. `callback`: the call blocks only when the
 * function(s) passed at `argIndex` block (`group(name, fn)`, `check(v, sets)`).
 */
export type BlockingRule =
  | { kind: 'always' }
  | { kind: 'callback'; argIndex: number; shape: 'function' | 'object-of-functions' };

const always: BlockingRule = { kind: 'always' };

/** Blocking exports of each module, by export name (named, default-member or namespace-member access). */
export const EXPORT_RULES: Readonly<Record<string, Readonly<Record<string, BlockingRule>>>> = {
  k6: {
    sleep: always,
    check: { kind: 'callback', argIndex: 1, shape: 'object-of-functions' },
    group: { kind: 'callback', argIndex: 1, shape: 'function' },
  },
  'k6/http': {
    get: always, post: always, put: always, patch: always, del: always,
    head: always, options: always, request: always, batch: always,
  },
  'k6/ws': { connect: always },
};

/**
 * Method names that block on any object once their module is imported
 * (responses, client instances); matched by name, so they count as "maybe".
 */
export const MEMBER_RULES: ReadonlyArray<{ module: string; members: ReadonlySet<string> }> = [
  { module: 'k6/http', members: new Set(['submitForm', 'clickLink']) },
  { module: 'k6/net/grpc', members: new Set(['connect', 'invoke']) },
  {
    module: 'stampede:jslib/httpx',
    members: new Set(['request', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'batch']),
  },
];

/** Array methods whose callbacks must run one after another; rewritten to sequential helpers. */
export const ARRAY_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex',
  'reduce', 'reduceRight', 'flatMap',
]);

/** Methods whose callback (a comparator) cannot wait. */
export const SORT_METHODS: ReadonlySet<string> = new Set(['sort', 'toSorted']);

/** The rule for `module`'s export `name`, if it blocks. */
export function exportRule(module: string, name: string): BlockingRule | undefined {
  const rules = EXPORT_RULES[module];
  return rules && Object.hasOwn(rules, name) ? rules[name] : undefined;
}
