/**
 * A real InfluxDB 1.x (Debian's /usr/bin/influxd) for integration tests: a
 * generated config in a temp dir (HTTP on 127.0.0.1:<free port>, the RPC
 * bind address on another free port, meta/data/wal in the temp dir,
 * reporting and the monitor store off), started and awaited on `/ping`.
 * It can be killed mid-run and started again on the same port and data
 * dir, and queried with InfluxQL over HTTP. No influxd, no pass: a machine
 * without it fails with the command that installs it (.ci/run does).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './target.ts';

const BINARY = process.env.INFLUXD ?? 'influxd';

/** One statement's result from /query: its series (absent when empty) or its error. */
export interface InfluxStatementResult {
  series?: { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }[];
  error?: string;
}

export interface InfluxServer {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** the process is up and answered /ping */
  readonly running: boolean;
  /** starts influxd (again, on the same port and data) and waits for /ping; 20 s at most */
  start(): Promise<void>;
  /** ends influxd: SIGKILL (a crash) by default */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** runs one InfluxQL statement against `db` and returns its result */
  query(db: string, q: string): Promise<InfluxStatementResult>;
  /** kills influxd and removes its files */
  close(): Promise<void>;
}

/** Throws with the install command when influxd cannot run here. */
export function requireInfluxd(): void {
  const probe = spawnSync(BINARY, ['version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status !== 0) throw new Error(`${BINARY} is not installed: apt-get install -y influxdb (.ci/run installs it)`);
}

function configText(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${path.join(dir, 'meta')}"

[data]
  dir = "${path.join(dir, 'data')}"
  wal-dir = "${path.join(dir, 'wal')}"
  query-log-enabled = false

[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false

[monitor]
  store-enabled = false

[continuous_queries]
  enabled = false

[logging]
  level = "warn"
`;
}

/** Prepares an influxd (config, dirs, ports) without starting it. */
export async function createInfluxdb(): Promise<InfluxServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-influxdb-'));
  const port = await freePort();
  const rpcPort = await freePort();
  const configFile = path.join(dir, 'influxdb.conf');
  await writeFile(configFile, configText(dir, port, rpcPort));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let up = false;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    up = false;
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill(signal);
    const killer = setTimeout(() => c.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };

  const start = async () => {
    if (child) throw new Error('influxd is already running');
    const c = spawn(BINARY, ['run', '-config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let output = '';
    c.stdout?.on('data', (d) => { output = (output + d).slice(-4000); });
    c.stderr?.on('data', (d) => { output = (output + d).slice(-4000); });
    exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    const deadline = Date.now() + 20_000;
    while (!(await answersPing(url))) {
      if (c.exitCode !== null || Date.now() > deadline) {
        await kill();
        throw new Error(`influxd on ${url} did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    up = true;
  };

  return {
    port,
    url,
    get running() { return up; },
    start,
    kill,
    query: (db, q) => query(url, db, q),
    close: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Prepares and starts an influxd. */
export async function startInfluxdb(): Promise<InfluxServer> {
  const server = await createInfluxdb();
  try {
    await server.start();
  } catch (err) {
    await server.close();
    throw err;
  }
  return server;
}

async function answersPing(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status === 204;
  } catch {
    return false;
  }
}

async function query(url: string, db: string, q: string): Promise<InfluxStatementResult> {
  const res = await fetch(`${url}/query`, {
    method: 'POST',
    body: new URLSearchParams({ db, q, epoch: 'ms' }),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await res.json()) as { results?: InfluxStatementResult[]; error?: string };
  if (json.error) throw new Error(`InfluxQL ${q}: ${json.error}`);
  const result = json.results?.[0] ?? {};
  if (result.error) throw new Error(`InfluxQL ${q}: ${result.error}`);
  return result;
}
