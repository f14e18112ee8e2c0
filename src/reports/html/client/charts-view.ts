/**
 * The charts over time: the scope selector, one uPlot chart per overview
 * spec and one per further metric ("More metrics"), each fed straight from
 * the timeline for the chosen scope. A chart is updated in place while its
 * unit and series stay the same, rebuilt when they change, removed when the
 * scope has no data for it.
 */
import uPlot from 'uplot';
import type { RunReport } from '../../run-report.ts';
import type { ChartSpec, PageConfig } from '../charts.ts';
import { byId, el } from './dom.ts';
import { chartData, faultBands, moreCharts, scopeOptions, timeRange, type ChartData } from './model.ts';
import { MIN_PLOT_WIDTH, PLOT_HEIGHT, plotOptions } from './plot-options.ts';
import type { PageState } from './state.ts';
import { exemplarMarks } from './exemplars-model.ts';

/** The selector's options for the run's scopes (rebuilt only when they change); falls back to `all`. */
export function renderScopes(state: PageState, r: RunReport | null): void {
  const select = byId('scope') as HTMLSelectElement;
  const options = r ? scopeOptions(r) : [{ id: 'all', label: 'whole test' }];
  const ids = options.map((o) => o.id).join('\n');
  if (select.dataset.ids !== ids) {
    select.replaceChildren(...options.map((o) => { const opt = el('option', undefined, o.label); opt.value = o.id; return opt; }));
    select.dataset.ids = ids;
  }
  if (!options.some((o) => o.id === state.scope)) state.scope = 'all';
  select.value = state.scope;
}

export function renderCharts(state: PageState, config: PageConfig, r: RunReport | null): void {
  if (!r) return;
  state.xRange = timeRange(r) ?? null;
  state.faults = faultBands(r);
  state.marks = exemplarMarks(r, state.scope);
  for (const spec of config.overview) drawChart(state, byId('charts'), spec, r);
  const more = moreCharts(r, config.overview, config.builtin);
  byId('more-section').hidden = more.length === 0;
  for (const spec of more) drawChart(state, byId('more-charts'), spec, r);
}

/** Every chart to the width of its box (on window resize). */
export function resizeCharts(state: PageState): void {
  for (const chart of Object.values(state.charts)) {
    const plot = chart.root.parentElement;
    if (plot) chart.setSize({ width: Math.max(plot.clientWidth, MIN_PLOT_WIDTH), height: PLOT_HEIGHT });
  }
}

/** The chart's panel in `container`, made on first use and (re)appended so panels follow spec order. */
export function chartPanel(container: HTMLElement, spec: ChartSpec): HTMLElement {
  let panel = container.querySelector<HTMLElement>(`[data-chart="${CSS.escape(spec.id)}"]`);
  if (!panel) {
    panel = el('section', 'chart', el('h3', undefined, spec.title), el('div', 'plot'), el('p', 'empty muted', 'No data in this scope.'));
    panel.dataset.chart = spec.id;
  }
  container.append(panel);
  return panel;
}

function drawChart(state: PageState, container: HTMLElement, spec: ChartSpec, r: RunReport): void {
  drawPlot(state, chartPanel(container, spec), spec, chartData(r, spec, state.scope), r);
}

/** Draws `data` into the panel's plot (updated in place while the unit and series stay the same), or shows "No data". */
export function drawPlot(state: PageState, panel: HTMLElement, spec: ChartSpec, data: ChartData, r: RunReport): void {
  const plot = panel.querySelector<HTMLElement>('.plot')!;
  const empty = panel.querySelector<HTMLElement>('.empty')!;
  const hasData = data.points.some((n) => n > 0);
  plot.hidden = !hasData;
  empty.hidden = hasData;
  const key = `${spec.unit}|${spec.series.map((s) => s.label).join('|')}`;
  let chart: uPlot | undefined = state.charts[spec.id];
  if (chart && (!hasData || state.chartKeys[spec.id] !== key)) {
    chart.destroy();
    chart = undefined;
    delete state.charts[spec.id];
  }
  if (!hasData) return;
  const aligned: uPlot.AlignedData = [data.x, ...data.ys];
  if (chart) { chart.setData(aligned); return; }
  const marks = spec.id === 'http_req_duration' ? () => state.marks : undefined;
  state.charts[spec.id] = new uPlot(plotOptions(spec, r.timeline.startedAt, plot.clientWidth, () => state.xRange, () => state.faults, marks), aligned, plot);
  state.chartKeys[spec.id] = key;
}
