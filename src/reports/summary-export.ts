/**
 * The legacy `--summary-export` JSON: each metric flattened to its values
 * (a rate's `rate` renamed `value`), thresholds as `{ expression: failed }`
 * — true means the threshold FAILED, as k6 writes it — and groups and
 * checks keyed by name instead of listed. No `options`, no `state`.
 */
import type { SummaryData, SummaryGroup } from './summary-data.ts';

/** A group in the export: sub-groups and checks keyed by name. */
export interface ExportGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, ExportGroup>;
  checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>;
}

/** The `--summary-export` document (write it with JSON.stringify(x, null, 4) like k6). */
export interface SummaryExport {
  root_group: ExportGroup;
  metrics: Record<string, Record<string, number | Record<string, boolean>>>;
  setup_data?: unknown;
}

/** Converts handleSummary data into the legacy export shape. Does not modify `data`. */
export function buildSummaryExport(data: SummaryData): SummaryExport {
  const metrics: SummaryExport['metrics'] = {};
  for (const [key, metric] of Object.entries(data.metrics)) {
    const flat: Record<string, number | Record<string, boolean>> = { ...metric.values };
    if (metric.type === 'rate' && 'rate' in flat) {
      flat.value = flat.rate;
      delete flat.rate;
    }
    const thresholds = Object.entries(metric.thresholds ?? {});
    if (thresholds.length > 0) flat.thresholds = Object.fromEntries(thresholds.map(([source, t]) => [source, !t.ok]));
    metrics[key] = flat;
  }
  const out: SummaryExport = { root_group: exportGroup(data.root_group), metrics };
  if (data.setup_data !== undefined) out.setup_data = data.setup_data;
  return out;
}

function exportGroup(g: SummaryGroup): ExportGroup {
  return {
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((sub) => [sub.name, exportGroup(sub)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, { ...c }])),
  };
}
