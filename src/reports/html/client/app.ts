/**
 * The report page's script (runs in the browser; assets.ts bundles it with
 * uPlot from main.ts): reads the run and the page config from the page's
 * JSON blocks, renders every section, redraws the charts when the scope
 * or the window changes (the probes' charts stay test-wide; every chart
 * shades the chaos faults' windows), and in live mode re-renders on every update.
 */
import type { RunReport } from '../../run-report.ts';
import type { PageConfig } from '../charts.ts';
import { renderChaos } from './chaos-view.ts';
import { renderCharts, renderScopes, resizeCharts } from './charts-view.ts';
import { renderChecks } from './checks-view.ts';
import { highlight, renderExemplars } from './exemplars-view.ts';
import { byId, readJson } from './dom.ts';
import { renderHeader } from './header-view.ts';
import { followEvents } from './live.ts';
import { renderMetrics } from './metrics-view.ts';
import { renderProbes } from './probes-view.ts';
import { createState } from './state.ts';
import { renderThresholds } from './thresholds-view.ts';
import { renderTotals } from './totals-view.ts';

export function startApp(): void {
  const config = readJson('stampede-config') as PageConfig;
  const state = createState(readJson('run-data') as RunReport | null);
  (window as unknown as { stampede: typeof state }).stampede = state;

  const render = (r: RunReport | null): void => {
    state.report = r;
    renderHeader(r);
    renderTotals(r);
    renderScopes(state, r);
    renderCharts(state, config, r);
    renderExemplars(r);
    renderProbes(state, r);
    renderChaos(r);
    renderThresholds(r);
    renderChecks(r);
    renderMetrics(r);
  };

  byId('scope').addEventListener('change', (e) => {
    state.scope = (e.target as HTMLSelectElement).value;
    renderCharts(state, config, state.report);
  });
  window.addEventListener('hashchange', () => highlight(location.hash));
  let resizing = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => resizeCharts(state));
  });

  render(state.report);
  if (config.live) followEvents(render);
}
