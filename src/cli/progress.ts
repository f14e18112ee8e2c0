/**
 * The live progress display, k6's layout. On a TTY: a header line and one
 * bar per scenario, redrawn about once a second. Not on a TTY: one compact
 * line at most every 10 s, so CI logs show the test is alive without
 * drowning in redraws.
 */
import { executorDefinition, formatDuration } from '../config/index.ts';
import type { RunProgress, ScenarioProgress } from '../run/index.ts';

const BAR_WIDTH = 40;

export function formatElapsed(ms: number): string {
  const totalTenths = Math.floor(ms / 100);
  const m = Math.floor(totalTenths / 600);
  const s = (totalTenths % 600) / 10;
  return `${String(m).padStart(2, '0')}m${s.toFixed(1).padStart(4, '0')}s`;
}

/** `running (00m05.2s), 10/10 VUs, 523 complete iterations` */
export function formatProgress(p: Pick<RunProgress, 'elapsedMs' | 'vus' | 'vusMax' | 'iterations'>): string {
  return `running (${formatElapsed(p.elapsedMs)}), ${p.vus}/${p.vusMax} VUs, ${p.iterations} complete iterations`;
}

/** How far along the scenario is, 0..1: by iterations for the iteration executors, else by time. */
export function fractionDone(s: ScenarioProgress): number {
  if (s.state === 'done') return 1;
  if (s.state === 'waiting') return 0;
  if (s.iterationsTotal) return Math.min(1, s.iterations / s.iterationsTotal);
  if (!Number.isFinite(s.plannedMs) || s.plannedMs <= 0) return 0;
  return Math.min(1, s.elapsedMs / s.plannedMs);
}

function bar(fraction: number): string {
  const full = Math.floor(fraction * BAR_WIDTH);
  if (full >= BAR_WIDTH) return '='.repeat(BAR_WIDTH);
  return `${'='.repeat(full)}>${'-'.repeat(BAR_WIDTH - full - 1)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).padStart(4, '0')}s`;
}

/** `10 VUs`, or `05/10 VUs` when the count can move. */
function vusText(s: ScenarioProgress): string {
  if (executorDefinition(s.executor).progress.fixedVUs) return `${s.vus} VUs`;
  const width = String(s.maxVUs).length;
  return `${String(s.vus).padStart(width, '0')}/${s.maxVUs} VUs`;
}

/** What follows the bar: VUs, time, and the executor's own measure. */
function detail(s: ScenarioProgress): string {
  if (s.state === 'waiting') return `waiting, starts in ${seconds(s.startsInMs)}`;
  if (s.state === 'stopping') return stoppingText(s);
  const planned = Number.isFinite(s.plannedMs) ? formatDuration(s.plannedMs) : '∞';
  const parts = [vusText(s), `${seconds(s.elapsedMs)}/${planned}`];
  const own = executorDefinition(s.executor).progress.text?.(s);
  if (own) parts.push(own);
  if (s.ratePerSecond !== undefined) parts.push(`${s.ratePerSecond.toFixed(2)} iters/s`);
  return parts.join('  ');
}

/** Past its planned end, a scenario waits for its VUs: say so, and for how long at most. */
function stoppingText(s: ScenarioProgress): string {
  return `stopping: ${s.vus} ${s.vus === 1 ? 'VU finishes its iteration' : 'VUs finish their iterations'} (gracefulStop ${formatDuration(s.gracefulStopMs)})`;
}

/** k6's marks: ✓ done, ↓ gracefully stopping. */
function mark(s: ScenarioProgress): string {
  return s.state === 'done' ? '✓' : s.state === 'stopping' ? '↓' : ' ';
}

/** The TTY block: header, then `name ✓ [=====] detail` per scenario, names aligned. */
export function renderProgressBlock(p: RunProgress): string[] {
  const width = Math.max(...p.scenarios.map((s) => s.name.length), 0);
  return [
    formatProgress(p),
    ...p.scenarios.map((s) => `${s.name.padEnd(width)} ${mark(s)} [${bar(fractionDone(s))}] ${detail(s)}`),
  ];
}

/** The non-TTY line: header; then each scenario's percentage and VUs. */
export function renderProgressLine(p: RunProgress): string {
  const scenarios = p.scenarios.map((s) => `${s.name} ${s.state === 'waiting' ? 'waiting'
    : s.state === 'stopping' ? `${Math.floor(fractionDone(s) * 100)}% ${stoppingText(s)}` : `${Math.floor(fractionDone(s) * 100)}% ${vusText(s)}`}`);
  return `${formatProgress(p)}; ${scenarios.join(', ')}`;
}

/** Minimum spacing of non-TTY progress lines. */
export const PLAIN_PROGRESS_EVERY_MS = 10_000;
