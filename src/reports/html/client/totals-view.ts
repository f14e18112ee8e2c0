/** The totals cards: the headline numbers of model.ts's `totals()`. */
import type { RunReport } from '../../run-report.ts';
import { byId, el } from './dom.ts';
import { formatUnit } from './format.ts';
import { totals } from './model.ts';

export function renderTotals(r: RunReport | null): void {
  const box = byId('totals');
  box.replaceChildren();
  if (!r) { box.append(el('p', 'muted', 'No data yet.')); return; }
  for (const t of totals(r, formatUnit)) {
    const card = el('div', 'total', el('div', 'label', t.label), el('div', 'value', formatUnit(t.value, t.unit)), t.detail ? el('div', 'detail', t.detail) : undefined);
    card.dataset.total = t.key;
    if (t.value !== undefined) card.dataset.value = String(t.value);
    box.append(card);
  }
  byId('totals-note').textContent = r.summary ? '' : 'so far (live, from the timeline)';
}
