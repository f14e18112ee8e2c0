/**
 * Starts a real Prometheus (Debian's /usr/bin/prometheus) on 127.0.0.1 and a
 * free port, with the remote-write receiver and native histograms on and a
 * throw-away TSDB in a temp dir; waits for /-/ready; queries it through the
 * HTTP API; stops it and removes the dir. No binary, no pass: a machine
 * without it fails with the command that installs it (.ci/run does).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './target.ts';

const BINARY = process.env.PROMETHEUS ?? 'prometheus';

export interface PromSeries {
  metric: Record<string, string>;
  /** [unix seconds, value text] for a float sample */
  value?: [number, string];
  /** [unix seconds, native histogram] for a histogram sample */
  histogram?: [number, { count: string; sum: string; buckets?: [number, string, string, string][] }];
  values?: [number, string][];
  histograms?: [number, { count: string; sum: string }][];
}

export interface PrometheusServer {
  url: string;
  /** the remote-write endpoint: <url>/api/v1/write */
  writeUrl: string;
  /** An instant query at `timeSec` (default now); the result vector. */
  query(expr: string, timeSec?: number): Promise<PromSeries[]>;
  /** A range query; the result matrix. */
  queryRange(expr: string, startSec: number, endSec: number, stepSec: number): Promise<PromSeries[]>;
  stop(): Promise<void>;
}

/** Throws with the install command when prometheus cannot run here. */
export function requirePrometheus(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) throw new Error(`${BINARY} is not installed: apt-get install -y prometheus (.ci/run installs it)`);
}

export async function startPrometheus(): Promise<PrometheusServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(config, 'global:\n  scrape_interval: 1h\n  evaluation_interval: 1h\n');
  const port = await freePort();
  const child = spawn(BINARY, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-remote-write-receiver',
    '--enable-feature=native-histograms',
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await ready(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(child, exited, dir);
      throw new Error(`prometheus on 127.0.0.1:${port} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  async function api(pathAndQuery: string): Promise<unknown> {
    const res = await fetch(`${url}${pathAndQuery}`);
    const body = await res.json() as { status: string; data: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${pathAndQuery}: ${body.error ?? res.status}`);
    return body.data;
  }

  return {
    url,
    writeUrl: `${url}/api/v1/write`,
    async query(expr, timeSec) {
      const q = new URLSearchParams({ query: expr });
      if (timeSec !== undefined) q.set('time', String(timeSec));
      return ((await api(`/api/v1/query?${q}`)) as { result: PromSeries[] }).result;
    },
    async queryRange(expr, startSec, endSec, stepSec) {
      const q = new URLSearchParams({ query: expr, start: String(startSec), end: String(endSec), step: String(stepSec) });
      return ((await api(`/api/v1/query_range?${q}`)) as { result: PromSeries[] }).result;
    },
    stop: () => stop(child, exited, dir),
  };
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess, exited: Promise<void>, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  }
  await rm(dir, { recursive: true, force: true });
}
