/**
 * The "Service probes" section: one chart per probe (`probe_<name>`, a
 * line per series labelled by its tags) on the same x range as the load's
 * charts, under it the drain after the load ("drained to value == 0 in 1.4s
 * after the load", "did not drain …") and the probe's failed reads. Probes
 * are test-wide: the section ignores the scope selector.
 */
import type { RunReport } from '../../run-report.ts';
import { chartPanel, drawPlot } from './charts-view.ts';
import { byId, el } from './dom.ts';
import { drainNote, formatCount } from './format.ts';
import { probesView } from './model.ts';
import type { PageState } from './state.ts';

export function renderProbes(state: PageState, r: RunReport | null): void {
  const section = byId('probes-section');
  if (!r) { section.hidden = true; return; }
  const view = probesView(r);
  section.hidden = view.panels.length === 0;
  const box = byId('probe-charts');
  const ids = new Set(view.panels.map((p) => p.spec.id));
  for (const old of box.querySelectorAll<HTMLElement>('[data-chart]')) {
    if (!ids.has(old.dataset.chart!)) { state.charts[old.dataset.chart!]?.destroy(); delete state.charts[old.dataset.chart!]; old.remove(); }
  }
  for (const p of view.panels) {
    const panel = chartPanel(box, p.spec);
    panel.classList.add('probe');
    panel.dataset.probe = p.name;
    const title = panel.querySelector('h3')!;
    if (!title.querySelector('.metric')) title.append(' ', el('code', 'metric muted', p.metric));
    panel.querySelector<HTMLElement>('.empty')!.textContent = 'No readings.';
    drawPlot(state, panel, p.spec, p.data, r);
    let notes = panel.querySelector<HTMLElement>('.probe-notes');
    if (!notes) { notes = el('div', 'probe-notes'); panel.append(notes); }
    notes.replaceChildren();
    const drain = drainNote(p.drain, r.status === 'running');
    if (drain) {
      const note = el('p', `drain ${drain.cls}`, drain.text);
      notes.append(note);
    }
    if (p.errors !== undefined && p.errors > 0) {
      notes.append(el('p', 'probe-errors', `${formatCount(p.errors)} failed ${p.errors === 1 ? 'read' : 'reads'} (probe_errors{probe:${p.name}})`));
    }
  }
  const note = byId('probes-note');
  note.textContent = view.unattributedErrors > 0 ? `${formatCount(view.unattributedErrors)} failed probe reads (probe_errors)` : '';
  note.classList.toggle('probe-errors', view.unattributedErrors > 0);
}
