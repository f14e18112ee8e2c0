/**
 * The tag set of a VU's iteration-level samples (iterations,
 * iteration_duration, sleep_lateness): the VU's tags in the root group.
 * VU tags are replaced, never mutated, so it is built once per tags object.
 */
import type { Tags } from '../metrics/index.ts';

const iterationTags = new WeakMap<Tags, Tags>();

export function rootGroupTags(tags: Tags): Tags {
  let t = iterationTags.get(tags);
  if (t === undefined) {
    t = { ...tags, group: '' };
    iterationTags.set(tags, t);
  }
  return t;
}
