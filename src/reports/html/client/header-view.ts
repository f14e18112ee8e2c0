/** The page header: the script's name and the run's facts (status, start, duration, tags, commit …). */
import type { RunReport } from '../../run-report.ts';
import { byId, el } from './dom.ts';
import { formatDuration } from './format.ts';

export function renderHeader(r: RunReport | null): void {
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
