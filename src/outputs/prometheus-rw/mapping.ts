/**
 * One cumulative k6 series → the remote-write time series k6 writes for it,
 * each with one point at the push time: a counter's running total, a
 * gauge's last value, a rate's ratio, a trend's configured stats (or its
 * native histogram). The same label sets, with stale markers instead of
 * values, end the series when the test is over.
 */
import { histogramOf, sinkStat, type MetricDefinition } from '../../metrics/index.ts';
import type { PrometheusRwConfig } from './config.ts';
import { baseUnitSuffix, labelsOf, seriesName, toBaseUnit, typeSuffix, type Label } from './naming.ts';
import { toNativeHistogram } from './native-histogram.ts';
import type { CumulativeSeries } from './series.ts';
import type { TimeSeriesPoint } from './write-request.ts';

type Settings = Pick<PrometheusRwConfig, 'trendStats' | 'nativeHistogram' | 'nativeSchema' | 'labels'>;

export class SeriesMapper {
  readonly #settings: Settings;
  /** label sets per series, one per exported name (built once: sorting labels is not free) */
  readonly #labels = new WeakMap<CumulativeSeries, Label[][]>();

  constructor(settings: Settings) {
    this.#settings = settings;
  }

  /** The label sets a series is exported under, in the order `points` yields values. */
  labelSets(s: CumulativeSeries, def: MetricDefinition): Label[][] {
    let sets = this.#labels.get(s);
    if (sets === undefined) {
      const names = this.#names(def);
      sets = names.map((n) => labelsOf(n, s.tags, this.#settings.labels));
      this.#labels.set(s, sets);
    }
    return sets;
  }

  #names(def: MetricDefinition): string[] {
    if (def.type !== 'trend') return [seriesName(def.name, typeSuffix(def))];
    if (this.#settings.nativeHistogram) return [seriesName(def.name, baseUnitSuffix(def.contains))];
    return this.#settings.trendStats.map((t) => seriesName(def.name, t.suffix));
  }

  /** The points for the series' current totals, stamped `timestamp` (ms). */
  points(s: CumulativeSeries, def: MetricDefinition, timestamp: number): TimeSeriesPoint[] {
    const sets = this.labelSets(s, def);
    if (s.sink.type === 'trend') {
      const h = histogramOf(s.sink)!;
      if (this.#settings.nativeHistogram) {
        return [{ labels: sets[0], timestamp, kind: 'histogram', histogram: toNativeHistogram(h.toState(), def.contains, this.#settings.nativeSchema) }];
      }
      return this.#settings.trendStats.map((t, i) => {
        const v = t.read(h);
        return { labels: sets[i], timestamp, kind: 'sample' as const, value: t.isCount ? v : toBaseUnit(def.contains, v) };
      });
    }
    // k6's one value per series: a counter's total, a gauge's last value, a rate's share of trues
    const stat = VALUE_STAT[s.sink.type];
    return stat === undefined ? [] : [{ labels: sets[0], timestamp, kind: 'sample', value: sinkStat(s.sink.toState(), stat, 0) }];
  }

  /** Stale markers for every label set of the series. */
  staleMarkers(s: CumulativeSeries, def: MetricDefinition, timestamp: number): TimeSeriesPoint[] {
    return this.labelSets(s, def).map((labels) => ({ labels, timestamp, kind: 'stale' as const }));
  }
}

/** The stat that is a non-trend series' value in remote write. */
const VALUE_STAT: Partial<Record<string, string>> = { counter: 'count', gauge: 'value', rate: 'rate' };
