/**
 * Layering of options, lowest first: defaults < script `options` < config
 * file < STAMPEDE_/K6_ env < CLI flags. The caller passes the layers in that
 * order; this file only knows k6's rules for combining two of them.
 */
import type { Options } from './options.ts';
import { isSet } from './values.ts';

/**
 * The execution options that replace each other across layers: when a layer
 * sets any of them, the lower layers' values of all four are dropped (so
 * `--iterations 100` replaces the script's `scenarios`, as in k6). Within
 * one layer they are kept together, so validation can report the conflict.
 * `vus` is not among them: it combines with a lower layer's duration etc.
 */
export const EXECUTION_SHORTCUTS = ['duration', 'iterations', 'stages', 'scenarios'] as const;

/**
 * Merges layers (lowest precedence first) into a new Options object; the
 * layers are not modified. Rules, as k6's Options.Apply:
 * - a value that is undefined or null does not override;
 * - setting any of duration/iterations/stages/scenarios drops all four from
 *   the layers below;
 * - objects and lists (thresholds, tags, hosts, summaryTrendStats, systemTags,
 *   scenarios, …) replace the lower value whole, they are not merged key by
 *   key; an empty `tags` object does not replace lower tags.
 * Values are not validated here; `resolveOptions` does that.
 */
export function mergeOptions(...layers: Options[]): Options {
  const merged: Options = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (EXECUTION_SHORTCUTS.some((key) => isSet(layer[key]))) {
      for (const key of EXECUTION_SHORTCUTS) delete merged[key];
    }
    for (const [key, value] of Object.entries(layer)) {
      if (!isSet(value)) continue;
      if (key === 'tags' && typeof value === 'object' && Object.keys(value as object).length === 0) continue;
      merged[key] = value;
    }
  }
  return merged;
}
