/**
 * k6's REST API v1 documents (JSON:API): status, metrics, groups, setup
 * data. Pure functions from Stampede's data to the shapes k6 tools expect.
 */
import type { SummaryData, SummaryGroup } from '../reports/index.ts';
import type { RunStatus } from './run-control.ts';

export function statusDocument(s: RunStatus): object {
  return {
    data: {
      type: 'status',
      id: 'default',
      attributes: { status: s.status, paused: s.paused, vus: s.vus, 'vus-max': s.vusMax, stopped: s.stopped, running: s.running, tainted: s.tainted },
    },
  };
}

function metricResource(name: string, m: SummaryData['metrics'][string]): object {
  const thresholds = Object.values(m.thresholds ?? {});
  return {
    type: 'metrics',
    id: name,
    attributes: { type: m.type, contains: m.contains, tainted: thresholds.length ? thresholds.some((t) => !t.ok) : null, sample: m.values },
  };
}

/** All metrics (submetrics with thresholds included, as k6 lists them). */
export function metricsDocument(summary: SummaryData): object {
  return { data: Object.entries(summary.metrics).map(([name, m]) => metricResource(name, m)) };
}

/** One metric, or undefined when there is no such metric. */
export function metricDocument(summary: SummaryData, name: string): object | undefined {
  const m = summary.metrics[name];
  return m && { data: metricResource(name, m) };
}

function flatten(group: SummaryGroup, parent: SummaryGroup | undefined, out: { group: SummaryGroup; parent?: SummaryGroup }[]): void {
  out.push({ group, parent });
  for (const child of group.groups) flatten(child, group, out);
}

function groupResource(group: SummaryGroup, parent: SummaryGroup | undefined): object {
  return {
    type: 'groups',
    id: group.id,
    attributes: { path: group.path, name: group.name, checks: group.checks.map((c) => ({ id: c.id, path: c.path, name: c.name, passes: c.passes, fails: c.fails })) },
    relationships: {
      groups: { data: group.groups.map((g) => ({ type: 'groups', id: g.id })) },
      parent: { data: parent ? { type: 'groups', id: parent.id } : null },
    },
  };
}

/** Every group, the root first, then depth-first. */
export function groupsDocument(summary: SummaryData): object {
  const all: { group: SummaryGroup; parent?: SummaryGroup }[] = [];
  flatten(summary.root_group, undefined, all);
  return { data: all.map(({ group, parent }) => groupResource(group, parent)) };
}

export function groupDocument(summary: SummaryData, id: string): object | undefined {
  const all: { group: SummaryGroup; parent?: SummaryGroup }[] = [];
  flatten(summary.root_group, undefined, all);
  const found = all.find((g) => g.group.id === id);
  return found && { data: groupResource(found.group, found.parent) };
}

export function setupDocument(data: unknown): object {
  return { data: { type: 'setupData', id: 'default', attributes: { data: data ?? null } } };
}

/** A JSON:API error document. */
export function errorDocument(status: number, title: string, detail?: string): object {
  return { errors: [{ status: String(status), title, ...(detail ? { detail } : {}) }] };
}
