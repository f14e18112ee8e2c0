/**
 * A run's exemplars as text and Markdown (`stampede report <run>
 * --exemplars`): per request name, its slowest requests and the sampled
 * failed ones, each with what finds it in the service's logs and traces
 * (the chosen response headers, the trace id), when it happened on the
 * test's clock, and who sent it (scenario, VU, iteration).
 */
import type { Exemplar, ExemplarReport } from '../metrics/index.ts';
import { formatTime } from './format.ts';
import { exemplarIds, exemplarStatus, failedCaption } from './exemplar-format.ts';
import { mdCell, mdCode, mdTable, textTable } from './report-text.ts';

/** `+12.3s`: when the response ended, from the test's start. */
export function exemplarOffset(ex: Exemplar, startedAt: number): string {
  return `+${((ex.time - startedAt) / 1000).toFixed(1)}s`;
}

function rowOf(ex: Exemplar, startedAt: number): string[] {
  return [
    formatTime(ex.timings.duration), exemplarStatus(ex), exemplarOffset(ex, startedAt), ex.scenario || '-', `${ex.vu}/${ex.iteration}`,
    `${ex.method} ${ex.url}`, exemplarIds(ex).join(' ') || '-',
  ];
}

const HEADER = ['DURATION', 'STATUS', 'AT', 'SCENARIO', 'VU/ITER', 'REQUEST', 'IDS'];
const RIGHT = [true, false, true, false, true, false, false];

/** Every name's lists as terminal tables; a line saying so when there are none. */
export function renderExemplarsText(report: ExemplarReport | undefined, startedAt: number): string {
  if (report === undefined) return 'no exemplars: the run was saved by a Stampede without them\n';
  if (report.groups.length === 0) return report.perName === 0 ? 'no exemplars: the run kept none (--exemplars 0)\n' : 'no exemplars: the run sent no HTTP request\n';
  const out: string[] = [];
  for (const g of report.groups) {
    out.push(`${g.name}`);
    out.push(`  slowest ${g.slowest.length}`);
    out.push(...textTable([HEADER, ...g.slowest.map((ex) => rowOf(ex, startedAt))], RIGHT, '    '));
    if (g.failedSeen > 0) {
      out.push(`  ${failedCaption(g)}`);
      out.push(...textTable([HEADER, ...g.failed.map((ex) => rowOf(ex, startedAt))], RIGHT, '    '));
    }
    out.push('');
  }
  if (report.namesCapped) out.push('(past the cap on request names, the rest share "(other names)": name dynamic URLs with the name tag)', '');
  return `${out.join('\n')}\n`;
}

/** The same as Markdown: a heading per name, a table per list. */
export function renderExemplarsMarkdown(report: ExemplarReport | undefined, startedAt: number): string {
  if (report === undefined || report.groups.length === 0) return `${renderExemplarsText(report, startedAt)}`;
  const out: string[] = [];
  const header = ['Duration', 'Status', 'At', 'Scenario', 'VU/iter', 'Request', 'IDs'];
  const rows = (list: Exemplar[]) => list.map((ex) => {
    const r = rowOf(ex, startedAt);
    return [r[0], mdCell(r[1]), r[2], mdCell(r[3]), r[4], mdCell(mdCode(r[5])), r[6] === '-' ? '' : mdCell(mdCode(r[6]))];
  });
  for (const g of report.groups) {
    out.push(`#### ${mdCell(g.name)}`, '', `Slowest ${g.slowest.length}`, '', ...mdTable(header, rows(g.slowest), RIGHT), '');
    if (g.failedSeen > 0) out.push(`${failedCaption(g)[0].toUpperCase()}${failedCaption(g).slice(1)}`, '', ...mdTable(header, rows(g.failed), RIGHT), '');
  }
  return `${out.join('\n')}\n`;
}
