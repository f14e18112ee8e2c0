/**
 * Distributed runs (issue #19), against nginx (one worker process, CPU 1),
 * every generator process on CPU 0:
 *
 *  1. The same closed loop (30 VUs, back to back, SECONDS) run by one
 *     process with 3 workers, and by a coordinator with 3 agents of one
 *     worker each; autocannon (30 connections) in the same session as the
 *     yardstick. Reports requests/s of each, their ratio, and the
 *     coordinator's own CPU per agent-second (utime + stime from /proc,
 *     from the moment every agent is ready to the coordinator's exit).
 *  2. `--simulate N`: a real coordinator and N simulated agents (this
 *     process, on CPU 1) that speak the protocol and each stream a VU
 *     worker's worth of metric batches (every 100 ms: 100 requests' samples
 *     over 5 URLs, 8 metrics) for SECONDS: what merging N agents costs the
 *     coordinator, in CPU per agent-second (from the moment every agent is
 *     ready to the coordinator's exit: summary and teardown included).
 *
 *   node bench/distributed.ts [SECONDS=10] [RUNS=3]
 *   node bench/distributed.ts --simulate 50 [SECONDS=20]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import WebSocket from 'ws';
import { ROOT, median, pinned } from './lib.ts';
import { startNginx } from './nginx.ts';
import { PROTOCOL_VERSION, decodeMessage, encodeMessage, type CoordinatorMessage } from '../src/distributed/protocol.ts';
import { Batcher } from '../src/metrics/batcher.ts';
import { VERSION } from '../src/lib/version.ts';

const args = process.argv.slice(2);
const simulate = args.includes('--simulate') ? Number(args[args.indexOf('--simulate') + 1]) : 0;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--simulate');
const seconds = Number(positional[0] ?? (simulate ? 20 : 10));
const runs = Number(positional[1] ?? 3);
const VUS = 30;
const MAIN = 'dist/cli/main.js';
const autocannonBin = path.join(ROOT, 'bench', 'node_modules', 'autocannon', 'autocannon.js');

/** utime + stime of a live process, in seconds (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

interface Proc { pid: number; exited: Promise<number | null>; out: () => string; lastCpu: () => number; cpuNow: () => number }

/** `node args` on `cpu`, with its CPU time sampled until it exits. */
function start(cpu: number, nodeArgs: string[]): Proc {
  const child = pinned(cpu, process.execPath, nodeArgs);
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  child.stderr?.on('data', (d) => { out += d; });
  let cpuSeen = 0;
  const timer = setInterval(() => { cpuSeen = cpuSeconds(child.pid!) ?? cpuSeen; }, 100);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { clearInterval(timer); resolve(code); }));
  return { pid: child.pid!, exited, out: () => out, lastCpu: () => cpuSeen, cpuNow: () => cpuSeconds(child.pid!) ?? cpuSeen };
}

/** The coordinator's CPU seconds once its `instances` agents are ready (its own start-up, compile and init excluded). */
async function cpuAtStart(p: Proc, instances: number): Promise<number> {
  while ((p.out().match(/ ready: /g) ?? []).length < instances) await new Promise((r) => setTimeout(r, 10));
  return p.cpuNow();
}

async function announcedUrl(p: Proc): Promise<string> {
  for (;;) {
    const m = /waiting for \d+ agent\(s\) at (ws:\/\/\S+)/.exec(p.out());
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 20));
  }
}

const runFlags = (url: string, exported: string) => ['--quiet', '--no-history', '-u', String(VUS), '-d', `${seconds}s`, '--address', '127.0.0.1:0', '-e', `TARGET=${url}`, '--summary-export', exported, 'bench/scripts/closed-loop.js'];

async function single(url: string): Promise<number> {
  const exported = '/tmp/stampede-bench-dist-single.json';
  const p = start(0, [MAIN, 'run', '--workers', '3', ...runFlags(url, exported)]);
  if ((await p.exited) !== 0) throw new Error(p.out().slice(-800));
  return JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.rate;
}

async function distributed(url: string): Promise<{ rate: number; coordinatorCpuPerAgentSecond: number }> {
  const exported = '/tmp/stampede-bench-dist-coord.json';
  const coordinator = start(0, [MAIN, 'coordinator', '--instances', '3', '--listen', '127.0.0.1:0', ...runFlags(url, exported)]);
  const ws = await announcedUrl(coordinator);
  const agents = [0, 1, 2].map(() => start(0, [MAIN, 'agent', '--coordinator', ws, '--workers', '1']));
  const cpuBefore = await cpuAtStart(coordinator, 3);
  const code = await coordinator.exited;
  await Promise.all(agents.map((a) => a.exited));
  if (code !== 0) throw new Error(coordinator.out().slice(-800));
  const rate = JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.rate;
  return { rate, coordinatorCpuPerAgentSecond: (coordinator.lastCpu() - cpuBefore) / (3 * seconds) };
}

async function autocannon(url: string): Promise<number> {
  const p = start(0, [autocannonBin, '-c', String(VUS), '-d', String(seconds), '-j', url]);
  await p.exited;
  const out = p.out();
  return JSON.parse(out.slice(out.indexOf('{'))).requests.total / seconds;
}

async function compareModes(): Promise<void> {
  const rows: { single: number; dist: number; ac: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const target = await startNginx(1);
    try {
      const ac = await autocannon(target.url);
      const one = await single(target.url);
      const d = await distributed(target.url);
      rows.push({ single: one, dist: d.rate, ac, cpu: d.coordinatorCpuPerAgentSecond });
      console.log(`run ${i + 1}: one process × 3 workers ${one.toFixed(0)} req/s, coordinator + 3 agents × 1 worker ${d.rate.toFixed(0)} req/s, autocannon ${ac.toFixed(0)} req/s; coordinator CPU ${(d.coordinatorCpuPerAgentSecond * 1000).toFixed(1)} ms per agent-second`);
    } finally {
      target.stop();
    }
  }
  const m = (f: (r: (typeof rows)[number]) => number) => median(rows.map(f));
  console.log(`\nmedians of ${runs}: one process ${m((r) => r.single).toFixed(0)} req/s (${(m((r) => r.single / r.ac)).toFixed(2)}× autocannon), `
    + `distributed ${m((r) => r.dist).toFixed(0)} req/s (${(m((r) => r.dist / r.ac)).toFixed(2)}× autocannon, ${(m((r) => r.dist / r.single)).toFixed(2)}× one process), `
    + `coordinator CPU ${(m((r) => r.cpu) * 1000).toFixed(1)} ms per agent-second`);
}

/** A VU worker's 100 ms of samples: 100 requests over 5 URLs, the metrics a k6/http iteration records. */
function workerBatch(batcher: Batcher, now: number) {
  for (let i = 0; i < 100; i++) {
    const name = `http://shop.example/api/item/${i % 5}`;
    const tags = { scenario: 'default', method: 'GET', name, url: name, status: '200', proto: 'HTTP/1.1', expected_response: 'true' };
    const ms = 5 + Math.random() * 40;
    batcher.add('http_reqs', tags, 1, now);
    batcher.add('http_req_duration', tags, ms, now);
    batcher.add('http_req_waiting', tags, ms * 0.9, now);
    batcher.add('http_req_failed', tags, 0, now);
    batcher.add('data_sent', { scenario: 'default' }, 120, now);
    batcher.add('data_received', { scenario: 'default' }, 900, now);
    batcher.add('iterations', { scenario: 'default' }, 1, now);
    batcher.add('iteration_duration', { scenario: 'default' }, ms + 1, now);
  }
  return batcher.cut(now);
}

/** One simulated agent: joins, reports ready, streams batches from the start for SECONDS, reports done. */
async function simulatedAgent(url: string): Promise<void> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const send = (m: Parameters<typeof encodeMessage>[0]) => ws.send(encodeMessage(m));
  const next = (type: CoordinatorMessage['type']) => new Promise<CoordinatorMessage>((resolve) => {
    const on = (data: Buffer) => { const m = decodeMessage<CoordinatorMessage>(data); if (m.type === type) { ws.off('message', on); resolve(m); } };
    ws.on('message', on);
  });
  const assigned = next('assign');
  send({ type: 'hello', protocol: PROTOCOL_VERSION, version: VERSION, host: hostname(), pid: process.pid });
  await assigned;
  const started = next('start');
  send({ type: 'ready', vusMax: 1, workers: 1 });
  const start = await started as Extract<CoordinatorMessage, { type: 'start' }>;
  await new Promise((r) => setTimeout(r, start.startInMs));
  const batcher = new Batcher({ keepPoints: false });
  for (const [name, type, contains] of [['http_reqs', 'counter', 'default'], ['http_req_duration', 'trend', 'time'], ['http_req_waiting', 'trend', 'time'], ['http_req_failed', 'rate', 'default'],
    ['data_sent', 'counter', 'data'], ['data_received', 'counter', 'data'], ['iterations', 'counter', 'default'], ['iteration_duration', 'trend', 'time']] as const) batcher.define({ name, type, contains });
  const until = Date.now() + seconds * 1000;
  let ticks = 0;
  while (Date.now() < until) {
    const batch = workerBatch(batcher, Date.now());
    if (batch) send({ type: 'metrics', batch });
    if (++ticks % 10 === 0) send({ type: 'progress', progress: { vus: 1, vusMax: 1, iterations: ticks * 100, scenarios: [] } });
    await new Promise((r) => setTimeout(r, 100));
  }
  const bye = next('bye');
  send({ type: 'done', reports: [], interrupted: false, workerLosses: [] });
  await bye;
  ws.close();
}

async function simulateAgents(n: number): Promise<void> {
  const script = '/tmp/stampede-bench-simulated.js';
  writeFileSync(script, `export const options = { vus: ${n}, duration: '${seconds}s', thresholds: { http_req_duration: ['p(95)<500', 'p(99)<1000'], http_req_failed: ['rate<0.01'] } };\nexport default function () {}\n`);
  const exported = '/tmp/stampede-bench-simulated.json';
  const coordinator = start(0, [MAIN, 'coordinator', '--instances', String(n), '--listen', '127.0.0.1:0', '--quiet', '--no-history', '--summary-export', exported, script]);
  const url = await announcedUrl(coordinator);
  const agents = Promise.all(Array.from({ length: n }, () => simulatedAgent(url)));
  const cpuBefore = await cpuAtStart(coordinator, n);
  const t0 = Date.now();
  await agents;
  const code = await coordinator.exited;
  const wall = (Date.now() - t0) / 1000;
  const cpu = coordinator.lastCpu() - cpuBefore;
  const reqs = JSON.parse(readFileSync(exported, 'utf8')).metrics.http_reqs.count;
  console.log(`${n} simulated agents × ${seconds} s: coordinator exit ${code}, ${reqs} requests merged (expected about ${n * seconds * 1000}), `
    + `coordinator CPU ${cpu.toFixed(2)} s over ${wall.toFixed(1)} s = ${((cpu / (n * seconds)) * 1000).toFixed(2)} ms per agent-second `
    + `(${((cpu / wall) * 100).toFixed(0)} % of one core)`);
}

if (simulate > 0) await simulateAgents(simulate);
else await compareModes();
