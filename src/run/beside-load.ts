/**
 * What runs beside the load on the run's clock: the service probes
 * (probes/) and the chaos drills (chaos/). Their fault proxies start before
 * the clock (a port taken, or an `exec` step without --allow-exec, is exit
 * 104 before anything runs); at the start the probes take their first read
 * and the fault windows are scheduled; after the load the faults still open
 * are closed and the probes drain; at the end each fault's report (before /
 * during / after, recovery time) goes to the summary.
 */
import { ConfigError } from '../errors/index.ts';
import { ProbeRunner, type ProbeSpec } from '../probes/index.ts';
import { ChaosRunner, ProxyRegistry, startFaultProxy, startToxiproxyApi, type ChaosPlan, type FaultReport, type ToxiproxyApi } from '../chaos/index.ts';
import { setFaultBit, type WorkerHost } from '../workers/index.ts';
import type { MetricBatch } from '../metrics/index.ts';
import type { RunLog } from './run-log.ts';
import type { WorkerWatch } from './worker-watch.ts';

export interface BesideLoadDeps {
  probes: ProbeSpec[];
  chaos: ChaosPlan | undefined;
  /** a batch of samples into the run's pipe (store, outputs, timeline) */
  merge(batch: MetricBatch): void;
  log: RunLog;
  keepPoints: boolean;
  watch: WorkerWatch;
  probesRequired: boolean;
  allowExec: boolean;
  /** --chaos-api: serve the run's proxies on Toxiproxy's HTTP API there */
  chaosApi?: { host: string; port: number };
}

export class BesideLoad {
  readonly #deps: BesideLoadDeps;
  readonly #probes: ProbeRunner | undefined;
  readonly #chaos: ChaosRunner | undefined;
  #api: ToxiproxyApi | undefined;
  #registry: ProxyRegistry | undefined;

  constructor(deps: BesideLoadDeps) {
    this.#deps = deps;
    const { log } = deps;
    const emit = (batch: MetricBatch) => deps.merge(batch);
    this.#probes = deps.probes.length > 0
      ? new ProbeRunner(deps.probes, { emit, warn: (l) => log.warn(l), info: (l) => log.info(l), keepPoints: deps.keepPoints })
      : undefined;
    this.#chaos = deps.chaos && (deps.chaos.faults.length > 0 || deps.chaos.proxies.length > 0)
      ? new ChaosRunner(deps.chaos, {
        emit, warn: (l) => log.warn(l), info: (l) => log.info(l), keepPoints: deps.keepPoints,
        startProxy: startFaultProxy,
        controls: () => deps.watch.alive.map((w) => w.control),
        announceNames: (names) => { for (const w of deps.watch.alive) w.send({ type: 'fault-names', names: [...names] }); },
        setFaultBit,
        allowExec: deps.allowExec,
        faultEnded: (fault, atMs) => this.#probes?.faultEnded(fault, atMs),
      })
      : undefined;
  }

  /**
   * stampede/chaos calls from the VUs of `workers`: each is answered with
   * chaos-done when its window is over (or with the reason it could not open).
   */
  listen(workers: readonly WorkerHost[]): void {
    for (const w of workers) {
      w.on('chaos-request', (e) => {
        const work = this.#chaos
          ? this.#chaos.scriptRequest(e.op, e.proxy, e.fault, e.durationMs, e.name)
          : Promise.reject(new Error('stampede/chaos needs a proxy: declare it in options.proxies'));
        work.then(() => w.send({ type: 'chaos-done', replyTo: e.id }), (err: unknown) => w.send({ type: 'chaos-done', replyTo: e.id, error: err instanceof Error ? err.message : String(err) }));
      });
    }
  }

  /** Before the clock: the fault proxies listen. Exit 104 when one cannot, or when an exec step is not allowed. */
  async prepare(): Promise<void> {
    if (!this.#chaos) return;
    const refused = this.#chaos.execRefused();
    if (refused.length > 0) {
      throw new ConfigError(refused.map((name) => `chaos.${name}.exec: runs a command on this machine, and scripts can come from anywhere`),
        'pass --allow-exec to let the script run its chaos commands');
    }
    try {
      await this.#chaos.startProxies();
    } catch (err) {
      throw new ConfigError([err instanceof Error ? err.message : String(err)], 'free the port, or give the proxy another listen address');
    }
    const at = this.#deps.chaosApi;
    if (!at) return;
    // the team's Toxiproxy tooling drives the run's proxies (and may add its own) during the run
    this.#registry = new ProxyRegistry();
    for (const p of this.#chaos.proxies()) this.#registry.adopt(p);
    try {
      this.#api = await startToxiproxyApi(this.#registry, at);
    } catch (err) {
      throw new ConfigError([`--chaos-api ${at.host}:${at.port}: cannot listen: ${err instanceof Error ? err.message : String(err)}`], 'free the port or pass another address');
    }
    this.#deps.log.info(`chaos API (Toxiproxy's): http://${this.#api.address}`);
  }

  /** A batch of the run's samples: the recovery tracker follows the load through it. */
  observe(batch: MetricBatch): void {
    this.#chaos?.observe(batch);
  }

  /**
   * The clock started at `testStart`: the probes' first read (the system
   * before setup() and the load), then their periodic reads and the fault
   * windows. A probe that cannot be read is a warning, or exit 104 with
   * --probes-required.
   */
  async start(testStart: number): Promise<void> {
    const probes = this.#probes;
    if (probes) {
      const failed = await probes.firstRead();
      if (failed.length > 0 && this.#deps.probesRequired) {
        throw new ConfigError(failed.map((f) => `probes.${f.probe}: cannot connect: ${f.cause}`), 'start the service, fix its URL, or run without --probes-required to go on without it');
      }
      if (probes.size > failed.length) this.#deps.log.info(`probes: ${probes.size - failed.length} of ${probes.size} answering`);
      probes.start();
    }
    this.#chaos?.start(testStart);
  }

  /**
   * After the last iteration: faults still open close; the probes' read at
   * the end of the load, their drains (before teardown), timed from the end
   * of the load, and after a drain one more read of every probe (the plans'
   * "queue stats after the test"). Ctrl-C (`signal`) cuts a drain short.
   */
  async afterLoad(signal?: AbortSignal): Promise<void> {
    const loadEndedAt = Date.now();
    await this.#chaos?.stop();
    const probes = this.#probes;
    if (!probes) return;
    await probes.stop();
    await probes.sampleAll();
    const drains = await probes.drain(loadEndedAt, signal);
    if (drains.length > 0) await probes.sampleAll();
  }

  /** The run's end: recovery settles; each fault's window and the load around it, for the summary. */
  faultReports(): FaultReport[] {
    return this.#chaos?.finish() ?? [];
  }

  async close(): Promise<void> {
    await this.#probes?.close();
    await this.#api?.close();
    await this.#registry?.close();
    await this.#chaos?.close();
  }
}
