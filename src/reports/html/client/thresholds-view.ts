/** The thresholds table: each expression, pass or fail, and the value it was judged on. */
import type { RunReport } from '../../run-report.ts';
import { byId, el } from './dom.ts';
import { formatUnit } from './format.ts';
import { thresholdRows } from './model.ts';

export function renderThresholds(r: RunReport | null): void {
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
      el('td', 'num', formatUnit(row.value, row.unit))));
  }
  box.append(el('table', 'thresholds', el('thead', undefined, head), body));
}
