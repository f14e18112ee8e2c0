/**
 * Which calls block, as the async inference reads it. In k6 these calls
 * return their result synchronously; in Stampede they return a Promise, so
 * the compiler awaits every call that can reach one of them. The rules of
 * each module live in the module table (k6-modules.ts); this file looks
 * them up and names the levels of certainty.
 */
import { MODULES, moduleEntry, type BlockingRule } from './k6-modules.ts';

export type { BlockingRule };

/**
 * How certain the compiler is that a call blocks. Levels only grow and are
 * compared by order (No < Maybe < Surely): a Maybe call is awaited, a Surely
 * call in a place that cannot wait is an error.
 */
export const Blocking = {
  /** the call cannot reach a blocking k6 call */
  No: 0,
  /** it may (matched by a method name, or through a value the compiler cannot see) */
  Maybe: 1,
  /** it does (a blocking k6 call, or a function that surely makes one) */
  Surely: 2,
} as const;

export type BlockingLevel = (typeof Blocking)[keyof typeof Blocking];

/** The more certain of two levels. */
export function maxLevel(a: BlockingLevel, b: BlockingLevel): BlockingLevel {
  return a > b ? a : b;
}

/**
 * Method names that block on any object once their module is imported
 * (responses, client instances); matched by name, so they count as Maybe.
 */
export const MEMBER_RULES: ReadonlyArray<{ module: string; members: ReadonlySet<string> }> = Object.entries(MODULES).flatMap(([module, entry]) => {
  if (!entry.provided) return [];
  const members = Object.values(entry.blocking.members).flat();
  return members.length > 0 ? [{ module, members: new Set(members) }] : [];
});

/** Array methods whose callbacks must run one after another; rewritten to sequential helpers. */
export const ARRAY_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex',
  'reduce', 'reduceRight', 'flatMap',
]);

/** Methods whose callback (a comparator) cannot wait. */
export const SORT_METHODS: ReadonlySet<string> = new Set(['sort', 'toSorted']);

/** The rule for `module`'s export `name`, if it blocks. */
export function exportRule(module: string, name: string): BlockingRule | undefined {
  const entry = moduleEntry(module);
  if (!entry?.provided) return undefined;
  const rules = entry.blocking.exports;
  return Object.hasOwn(rules, name) ? rules[name] : undefined;
}
