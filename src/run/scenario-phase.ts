/**
 * The scenarios of a run, from the start to the last VU done: the
 * scheduler, the `vus` gauges and progress once a second, thresholds with
 * abortOnFail every 2 s, and every way the scenarios can end early — a
 * script's exec.test.abort(), a crossed threshold, the REST API, Ctrl-C or
 * SIGTERM (running iterations interrupted at once, as k6 does), a VU worker
 * that died (the run stops, or goes on with --on-worker-loss continue).
 */
import { plannedDurationMs, testMaxDurationMs } from '../config/index.ts';
import { Scheduler, VuPool } from '../execution/index.ts';
import { Batcher, type ThresholdResult } from '../metrics/index.ts';
import { watchThresholds } from './threshold-watch.ts';
import { generatorMemoryBytes } from './generator-memory.ts';
import { RunStatusCode } from '../api/index.ts';
import { scenarioProgress } from './progress-snapshot.ts';
import type { RunState } from './run-state.ts';

/** How the scenarios ended. */
export interface ScenarioOutcome {
  /** exec.test.abort() or fail() outside an iteration: the reason */
  abortReason?: string;
  /** the threshold with abortOnFail that stopped the test */
  thresholdAbort?: ThresholdResult;
  /** Ctrl-C / SIGTERM */
  interrupted: boolean;
  /** records the vus/vus_max gauges and the last progress report */
  sampleVus(final?: boolean): void;
}

/** After Ctrl-C, iterations are interrupted at once; a worker that does not come back by then is terminated. */
const INTERRUPT_GRACE_MS = 2000;
/** Slack past a scenario's gracefulStop before its workers count as stuck. */
const END_SLACK_MS = 2000;

/** The main thread's batcher for the gauges the scenario phase samples once a second (vus, vus_max, generator_memory). */
export function newMainBatcher(keepPoints: boolean): Batcher {
  const batcher = new Batcher({ keepPoints });
  batcher.define({ name: 'vus', type: 'gauge', contains: 'default' });
  batcher.define({ name: 'vus_max', type: 'gauge', contains: 'default' });
  batcher.define({ name: 'generator_memory', type: 'gauge', contains: 'data' });
  return batcher;
}

export async function runScenarios(run: RunState, setupData: unknown): Promise<ScenarioOutcome> {
  const { req, options, live, store, log, watch } = run;
  const pool = new VuPool(run.workers);
  const scheduler = new Scheduler(pool);
  Object.assign(live, { setup: setupData, pool, scheduler, phase: RunStatusCode.running });
  const outcome: ScenarioOutcome = { interrupted: false, sampleVus };
  const maxGracefulStopMs = Math.max(0, ...options.scenarioConfigs.map((s) => s.gracefulStopMs));

  /** Every scenario stops; running iterations get their gracefulStop. */
  const stopGracefully = () => {
    if (scheduler.stopped) return;
    watch.endBy(Date.now() + maxGracefulStopMs + END_SLACK_MS);
    scheduler.stop();
  };
  /** Ctrl-C / SIGTERM: running iterations are interrupted now (they count as interrupted). */
  const interrupt = () => {
    outcome.interrupted = true;
    watch.endBy(Date.now() + INTERRUPT_GRACE_MS);
    pool.interruptAll();
    scheduler.stop();
  };
  live.stopScenarios = stopGracefully;
  watch.attach(pool, () => {
    if (req.onWorkerLoss === 'continue') {
      log.warn(`the test goes on with ${watch.alive.length} VU worker(s) (--on-worker-loss continue); the load is lower than planned from here on`);
    } else if (!scheduler.stopped) {
      log.error(`stopping the test: a VU worker was lost, so the load is no longer what the script asks for (--on-worker-loss continue goes on with the others)`);
      stopGracefully();
    }
  });
  // Past the planned end (each scenario's duration + gracefulStop), a worker still in an iteration is stuck.
  const plannedEnd = testMaxDurationMs(options.scenarioConfigs);
  if (Number.isFinite(plannedEnd)) watch.endBy(run.testStart + plannedEnd + END_SLACK_MS);

  if (live.stoppedByApi) stopGracefully();
  if (req.signal?.aborted) interrupt();
  for (const w of run.workers) w.on('abort', (e) => { outcome.abortReason ??= e.reason; stopGracefully(); });
  req.signal?.addEventListener('abort', interrupt, { once: true });

  // The `vus` gauge is sampled while scenarios run as planned; VUs leaving at a scenario's end are no drop in load.
  const nominalEnd = run.testStart + Math.max(0, ...options.scenarioConfigs.map((s) => s.startTimeMs + plannedDurationMs(s)));
  function sampleVus(final = false): void {
    const now = Date.now();
    if (!final && !scheduler.stopped && now < nominalEnd) run.mainBatcher.add('vus', run.testTags, pool.active, now);
    live.vusMax = run.vusInitial + pool.grown + Math.max(0, (scheduler.external?.maxVUs ?? 0) - run.externalInitial);
    run.mainBatcher.add('vus_max', run.testTags, live.vusMax, now);
    const memory = generatorMemoryBytes();
    if (memory !== undefined) run.mainBatcher.add('generator_memory', run.testTags, memory, now);
    const b = run.mainBatcher.cut();
    if (b) run.merge(b);
    const iterations = store.total('iterations');
    req.onProgress?.({
      elapsedMs: now - run.testStart, vus: pool.active, vusMax: live.vusMax, iterations: iterations?.type === 'counter' ? iterations.sum : 0,
      scenarios: options.scenarioConfigs.map((s) => scenarioProgress(s, { scheduler, pool, store, testStart: run.testStart, now })),
      final,
    });
  }
  const vusTimer = setInterval(sampleVus, 1000);

  // a crossed threshold with abortOnFail stops every scenario
  const stopWatchingThresholds = watchThresholds(run, () => scheduler.stopped, (crossed) => { outcome.thresholdAbort = crossed; stopGracefully(); });
  try {
    const running = scheduler.run(options.scenarioConfigs, setupData, run.testStart);
    sampleVus(); // scenarios starting at 0 have asked for their VUs by now
    await running;
  } finally {
    clearInterval(vusTimer);
    stopWatchingThresholds();
    req.signal?.removeEventListener('abort', interrupt);
    live.stopScenarios = undefined;
  }
  return outcome;
}
