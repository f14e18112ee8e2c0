/**
 * The report page's exemplars, computed from a RunReport (pure, no DOM; runs
 * in the browser and in the unit tests): one table per request name (its
 * slowest requests, then the sampled failed ones), each row with an anchor
 * id, and the marks the request-duration chart draws at the slowest
 * requests' points, each linking to its row.
 */
import type { Exemplar, ExemplarGroup } from '../../../metrics/index.ts';
import type { RunReport } from '../../run-report.ts';
import { exemplarIds, failedCaption } from '../../exemplar-format.ts';

export interface ExemplarRow {
  /** the row's element id, which the chart's marks link to */
  anchor: string;
  list: 'slowest' | 'failed';
  ex: Exemplar;
  /** seconds from the test's start (the charts' x) */
  at: number;
  /** the chosen headers and the trace id, as `name=value` pairs */
  ids: string[];
}

export interface ExemplarTable {
  name: string;
  rows: ExemplarRow[];
  /** `12 failed, 5 sampled` */
  failedCaption: string;
}

export interface ExemplarMark {
  /** seconds from the test's start */
  x: number;
  /** ms */
  y: number;
  anchor: string;
  title: string;
}

function rowsOf(g: ExemplarGroup, gi: number, startedAt: number): ExemplarRow[] {
  const row = (list: ExemplarRow['list'], ex: Exemplar, i: number): ExemplarRow => ({
    anchor: `exemplar-${gi}-${list}-${i}`, list, ex, at: (ex.time - startedAt) / 1000, ids: exemplarIds(ex),
  });
  return [...g.slowest.map((ex, i) => row('slowest', ex, i)), ...g.failed.map((ex, i) => row('failed', ex, i))];
}

/** The run's scope (`all`, `scenario:NAME`, `group:NAME`) holds the request. */
function inScope(ex: Exemplar, scope: string): boolean {
  if (scope === 'all') return true;
  if (scope.startsWith('scenario:')) return ex.scenario === scope.slice('scenario:'.length);
  if (scope.startsWith('group:')) return ex.group === scope.slice('group:'.length);
  return true;
}

/** One table per request name; none when the run kept no exemplars. */
export function exemplarTables(r: RunReport): ExemplarTable[] {
  const startedAt = r.timeline.startedAt;
  return (r.exemplars?.groups ?? []).map((g, gi) => ({ name: g.name, rows: rowsOf(g, gi, startedAt), failedCaption: failedCaption(g) }));
}

/** At most this many marks on the chart: the slowest requests across names. */
export const MAX_MARKS = 50;

/** The request-duration chart's marks in `scope`: the slowest requests across names (at most MAX_MARKS), at (time, duration). */
export function exemplarMarks(r: RunReport, scope: string): ExemplarMark[] {
  const marks: ExemplarMark[] = [];
  for (const t of exemplarTables(r)) {
    for (const row of t.rows) {
      if (row.list !== 'slowest' || !inScope(row.ex, scope)) continue;
      marks.push({ x: row.at, y: row.ex.timings.duration, anchor: row.anchor, title: `${row.ex.method} ${row.ex.url} ${row.ex.status}${row.ids.length ? ` ${row.ids.join(' ')}` : ''}` });
    }
  }
  return marks.sort((a, b) => b.y - a.y).slice(0, MAX_MARKS);
}

/** Sorts rows by a column's value (numbers numerically, text alphabetically). */
export function sortRows<T>(rows: T[], value: (row: T) => number | string, descending: boolean): T[] {
  const dir = descending ? -1 : 1;
  return rows.slice().sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    return (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb))) * dir;
  });
}
