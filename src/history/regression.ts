/**
 * The baseline gate of `stampede run --baseline RUN --max-regression N%`:
 * compares a run's p(95) of http_req_duration and its http_req_failed rate
 * (and their `{scenario:…}` submetrics present in both runs) with the
 * baseline's. A regression is
 *   - p(95) more than N % above the baseline's, or
 *   - an error rate more than N % above the baseline's (relative) AND more
 *     than ERROR_RATE_FLOOR above it (absolute), so 0 % → 0.01 % is noise,
 *     not a regression.
 * Each compared value gives one line naming the metric, both values and
 * the change.
 */
import type { RunReport, SummaryMetric } from '../reports/index.ts';

/** An error rate must grow by more than this (0.1 percentage point) to regress. */
export const ERROR_RATE_FLOOR = 0.001;

export interface RegressionVerdict {
  regressed: boolean;
  /** one line per compared value */
  lines: string[];
  /** the lines that are regressions (a subset of `lines`) */
  regressions: string[];
  /** each compared value: what (`http_req_duration p(95)`), whether it regressed, its line */
  compared: ComparedValue[];
}

/** One value the gate compared with the baseline's. */
export interface ComparedValue {
  /** the metric key and stat, e.g. `http_req_duration{scenario:api} p(95)` */
  name: string;
  regressed: boolean;
  line: string;
}

const pct = (v: number) => `${v.toFixed(1)} %`;
const ms = (v: number) => `${v.toFixed(2)} ms`;
const rate = (v: number) => `${(v * 100).toFixed(2)} %`;
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} %`;

/** `http_req_duration` and `http_req_duration{scenario:x}` keys of the metric, in both summaries. */
function comparedKeys(metric: string, base: Record<string, SummaryMetric>, run: Record<string, SummaryMetric>): string[] {
  const scenarioKey = new RegExp(`^${metric}\\{scenario:[^,{}]+\\}$`);
  return Object.keys(run).filter((k) => (k === metric || scenarioKey.test(k)) && base[k] !== undefined);
}

export function checkRegression(base: RunReport, run: RunReport, maxRegressionPct: number): RegressionVerdict {
  const lines: string[] = [];
  const regressions: string[] = [];
  const compared: ComparedValue[] = [];
  const baseMetrics = base.summary?.metrics ?? {};
  const runMetrics = run.summary?.metrics ?? {};
  const against = `baseline ${base.id ?? base.script}`;
  const allowed = `the allowed ${maxRegressionPct} %`;

  for (const key of comparedKeys('http_req_duration', baseMetrics, runMetrics)) {
    const was = baseMetrics[key].values['p(95)'];
    const now = runMetrics[key].values['p(95)'];
    if (was === undefined || now === undefined) {
      lines.push(`${key} p(95): not compared, p(95) is not in the ${was === undefined ? 'baseline' : 'run'}'s summaryTrendStats`);
      continue;
    }
    if (was <= 0) continue; // no requests timed in the baseline: nothing to compare with
    const change = ((now - was) / was) * 100;
    if (change > maxRegressionPct) {
      regressions.push(`${key} p(95) regressed ${pct(change)} (${ms(was)} → ${ms(now)}), more than ${allowed} (${against})`);
      compared.push({ name: `${key} p(95)`, regressed: true, line: regressions[regressions.length - 1] });
    } else {
      lines.push(`${key} p(95) ${ms(was)} → ${ms(now)} (${signed(change)}), within ${allowed} (${against})`);
      compared.push({ name: `${key} p(95)`, regressed: false, line: lines[lines.length - 1] });
    }
  }

  for (const key of comparedKeys('http_req_failed', baseMetrics, runMetrics)) {
    const was = baseMetrics[key].values.rate ?? 0;
    const now = runMetrics[key].values.rate ?? 0;
    const grew = now - was;
    const relative = was > 0 ? (grew / was) * 100 : grew > 0 ? Infinity : 0;
    // from 0 % any growth is infinitely many percent: say it in points
    const change = was > 0 || grew <= 0 ? signed(relative) : `+${(grew * 100).toFixed(2)} points`;
    if (relative > maxRegressionPct && grew > ERROR_RATE_FLOOR) {
      regressions.push(`${key} rate regressed ${change.replace(/^\+/, '')} (${rate(was)} → ${rate(now)}), more than ${allowed} (${against})`);
      compared.push({ name: `${key} rate`, regressed: true, line: regressions[regressions.length - 1] });
    } else {
      const why = relative > maxRegressionPct ? `, less than the ${(ERROR_RATE_FLOOR * 100).toFixed(1)} point floor` : '';
      lines.push(`${key} rate ${rate(was)} → ${rate(now)} (${change}${why}), within ${allowed} (${against})`);
      compared.push({ name: `${key} rate`, regressed: false, line: lines[lines.length - 1] });
    }
  }

  if (lines.length === 0 && regressions.length === 0) lines.push(`nothing to compare with ${against}: http_req_duration and http_req_failed are in only one of the runs`);
  return { regressed: regressions.length > 0, lines: [...regressions, ...lines], regressions, compared };
}
