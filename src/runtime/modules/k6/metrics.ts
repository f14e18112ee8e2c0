/**
 * `k6/metrics`: Counter, Gauge, Rate, Trend bound to one VU. Metrics are
 * declared in init code (each VU declares them again; the sink dedupes by
 * name) and sampled during iterations.
 */
import type { VuRuntime } from '../../vu-runtime.ts';

const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;
type Kind = 'counter' | 'gauge' | 'rate' | 'trend';

/** Creates the `k6/metrics` namespace for one VU. */
export function createMetricsModule(vu: VuRuntime): Record<string, unknown> {
  function makeClass(kind: Kind) {
    return class Metric {
      readonly name: string;
      readonly type: Kind = kind;
      constructor(name: string, isTime = false) {
        if (!vu.state.inInit) throw new Error('metrics must be declared in the init context');
        if (typeof name !== 'string' || !NAME_RE.test(name)) {
          throw new Error(`invalid metric name ${JSON.stringify(name)}: use letters, digits and underscores, 1 to 128 characters, not starting with a digit`);
        }
        this.name = name;
        vu.samples.define(name, kind, isTime ? 'time' : 'default');
      }
      add(value: number | boolean, tags?: Record<string, string>): boolean {
        if (vu.state.inInit) throw new Error('adding to metrics in the init context is not supported');
        let v: number;
        if (kind === 'rate') v = value ? 1 : 0;
        else {
          v = typeof value === 'boolean' ? Number(value) : Number(value);
          if (!Number.isFinite(v)) {
            vu.logger.warn(`${this.name}.add(${String(value)}): not a number, the sample was dropped`);
            return false;
          }
        }
        const sampleTags = tags ? { ...vu.state.tags, group: vu.state.groupPath, ...stringTags(tags) } : { ...vu.state.tags, group: vu.state.groupPath };
        vu.samples.add(this.name, sampleTags, v);
        return true;
      }
    };
  }
  const api = { Counter: makeClass('counter'), Gauge: makeClass('gauge'), Rate: makeClass('rate'), Trend: makeClass('trend') };
  return { ...api, default: api };
}

function stringTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags)) out[k] = String(tags[k]);
  return out;
}
