/**
 * The "Chaos" section: one card per fault window — its name, what it did
 * (`api down`), the window on the run's clock, the load before (the 30 s
 * baseline), during and after it (requests, error rate, p95) and how long
 * the load took to recover, or that it did not. While the run goes (live
 * dashboard) the windows come from the timeline and the numbers wait for
 * the end; the bands on the charts are drawn by plot-options.ts. Every
 * number is also in a data-value attribute (the browser tests read them).
 */
import type { RunReport } from '../../run-report.ts';
import { byId, el } from './dom.ts';
import { formatCount, formatDuration, formatUnit } from './format.ts';
import { faultRows, type FaultRow } from './model.ts';

const PHASES = [['before', 'before (baseline)'], ['during', 'during'], ['after', 'after']] as const;

function cell(text: string, value: number | null | undefined, cls = 'num'): HTMLTableCellElement {
  const td = el('td', cls, text);
  td.dataset.value = value === null || value === undefined ? '' : String(value);
  return td;
}

/** `2s → 3.5s (1.5s)`; an open window: `since 2s`. */
export function windowText(f: Pick<FaultRow, 'startMs' | 'endMs' | 'open'>): string {
  if (f.open || f.endMs === undefined) return `since ${formatDuration(f.startMs)}, open`;
  return `${formatDuration(f.startMs)} → ${formatDuration(f.endMs)} (${formatDuration(f.endMs - f.startMs)})`;
}

/** The recovery as a sentence, with the class that colours it. */
export function recoveryText(f: FaultRow, running: boolean): { text: string; cls: string } {
  if (f.recoveryMs !== undefined) {
    return f.recovered === false
      ? { text: `not recovered: waited ${formatDuration(f.recoveryMs)} after the fault, until the run ended`, cls: 'not-recovered' }
      : { text: `recovered ${formatUnit(f.recoveryMs, 'ms')} after the fault`, cls: 'recovered' };
  }
  if (f.open) return { text: 'fault open now', cls: 'pending' };
  return { text: running ? 'recovery: watching the load after the fault' : 'recovery: not measured', cls: 'pending' };
}

function faultCard(f: FaultRow, running: boolean): HTMLElement {
  const card = el('div', `fault${f.open ? ' open' : ''}`,
    el('h3', undefined, el('span', 'fault-name', f.name), f.what ? ' ' : undefined, f.what ? el('span', 'what muted', f.what) : undefined),
    el('p', 'window', windowText(f)));
  card.dataset.fault = f.name;
  card.dataset.startMs = String(f.startMs);
  if (f.endMs !== undefined) card.dataset.endMs = String(f.endMs);
  if (f.before && f.during && f.after) {
    const head = el('tr', undefined, el('th', undefined, ''), el('th', 'num', 'requests'), el('th', 'num', 'error rate'), el('th', 'num', 'p95'));
    const body = el('tbody');
    for (const [phase, label] of PHASES) {
      const s = f[phase]!;
      const row = el('tr', phase, el('th', undefined, label),
        cell(formatCount(s.requests), s.requests, 'num requests'),
        cell(formatUnit(s.errorRate, 'percent'), s.errorRate, 'num error-rate'),
        cell(formatUnit(s.p95, 'ms'), s.p95, 'num p95'));
      row.dataset.phase = phase;
      body.append(row);
    }
    card.append(el('table', 'fault-load', el('thead', undefined, head), body));
  } else {
    card.append(el('p', 'muted', 'Before, during and after: at the end of the run.'));
  }
  const rec = recoveryText(f, running);
  const p = el('p', `recovery ${rec.cls}`, rec.text);
  if (f.recoveryMs !== undefined) p.dataset.value = String(f.recoveryMs);
  card.append(p);
  return card;
}

export function renderChaos(r: RunReport | null): void {
  const section = byId('chaos-section');
  const rows = r ? faultRows(r) : [];
  section.hidden = rows.length === 0;
  const box = byId('chaos');
  box.replaceChildren(...rows.map((f) => faultCard(f, r?.status === 'running')));
  byId('chaos-note').textContent = rows.length === 0 ? '' : 'fault windows are the shaded bands on every chart';
}
