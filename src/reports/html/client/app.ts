/**
 * The report page's script (runs in the browser, embedded by its source
 * text after uPlot and the functions of format.ts and model.ts): reads the
 * run from the page's JSON, draws the header, totals, charts (uPlot, one
 * per chart spec, for the scope chosen in the selector), thresholds, checks
 * and metrics; in live mode it redraws on every `report` server-sent event.
 * `window.stampede` holds the run, the scope and the chart instances.
 */
import type UPlot from 'uplot';
import type { RunReport } from '../../run-report.ts';
import type { SummaryGroup } from '../../summary-data.ts';
import type { ChartSpec, PageConfig } from '../charts.ts';
import { formatCount, formatDuration, formatElapsed, formatUnit } from './format.ts';
import { chartData, checkCounts, groupLabel, moreCharts, scopeOptions, thresholdRows, totals, unitOf } from './model.ts';

export function stampedeApp(): void {
  const readJson = (id: string): unknown => JSON.parse(document.getElementById(id)?.textContent || 'null');
  const config = readJson('stampede-config') as PageConfig;
  const Plot = (window as unknown as { uPlot: typeof UPlot }).uPlot;
  const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2'];
  const HEIGHT = 220;
  const state = {
    report: readJson('run-data') as RunReport | null,
    scope: 'all',
    charts: {} as Record<string, UPlot>,
    chartKeys: {} as Record<string, string>,
  };
  (window as unknown as { stampede: typeof state }).stampede = state;

  const byId = (id: string): HTMLElement => document.getElementById(id)!;
  function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const c of children) if (c !== undefined) node.append(c);
    return node;
  }
  const fmt = (v: number | undefined, unit: Parameters<typeof formatUnit>[1]) => formatUnit(v, unit);

  function renderHeader(r: RunReport | null): void {
    byId('script').textContent = r ? r.script : 'waiting for the test to start…';
    const meta = byId('meta');
    meta.replaceChildren();
    if (!r) return;
    const item = (key: string, label: string, value: Node | string) => {
      const d = el('div', 'meta-item', el('dt', undefined, label), el('dd', undefined, value));
      d.dataset.meta = key;
      meta.append(d);
    };
    const status = el('span', `status status-${r.status}`, r.status);
    status.id = 'status';
    item('status', 'Status', status);
    const started = el('time', undefined, new Date(r.startedAt).toLocaleString());
    started.dateTime = new Date(r.startedAt).toISOString();
    item('started', 'Started', started);
    item('duration', 'Duration', formatDuration(r.durationMs));
    if (r.exitCode !== undefined) item('exit-code', 'Exit code', String(r.exitCode));
    if (r.scenarios.length > 0) item('scenarios', 'Scenarios', r.scenarios.join(', '));
    const tags = Object.entries(r.tags);
    if (tags.length > 0) item('tags', 'Tags', el('span', 'tags', ...tags.map(([k, v]) => el('span', 'tag', `${k}=${v}`))));
    if (r.commit) {
      const c = el('code', undefined, r.commit.slice(0, 12));
      c.title = r.commit;
      item('commit', 'Commit', c);
    }
    if (r.id) item('id', 'Run', el('code', undefined, r.id));
    document.title = `Stampede · ${r.script}${r.status === 'running' ? ' (running)' : ''}`;
  }

  function renderTotals(r: RunReport | null): void {
    const box = byId('totals');
    box.replaceChildren();
    if (!r) { box.append(el('p', 'muted', 'No data yet.')); return; }
    for (const t of totals(r, fmt)) {
      const card = el('div', 'total', el('div', 'label', t.label), el('div', 'value', fmt(t.value, t.unit)), t.detail ? el('div', 'detail', t.detail) : undefined);
      card.dataset.total = t.key;
      if (t.value !== undefined) card.dataset.value = String(t.value);
      box.append(card);
    }
    byId('totals-note').textContent = r.summary ? '' : 'so far (live, from the timeline)';
  }

  function renderScopes(r: RunReport | null): void {
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

  function drawChart(container: HTMLElement, spec: ChartSpec, r: RunReport): void {
    let panel = container.querySelector<HTMLElement>(`[data-chart="${CSS.escape(spec.id)}"]`);
    if (!panel) {
      panel = el('section', 'chart', el('h3', undefined, spec.title), el('div', 'plot'), el('p', 'empty muted', 'No data in this scope.'));
      panel.dataset.chart = spec.id;
    }
    container.append(panel); // (re)appended in spec order
    const plot = panel.querySelector<HTMLElement>('.plot')!;
    const empty = panel.querySelector<HTMLElement>('.empty')!;
    const data = chartData(r, spec, state.scope);
    const hasData = data.points.some((n) => n > 0);
    plot.hidden = !hasData;
    empty.hidden = hasData;
    let chart: UPlot | undefined = state.charts[spec.id];
    const key = `${spec.unit}|${spec.series.map((s) => s.label).join('|')}`;
    if (chart && (!hasData || state.chartKeys[spec.id] !== key)) {
      chart.destroy();
      chart = undefined;
      delete state.charts[spec.id];
    }
    if (!hasData) return;
    const aligned: UPlot.AlignedData = [data.x, ...data.ys];
    if (chart) { chart.setData(aligned); return; }
    const unit = spec.unit;
    const opts: UPlot.Options = {
      width: Math.max(plot.clientWidth, 300),
      height: HEIGHT,
      scales: {
        x: { time: false },
        y: { range: (_u, _min, max) => [0, unit === 'percent' ? Math.min(1, Math.max(max * 1.1, 0.05)) : max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        { grid: { stroke: '#e5e7eb', width: 1 }, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400], values: (_u, splits) => splits.map((v) => formatElapsed(v)) },
        { size: 80, grid: { stroke: '#e5e7eb', width: 1 }, values: (_u, splits) => splits.map((v) => fmt(v, unit)) },
      ],
      series: [
        { label: 'at', value: (_u, v) => (v === null || v === undefined ? '–' : `${formatElapsed(v)} (${new Date(r.timeline.startedAt + v * 1000).toLocaleTimeString()})`) },
        ...spec.series.map((s, i) => ({
          label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2,
          value: (_u: UPlot, v: number | null) => fmt(v ?? undefined, unit),
        })),
      ],
    };
    state.charts[spec.id] = new Plot(opts, aligned, plot);
    state.chartKeys[spec.id] = key;
  }

  function renderCharts(r: RunReport | null): void {
    if (!r) return;
    for (const spec of config.overview) drawChart(byId('charts'), spec, r);
    const more = moreCharts(r, config.overview, config.builtin);
    byId('more-section').hidden = more.length === 0;
    for (const spec of more) drawChart(byId('more-charts'), spec, r);
  }

  function renderThresholds(r: RunReport | null): void {
    const box = byId('thresholds');
    box.replaceChildren();
    if (!r?.summary) { box.append(el('p', 'muted', 'Thresholds are judged at the end of the run.')); return; }
    const rows = thresholdRows(r);
    if (rows.length === 0) { box.append(el('p', 'muted', 'This run has no thresholds.')); return; }
    const head = el('tr', undefined, el('th', undefined, 'Metric'), el('th', undefined, 'Threshold'), el('th', undefined, 'Result'), el('th', 'num', 'Value'));
    const body = el('tbody');
    for (const row of rows) {
      body.append(el('tr', row.ok ? 'pass' : 'fail',
        el('td', undefined, el('code', undefined, row.metric)),
        el('td', undefined, el('code', undefined, row.expression)),
        el('td', 'result', row.ok ? '✓ pass' : '✗ fail'),
        el('td', 'num', fmt(row.value, row.unit))));
    }
    box.append(el('table', 'thresholds', el('thead', undefined, head), body));
  }

  function checkList(g: SummaryGroup): HTMLElement {
    const list = el('ul', 'tree');
    for (const c of g.checks) {
      const total = c.passes + c.fails;
      const li = el('li', `check ${c.fails > 0 ? 'fail' : 'pass'}`,
        el('span', 'mark', c.fails > 0 ? '✗' : '✓'), ' ',
        el('span', 'name', c.name), ' ',
        el('span', 'counts', `${formatCount(c.passes)} ✓ ${formatCount(c.fails)} ✗`), ' ',
        el('span', 'pct', total > 0 ? fmt(c.passes / total, 'percent') : '–'));
      list.append(li);
    }
    for (const sub of g.groups) {
      const n = checkCounts(sub);
      const details = el('details', undefined,
        el('summary', undefined, el('span', 'group-name', `group ${sub.name}`), ' ', el('span', 'counts', `${formatCount(n.passes)} ✓ ${formatCount(n.fails)} ✗`)),
        checkList(sub));
      details.open = true;
      const li = el('li', `group ${n.fails > 0 ? 'fail' : 'pass'}`, details);
      li.dataset.group = groupLabel(sub.path);
      list.append(li);
    }
    return list;
  }

  function renderChecks(r: RunReport | null): void {
    const box = byId('checks');
    box.replaceChildren();
    const root = r?.summary?.root_group;
    if (!root) { box.append(el('p', 'muted', 'Checks are listed at the end of the run.')); return; }
    const n = checkCounts(root);
    if (n.passes + n.fails === 0) { box.append(el('p', 'muted', 'This run made no checks.')); return; }
    box.append(checkList(root));
  }

  function renderMetrics(r: RunReport | null): void {
    const box = byId('metrics');
    box.replaceChildren();
    const metrics = r?.summary?.metrics;
    if (!metrics) { box.append(el('p', 'muted', 'The metrics table is filled at the end of the run.')); return; }
    const body = el('tbody');
    for (const [name, m] of Object.entries(metrics)) {
      const values = Object.entries(m.values).map(([stat, v]) => el('span', 'stat', `${stat}=`, el('b', undefined, fmt(v, unitOf(m.type, m.contains, stat)))));
      body.append(el('tr', undefined, el('td', undefined, el('code', undefined, name)), el('td', undefined, m.type), el('td', 'values', ...values)));
    }
    box.append(el('table', 'metrics', el('thead', undefined, el('tr', undefined, el('th', undefined, 'Metric'), el('th', undefined, 'Type'), el('th', undefined, 'Values'))), body));
  }

  function render(r: RunReport | null): void {
    state.report = r;
    renderHeader(r);
    renderTotals(r);
    renderScopes(r);
    renderCharts(r);
    renderThresholds(r);
    renderChecks(r);
    renderMetrics(r);
  }

  byId('scope').addEventListener('change', (e) => {
    state.scope = (e.target as HTMLSelectElement).value;
    renderCharts(state.report);
  });
  let resizing = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => {
      for (const chart of Object.values(state.charts)) {
        const plot = chart.root.parentElement;
        if (plot) chart.setSize({ width: Math.max(plot.clientWidth, 300), height: HEIGHT });
      }
    });
  });

  render(state.report);

  if (config.live) {
    const conn = byId('connection');
    const events = new EventSource('events');
    events.addEventListener('report', (e) => {
      const r = JSON.parse((e as MessageEvent<string>).data) as RunReport;
      render(r);
      if (r.status !== 'running') {
        events.close();
        conn.textContent = 'run finished';
        conn.className = 'connection done';
      } else {
        conn.textContent = 'live';
        conn.className = 'connection live';
      }
    });
    events.addEventListener('error', () => {
      if (events.readyState !== EventSource.CLOSED) { conn.textContent = 'reconnecting…'; conn.className = 'connection lost'; }
    });
  }
}
