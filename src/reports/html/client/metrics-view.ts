/** The metrics table: every metric of the summary with its type and values, each in its unit. */
import type { RunReport } from '../../run-report.ts';
import { byId, el } from './dom.ts';
import { formatUnit } from './format.ts';
import { unitOf } from './model.ts';

export function renderMetrics(r: RunReport | null): void {
  const box = byId('metrics');
  box.replaceChildren();
  const metrics = r?.summary?.metrics;
  if (!metrics) { box.append(el('p', 'muted', 'The metrics table is filled at the end of the run.')); return; }
  const body = el('tbody');
  for (const [name, m] of Object.entries(metrics)) {
    const values = Object.entries(m.values).map(([stat, v]) => el('span', 'stat', `${stat}=`, el('b', undefined, formatUnit(v, unitOf(m.type, m.contains, stat)))));
    body.append(el('tr', undefined, el('td', undefined, el('code', undefined, name)), el('td', undefined, m.type), el('td', 'values', ...values)));
  }
  const head = el('tr', undefined, el('th', undefined, 'Metric'), el('th', undefined, 'Type'), el('th', undefined, 'Values'));
  box.append(el('table', 'metrics', el('thead', undefined, head), body));
}
