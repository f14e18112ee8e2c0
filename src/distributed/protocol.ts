/**
 * The messages between a coordinator and its agents (`stampede coordinator`,
 * `stampede agent`), one WebSocket each. Frames are binary and carry Node's
 * structured-clone serialisation (node:v8), so a metric batch crosses the
 * network exactly as it crosses a thread boundary: histograms, Infinity and
 * typed arrays survive without a JSON translation.
 *
 *   agent                         coordinator
 *   hello ─────────────────────▶  (token checked at the upgrade)
 *         ◀───────────────────── assign (archive, segment, options)
 *   ready ─────────────────────▶  … every agent ready: setup() once
 *         ◀───────────────────── start (in N ms, setup data): the barrier
 *   metrics, progress, log ────▶  merged, thresholds every 2 s
 *         ◀───────────────────── stop | interrupt | pause
 *   done ──────────────────────▶  … every agent done or lost: teardown(),
 *         ◀───────────────────── bye     summary, outputs, exit code
 */
import { serialize, deserialize } from 'node:v8';
import type { MetricBatch } from '../metrics/types.ts';
import type { Options } from '../config/options.ts';

/** Bumped when a message changes shape; a coordinator refuses agents of another. */
export const PROTOCOL_VERSION = 1;
/** The path agents connect to. */
export const AGENT_PATH = '/agent';

/** A VU worker's own load over the test, as the agent's workers reported it. */
export interface AgentLoadReport { worker: number; p99DelayMs: number; maxDelayMs: number; cpuShare: number }

/** What the agent's progress display would show: summed on the coordinator. */
export interface AgentProgress {
  vus: number;
  vusMax: number;
  iterations: number;
  /** the agent's per-scenario progress (run/progress-snapshot.ts ScenarioProgress) */
  scenarios: unknown[];
}

export type AgentMessage =
  /** `index`: the segment this agent asks for (a Kubernetes Indexed Job's JOB_COMPLETION_INDEX); else the next free one */
  | { type: 'hello'; protocol: number; version: string; host: string; pid: number; index?: number }
  | { type: 'ready'; vusMax: number; workers: number }
  /** the archive did not compile or its init code threw on this agent */
  | { type: 'init-failed'; message: string; exitCode: number }
  | { type: 'metrics'; batch: MetricBatch }
  | { type: 'progress'; progress: AgentProgress }
  /** exec.test.abort() or fail() outside an iteration, in one of the agent's VUs: the whole test stops */
  | { type: 'abort'; reason: string }
  | { type: 'log'; line: string }
  /** the agent's scenarios ended and its last metrics were sent */
  | { type: 'done'; reports: AgentLoadReport[]; interrupted: boolean; abortReason?: string; workerLosses: string[] };

export type CoordinatorMessage =
  | {
    type: 'assign'; index: number; instances: number;
    /** k6's execution segment of this agent, and the sequence of all of them */
    segment: string; sequence: string;
    /** the test archive (script/archive.ts) */
    archive: Uint8Array;
    /** every option layer above the script's (config file, env, flags), merged on the coordinator */
    cliOptions: Options;
    env: Record<string, string>;
    keepPoints: boolean;
    httpDebug: '' | 'headers' | 'full';
    verbose: boolean;
    onWorkerLoss: 'stop' | 'continue';
  }
  /** start the scenarios `startInMs` after this message arrives, with setup()'s data */
  | { type: 'start'; startInMs: number; setupData: unknown }
  /** stop every scenario; running iterations get their gracefulStop */
  | { type: 'stop' }
  /** Ctrl-C on the coordinator: running iterations are interrupted at once */
  | { type: 'interrupt' }
  | { type: 'pause'; paused: boolean }
  /** the run is over (or refused): the agent exits with `exitCode` */
  | { type: 'bye'; exitCode: number; reason?: string };

export function encodeMessage(m: AgentMessage | CoordinatorMessage): Buffer {
  return serialize(m);
}

/** The message in a frame; throws on a frame that is not one (a foreign client). */
export function decodeMessage<T extends AgentMessage | CoordinatorMessage>(data: Buffer | ArrayBuffer | Buffer[]): T {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  const m = deserialize(bytes) as T;
  if (!m || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') throw new Error('not a Stampede message');
  return m;
}
