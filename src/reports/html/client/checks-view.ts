/** The checks tree: each group's checks with passes and fails, subgroups folded open below. */
import type { RunReport } from '../../run-report.ts';
import type { SummaryGroup } from '../../summary-data.ts';
import { byId, el } from './dom.ts';
import { formatCount, formatUnit } from './format.ts';
import { checkCounts, groupLabel } from './model.ts';

export function renderChecks(r: RunReport | null): void {
  const box = byId('checks');
  box.replaceChildren();
  const root = r?.summary?.root_group;
  if (!root) { box.append(el('p', 'muted', 'Checks are listed at the end of the run.')); return; }
  const n = checkCounts(root);
  if (n.passes + n.fails === 0) { box.append(el('p', 'muted', 'This run made no checks.')); return; }
  box.append(checkList(root));
}

const counts = (passes: number, fails: number) => el('span', 'counts', `${formatCount(passes)} ✓ ${formatCount(fails)} ✗`);

function checkList(g: SummaryGroup): HTMLElement {
  const list = el('ul', 'tree');
  for (const c of g.checks) {
    const total = c.passes + c.fails;
    list.append(el('li', `check ${c.fails > 0 ? 'fail' : 'pass'}`,
      el('span', 'mark', c.fails > 0 ? '✗' : '✓'), ' ',
      el('span', 'name', c.name), ' ',
      counts(c.passes, c.fails), ' ',
      el('span', 'pct', total > 0 ? formatUnit(c.passes / total, 'percent') : '–')));
  }
  for (const sub of g.groups) {
    const n = checkCounts(sub);
    const details = el('details', undefined,
      el('summary', undefined, el('span', 'group-name', `group ${sub.name}`), ' ', counts(n.passes, n.fails)),
      checkList(sub));
    details.open = true;
    const li = el('li', `group ${n.fails > 0 ? 'fail' : 'pass'}`, details);
    li.dataset.group = groupLabel(sub.path);
    list.append(li);
  }
  return list;
}
