/**
 * "Slowest and failed requests": a table per request name, next to the
 * charts. Each row is one request with what finds it in the service's logs
 * (X-Request-Id, traceparent …); a column header sorts the table; a mark on
 * the request-duration chart links to its row, which is highlighted when
 * reached that way.
 */
import type { RunReport } from '../../run-report.ts';
import { byId, el } from './dom.ts';
import { formatElapsed, formatMs } from './format.ts';
import { exemplarStatus } from '../../exemplar-format.ts';
import { exemplarTables, sortRows, type ExemplarRow, type ExemplarTable } from './exemplars-model.ts';

interface Column {
  label: string;
  num: boolean;
  value: (row: ExemplarRow) => number | string;
  cell: (row: ExemplarRow) => Node | string;
}

const COLUMNS: Column[] = [
  { label: 'Duration', num: true, value: (r) => r.ex.timings.duration, cell: (r) => formatMs(r.ex.timings.duration) },
  { label: 'Status', num: true, value: (r) => r.ex.status, cell: (r) => exemplarStatus(r.ex) },
  { label: 'At', num: true, value: (r) => r.at, cell: (r) => formatElapsed(r.at) },
  { label: 'Scenario', num: false, value: (r) => r.ex.scenario, cell: (r) => r.ex.scenario },
  { label: 'VU/iter', num: true, value: (r) => r.ex.vu, cell: (r) => `${r.ex.vu}/${r.ex.iteration}` },
  { label: 'Request', num: false, value: (r) => r.ex.url, cell: (r) => el('code', undefined, `${r.ex.method} ${r.ex.url}`) },
  { label: 'IDs', num: false, value: (r) => r.ids.join(' '), cell: (r) => el('code', undefined, r.ids.join(' ')) },
  { label: 'Waiting', num: true, value: (r) => r.ex.timings.waiting, cell: (r) => formatMs(r.ex.timings.waiting) },
];

export function renderExemplars(r: RunReport | null): void {
  const section = byId('exemplars-section');
  const tables = r ? exemplarTables(r) : [];
  section.hidden = tables.length === 0;
  const box = byId('exemplars');
  box.replaceChildren(...tables.map(tableOf));
  byId('exemplars-note').textContent = r?.exemplars
    ? `the ${r.exemplars.perName} slowest and a sample of ${r.exemplars.perName} failed requests per name${r.exemplars.namesCapped ? '; past the cap on names, the rest share "(other names)"' : ''}`
    : '';
  highlight(location.hash);
}

/** Each table's sort (column index, descending), kept across the live dashboard's re-renders. */
const sorts = new Map<string, { column: number; descending: boolean }>();

function tableOf(t: ExemplarTable): HTMLElement {
  const body = el('tbody');
  const ths = COLUMNS.map((c) => {
    const th = el('th', c.num ? 'num sortable' : 'sortable', c.label);
    th.title = 'sort by this column';
    return th;
  });
  const fill = () => {
    const sort = sorts.get(t.name);
    ths.forEach((th, i) => { if (sort?.column === i) th.dataset.sort = sort.descending ? 'desc' : 'asc'; else delete th.dataset.sort; });
    body.replaceChildren(...(sort ? sortRows(t.rows, COLUMNS[sort.column].value, sort.descending) : t.rows).map(rowOf));
  };
  ths.forEach((th, i) => th.addEventListener('click', () => {
    const was = sorts.get(t.name);
    sorts.set(t.name, { column: i, descending: !(was?.column === i && was.descending) });
    fill();
  }));
  fill();
  const head = el('tr', undefined, el('th', undefined, 'List'), ...ths);
  const box = el('div', 'exemplar-table', el('h3', undefined, el('code', undefined, t.name), ' ', el('span', 'muted', t.failedCaption)), el('table', 'exemplars', el('thead', undefined, head), body));
  box.dataset.name = t.name;
  return box;
}

function rowOf(row: ExemplarRow): HTMLElement {
  const tr = el('tr', row.ex.failed ? 'fail' : undefined, el('td', undefined, row.list), ...COLUMNS.map((c) => el('td', c.num ? 'num' : undefined, c.cell(row))));
  tr.id = row.anchor;
  tr.dataset.list = row.list;
  return tr;
}

/** Marks the row a chart's mark linked to. */
export function highlight(hash: string): void {
  for (const old of document.querySelectorAll('tr.target')) old.classList.remove('target');
  if (hash.startsWith('#exemplar-')) document.getElementById(hash.slice(1))?.classList.add('target');
}
