/**
 * Runs a chaos plan on the run's clock: starts the fault proxies before the
 * test, opens each fault at its `at` (the proxy goes down, gets its toxic
 * or its HTTP faults; an `exec` step runs its command) and closes it after
 * its `duration` (undone), flipping the fault's bit in every VU worker's
 * control block so their samples carry `fault=<name>` exactly while it is
 * open. Records `chaos_fault{fault}` (1 while open, 0 after) and, through
 * the RecoveryTracker, `recovery_time{fault}`. Knows nothing of VUs.
 */
import { spawn } from 'node:child_process';
import { Batcher, type MetricBatch } from '../metrics/index.ts';
import { formatShortMs } from '../lib/index.ts';
import { RecoveryTracker, type FaultReport } from './recovery.ts';
import { DEFAULT_RECOVERY, readAction, type ChaosPlan, type FaultSpec } from './spec.ts';
import { MAX_FAULTS } from '../workers/control-block.ts';
import type { FaultProxy, ProxySpec } from './types.ts';

export const CHAOS_FAULT = 'chaos_fault';
export const RECOVERY_TIME = 'recovery_time';

/** The metrics a chaos plan records: thresholds on them are not "unknown metrics". */
export const CHAOS_METRICS = [CHAOS_FAULT, RECOVERY_TIME] as const;

export interface ChaosRunnerDeps {
  emit(batch: MetricBatch): void;
  info(line: string): void;
  warn(line: string): void;
  keepPoints: boolean;
  /** starts one proxy (chaos/proxy.ts's startProxy, with the HTTP layer) */
  startProxy(spec: ProxySpec): Promise<FaultProxy>;
  /** the control blocks of the VU workers alive now */
  controls(): Int32Array[];
  /** tells every VU worker the faults' names by bit, when a script opened a new one */
  announceNames(names: readonly string[]): void;
  /** flips a fault's bit in a control block (workers/control-block.ts setFaultBit) */
  setFaultBit(control: Int32Array, index: number, open: boolean): void;
  /** exec steps may run (--allow-exec) */
  allowExec: boolean;
  /** a fault's window closed at `atMs` (wall-clock): probes time their `drain.after` from it */
  faultEnded?(fault: string, atMs: number): void;
}

/** How one fault is described in logs and the summary: `redis down`, `db latency 200ms`, `exec redis-cli …`. */
export function describeFault(f: FaultSpec): string {
  const a = f.action;
  const on = f.proxy ? `${f.proxy} ` : '';
  if (!a) return `exec ${f.exec?.command ?? ''}`;
  if (a.kind === 'down') return `${on}down`;
  if (a.kind === 'http') return `${on}HTTP faults (${Math.round(a.http.errorRate * 100)} % ${a.http.errorCode}, +${a.http.averageDelayMs}ms)`;
  const attrs = Object.entries(a.toxic.attributes).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${on}${a.toxic.type}${attrs ? ` ${attrs}` : ''} (${a.toxic.stream})`;
}

export class ChaosRunner {
  readonly #plan: ChaosPlan;
  readonly #deps: ChaosRunnerDeps;
  readonly #batcher: Batcher;
  readonly #proxies = new Map<string, FaultProxy>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #open = new Set<string>();
  /** faults opening or closing now (an exec step's command may still run) */
  readonly #busy = new Set<Promise<void>>();
  #tracker: RecoveryTracker | undefined;
  /** every fault by bit: the plan's, then the ones scripts opened (stampede/chaos) */
  readonly #byBit: FaultSpec[];
  /** a script's fault windows waiting to close, with what resolves its inject() */
  readonly #scriptWaits = new Map<string, () => void>();
  #testStart = 0;
  #checkTimer: NodeJS.Timeout | undefined;

  constructor(plan: ChaosPlan, deps: ChaosRunnerDeps) {
    this.#plan = plan;
    this.#deps = deps;
    this.#batcher = new Batcher({ keepPoints: deps.keepPoints });
    this.#batcher.define({ name: CHAOS_FAULT, type: 'gauge', contains: 'default' });
    this.#batcher.define({ name: RECOVERY_TIME, type: 'trend', contains: 'time' });
    this.#byBit = [...plan.faults];
  }

  /** The faults that need --allow-exec, when it was not given. */
  execRefused(): string[] {
    return this.#deps.allowExec ? [] : this.#plan.faults.filter((f) => f.exec).map((f) => f.name);
  }

  /** Starts every proxy; rejects (closing the ones started) with the first that cannot listen. */
  async startProxies(): Promise<void> {
    for (const spec of this.#plan.proxies) {
      try {
        const proxy = await this.#deps.startProxy(spec);
        this.#proxies.set(spec.name, proxy);
        this.#deps.info(`proxy ${spec.name}: ${proxy.listen} → ${spec.upstream}${spec.http ? ' (HTTP)' : ''}`);
      } catch (err) {
        await this.close();
        throw new Error(`proxies.${spec.name}: cannot listen on ${spec.listen}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
  }

  proxy(name: string): FaultProxy | undefined {
    return this.#proxies.get(name);
  }

  /** Every proxy the run started (for --chaos-api). */
  proxies(): FaultProxy[] {
    return [...this.#proxies.values()];
  }

  /** Schedules every fault from `testStart` (wall-clock ms); also feeds the recovery tracker from `batches`. */
  start(testStart: number): void {
    this.#testStart = testStart;
    this.#tracker = new RecoveryTracker(testStart, (fault, ms, recovered) => {
      this.#batcher.add(RECOVERY_TIME, recovered ? { fault } : { fault, recovered: 'false' }, ms);
      if (recovered) this.#deps.info(`chaos ${fault}: the load recovered ${formatShortMs(ms)} after the fault ended`);
      else this.#deps.warn(`chaos ${fault}: the load had not recovered ${formatShortMs(ms)} after the fault ended, when the run ended`);
      this.#flush();
    });
    for (const f of this.#plan.faults) {
      const at = testStart + f.atMs - Date.now();
      // a fault at the very start opens now, not a timer tick later (a short test may be over by then)
      if (at <= 0) this.#track(this.#openFault(f));
      else this.#timers.push(setTimeout(() => this.#track(this.#openFault(f)), at));
    }
    this.#checkTimer = setInterval(() => this.#tracker?.check(Date.now() - testStart), 1000);
    this.#checkTimer.unref();
  }

  /** A batch of the run's samples, for the recovery tracker. */
  observe(batch: MetricBatch): void {
    this.#tracker?.add(batch);
  }

  /** The load ended: faults still open are closed; faults not yet opened never will be; commands running are waited for. */
  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    await Promise.all(this.#busy);
    for (const f of this.#byBit) if (this.#open.has(f.name)) await this.#closeFault(f);
  }

  #track(work: Promise<void>): void {
    this.#busy.add(work);
    void work.finally(() => this.#busy.delete(work));
  }

  /** The run ended: recovery is settled and the faults' reports are final. */
  finish(): FaultReport[] {
    clearInterval(this.#checkTimer);
    const end = Date.now() - this.#testStart;
    this.#tracker?.finish(end);
    this.#flush();
    return this.#tracker?.reports(end) ?? [];
  }

  async close(): Promise<void> {
    clearInterval(this.#checkTimer);
    for (const t of this.#timers) clearTimeout(t);
    await Promise.all([...this.#proxies.values()].map((p) => p.close().catch(() => {})));
    this.#proxies.clear();
  }

  /**
   * stampede/chaos: `inject` opens `rawFault` on `proxy` now, for
   * `durationMs` (0: until `clear` or the end of the load), and resolves when
   * its window is over (at once without a duration); `clear` closes the
   * script's open faults on `proxy`. Rejects with what is wrong.
   */
  async scriptRequest(op: 'inject' | 'clear', proxy: string, rawFault: unknown, durationMs: number, name?: string): Promise<void> {
    if (!this.#proxies.has(proxy)) throw new Error(`no proxy "${proxy}" in options.proxies${this.#proxies.size ? ` (there are ${[...this.#proxies.keys()].join(', ')})` : ''}`);
    if (op === 'clear') {
      for (const f of this.#byBit.slice(this.#plan.faults.length)) if (f.proxy === proxy && this.#open.has(f.name)) await this.#closeFault(f);
      return;
    }
    const problems: string[] = [];
    const action = readAction(rawFault, 'chaos.inject() fault', problems);
    if (!action || problems.length > 0) throw new Error(problems.join('; '));
    if (this.#byBit.length >= MAX_FAULTS) throw new Error(`at most ${MAX_FAULTS} faults in one test`);
    const base = name ?? `${proxy}_${action.kind === 'toxic' ? action.toxic.type : action.kind}`;
    let unique = base;
    for (let i = 2; this.#byBit.some((f) => f.name === unique); i++) unique = `${base}_${i}`;
    const f: FaultSpec = { name: unique, atMs: Date.now() - this.#testStart, durationMs, proxy, action, recovery: { ...DEFAULT_RECOVERY } };
    this.#byBit.push(f);
    this.#deps.announceNames(this.#byBit.map((x) => x.name));
    const over = new Promise<void>((resolve) => this.#scriptWaits.set(f.name, resolve));
    await this.#openFault(f, true);
    if (durationMs > 0) await over;
  }

  async #openFault(f: FaultSpec, untilCleared = false): Promise<void> {
    const index = this.#byBit.indexOf(f);
    const nowMs = Date.now() - this.#testStart;
    try {
      this.#applyAction(f, true);
    } catch (err) {
      this.#deps.warn(`chaos ${f.name}: could not open: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (f.durationMs > 0 || untilCleared) {
      this.#open.add(f.name);
      for (const c of this.#deps.controls()) this.#deps.setFaultBit(c, index, true);
      this.#batcher.add(CHAOS_FAULT, { fault: f.name }, 1);
      this.#tracker?.opened(f.name, describeFault(f), nowMs, f.recovery);
      if (f.durationMs > 0) this.#timers.push(setTimeout(() => this.#track(this.#closeFault(f)), f.durationMs));
    }
    this.#deps.info(`chaos ${f.name}: ${describeFault(f)}${f.durationMs > 0 ? ` for ${formatShortMs(f.durationMs)}` : ''}`);
    if (f.exec) await this.#exec(f.name, f.exec.command);
    this.#flush();
  }

  async #closeFault(f: FaultSpec): Promise<void> {
    if (!this.#open.delete(f.name)) return;
    const index = this.#byBit.indexOf(f);
    for (const c of this.#deps.controls()) this.#deps.setFaultBit(c, index, false);
    try {
      this.#applyAction(f, false);
    } catch (err) {
      this.#deps.warn(`chaos ${f.name}: could not undo: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.#batcher.add(CHAOS_FAULT, { fault: f.name }, 0);
    this.#tracker?.closed(f.name, Date.now() - this.#testStart);
    this.#deps.faultEnded?.(f.name, Date.now());
    this.#deps.info(`chaos ${f.name}: over`);
    if (f.exec?.undo) await this.#exec(f.name, f.exec.undo);
    this.#flush();
    this.#scriptWaits.get(f.name)?.();
    this.#scriptWaits.delete(f.name);
  }

  /** Puts the fault on its proxy (`on`) or takes it off. */
  #applyAction(f: FaultSpec, on: boolean): void {
    if (!f.action || !f.proxy) return;
    const proxy = this.#proxies.get(f.proxy);
    if (!proxy) throw new Error(`no proxy ${f.proxy}`);
    const a = f.action;
    if (a.kind === 'down') proxy.enabled = !on;
    else if (a.kind === 'http') proxy.setHttpFault(on ? a.http : undefined);
    else if (on) proxy.addToxic({ name: `chaos_${f.name}`, ...a.toxic });
    // a Toxiproxy client on --chaos-api may have reset the proxy already
    else if (proxy.toxics().some((t) => t.name === `chaos_${f.name}`)) proxy.removeToxic(`chaos_${f.name}`);
  }

  /** Runs an exec step's command in a shell; its output goes to the log, line by line. */
  #exec(fault: string, command: string): Promise<void> {
    if (!this.#deps.allowExec) return Promise.resolve();
    return new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
      const log = (chunk: Buffer) => { for (const line of chunk.toString().split('\n')) if (line.trim()) this.#deps.info(`chaos ${fault}: ${line}`); };
      child.stdout.on('data', log);
      child.stderr.on('data', log);
      child.on('error', (err) => { this.#deps.warn(`chaos ${fault}: ${command}: ${err.message}`); resolve(); });
      child.on('close', (code) => {
        if (code !== 0) this.#deps.warn(`chaos ${fault}: ${command} exited ${code}`);
        resolve();
      });
    });
  }

  #flush(): void {
    const batch = this.#batcher.cut();
    if (batch) this.#deps.emit(batch);
  }
}
