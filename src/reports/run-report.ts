/**
 * One run as everything after the summary sees it: the HTML report, the
 * live dashboard, the run history, Markdown and comparisons all render a
 * RunReport. Plain JSON data (stored as is in the history).
 */
import type { ExemplarReport, MetricDefinition } from '../metrics/index.ts';
import type { SummaryData } from './summary-data.ts';
import type { Timeline } from './timeline.ts';

export type RunStatus = 'running' | 'passed' | 'failed' | 'aborted' | 'interrupted';

export interface RunReport {
  format: 'stampede-run/1';
  /** the history's id once saved (`stampede runs` lists it) */
  id?: string;
  /** the script as given on the command line */
  script: string;
  /** wall-clock ms when the test started */
  startedAt: number;
  durationMs: number;
  status: RunStatus;
  /** k6's exit code, once the run ended */
  exitCode?: number;
  /** --tag and options.tags */
  tags: Record<string, string>;
  /** git commit of the working directory, when in a repository */
  commit?: string;
  scenarios: string[];
  /** the resolved options (JSON-safe), as the test ran with them */
  options?: Record<string, unknown>;
  definitions: MetricDefinition[];
  timeline: Timeline;
  /** handleSummary() data at the end (setup_data left out); undefined while running */
  summary?: Omit<SummaryData, 'setup_data'>;
  /** the slowest and sampled failed requests per request name (absent in runs saved before exemplars) */
  exemplars?: ExemplarReport;
  /** the --baseline comparison, when the run had one and its baseline was found */
  baselineGate?: BaselineGate;
}

/** What `--baseline REF --max-regression N%` compared, value by value (history/regression.ts). */
export interface BaselineGate {
  /** the baseline's id in the history */
  baselineId: string;
  maxRegressionPct: number;
  compared: { name: string; regressed: boolean; line: string }[];
}

/** The status k6's exit code stands for. */
export function statusOfExitCode(code: number): RunStatus {
  if (code === 0) return 'passed';
  if (code === 99) return 'failed';
  if (code === 105) return 'interrupted';
  return 'aborted';
}
