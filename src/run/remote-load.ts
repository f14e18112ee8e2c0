/**
 * The coordinator's load phase: the scenarios run on N agents, each on its
 * execution segment; here the run waits for them to join, hands each the
 * archive and its segment, starts them together after setup(), merges
 * what they stream into the one store (thresholds, outputs, dashboard and
 * API read it as in a local run), sums their progress into the `vus`
 * gauges, relays stop / Ctrl-C / pause, and notices an agent that is lost.
 */
import { testMaxDurationMs, plannedDurationMs, mergeOptions, optionsFromEnv, type Options } from '../config/index.ts';
import { AgentServer, AgentsMissingError, segmentFor, sequenceFor, type AgentConnection, type AgentLoadReport, type AgentMessage, type AgentProgress } from '../distributed/index.ts';
import { buildArchive } from '../script/archive.ts';
import { ExitCode, StampedeError, type ExitCodeValue } from '../errors/index.ts';
import { RunStatusCode } from '../api/index.ts';
import { VERSION } from '../lib/index.ts';
import { watchThresholds } from './threshold-watch.ts';
import { generatorMemoryBytes } from './generator-memory.ts';
import type { RunLog } from './run-log.ts';
import type { RunState } from './run-state.ts';
import type { ScenarioOutcome } from './scenario-phase.ts';
import type { ScenarioProgress } from './progress-snapshot.ts';

/** What a coordinator is asked: `stampede coordinator` flags. */
export interface DistributedRequest {
  instances: number;
  listen: { host: string; port: number };
  /** agents must send it; undefined lets any agent in (loopback tests) */
  token?: string;
  tls?: { cert: Buffer; key: Buffer };
  /** an agent lost mid-run: stop every other one (abort, the default) or go on */
  onAgentLoss: 'abort' | 'continue';
  /** how long to wait for every agent to join (and be ready) */
  joinTimeoutMs: number;
}

/** The barrier: agents start this long after the start message, so all get it first. */
const START_IN_MS = 500;
/** Past the planned end (durations + gracefulStop), how long an agent may take to report done. */
const DONE_SLACK_MS = 30_000;
/** After Ctrl-C, agents interrupt their iterations at once; one that has not reported by then is given up. */
const INTERRUPT_GRACE_MS = 10_000;

export class RemoteLoad {
  readonly #server: AgentServer;
  readonly #agents: AgentConnection[];
  readonly #log: RunLog;
  readonly #req: DistributedRequest;
  readonly #progress = new Map<number, AgentProgress>();
  readonly #done = new Map<number, Extract<AgentMessage, { type: 'done' }>>();
  /** `agent N (host, pid, address): why`, one per agent lost */
  readonly losses: string[] = [];
  #metricsInAt = 0;
  #paused = false;
  #closed = false;

  private constructor(server: AgentServer, agents: AgentConnection[], req: DistributedRequest, log: RunLog) {
    this.#server = server;
    this.#agents = agents;
    this.#req = req;
    this.#log = log;
  }

  /**
   * Listens, waits for every agent, gives each the archive and its segment,
   * and resolves once all of them are initialised. An agent that fails its
   * init fails the run with that agent's message and exit code.
   */
  static async gather(req: DistributedRequest, run: {
    scriptPath: string; cliOptions: Options; processEnv: Record<string, string | undefined>; env: Record<string, string>;
    keepPoints: boolean; httpDebug: '' | 'headers' | 'full'; verbose: boolean; onWorkerLoss: 'stop' | 'continue'; log: RunLog; signal?: AbortSignal;
  }): Promise<RemoteLoad> {
    const { log } = run;
    let server: AgentServer;
    try {
      server = await AgentServer.listen({ ...req.listen, instances: req.instances, token: req.token, tls: req.tls, version: VERSION });
    } catch (err) {
      throw new StampedeError('E_COORDINATOR_LISTEN', `cannot listen for agents on ${req.listen.host}:${req.listen.port}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
        exitCode: ExitCode.invalidConfig, hint: 'choose a free address with --listen host:port',
      });
    }
    try {
      if (req.token === undefined && !isLoopback(req.listen.host)) log.warn(`the coordinator listens on ${req.listen.host} without --token: any agent that reaches it joins the test`);
      log.info(`coordinator: waiting for ${req.instances} agent(s) at ${server.url} (start each with: stampede agent --coordinator ${server.url}${req.token ? ' --token …' : ''})`);
      const startedWaiting = Date.now();
      const agents = await server.waitForAll(req.joinTimeoutMs, run.signal).catch((err: unknown) => {
        if (err instanceof AgentsMissingError) {
          throw new StampedeError('E_AGENTS_MISSING', err.message, {
            exitCode: ExitCode.genericTimeout,
            hint: `start the missing agents with \`stampede agent --coordinator ${server.url}\`, raise --agent-timeout, or lower --instances`,
          });
        }
        throw new StampedeError('E_INTERRUPTED', 'interrupted while waiting for the agents', { exitCode: ExitCode.externalAbort });
      });
      for (const a of agents) log.info(`${a.label} joined`);
      // the agents' option layers: everything above the script, merged here so every agent runs the same test
      const cliOptions = mergeOptions(optionsFromEnv(run.processEnv).options, run.cliOptions);
      const archive = await buildArchive(run.scriptPath, { options: {}, cliOptions: {}, env: {}, stampedeVersion: VERSION });
      const sequence = sequenceFor(req.instances);
      for (const a of agents) {
        a.send({
          type: 'assign', index: a.index, instances: req.instances, segment: segmentFor(a.index, req.instances), sequence, archive,
          cliOptions, env: run.env, keepPoints: run.keepPoints, httpDebug: run.httpDebug, verbose: run.verbose, onWorkerLoss: run.onWorkerLoss,
        });
      }
      const readyBy = startedWaiting + req.joinTimeoutMs + 60_000;
      await Promise.all(agents.map((a) => readyOrFailed(a, log, readyBy)));
      return new RemoteLoad(server, agents, req, log);
    } catch (err) {
      for (const a of server.agents) a.bye(err instanceof StampedeError ? err.exitCode : ExitCode.generic, (err as Error).message);
      await server.close();
      throw err;
    }
  }

  get agentCount(): number {
    return this.#agents.length;
  }

  /** The scenarios, on every agent at once; resolves when each agent is done or lost. */
  async runScenarios(run: RunState, setupData: unknown): Promise<ScenarioOutcome> {
    const { req, options, live, log } = run;
    const outcome: ScenarioOutcome = { interrupted: false, sampleVus };
    let stopping = false;
    const running = () => this.#agents.filter((a) => !this.#done.has(a.index) && !this.#isLost(a));
    const stopAll = () => {
      if (stopping) return;
      stopping = true;
      for (const a of running()) a.send({ type: 'stop' });
      giveUpBy(Date.now() + Math.max(0, ...options.scenarioConfigs.map((s) => s.gracefulStopMs)) + DONE_SLACK_MS);
    };
    const interrupt = () => {
      outcome.interrupted = true;
      stopping = true;
      for (const a of running()) a.send({ type: 'interrupt' });
      giveUpBy(Date.now() + INTERRUPT_GRACE_MS);
    };
    let giveUpTimer: NodeJS.Timeout | undefined;
    let giveUpAt = Infinity;
    const giveUpBy = (at: number) => {
      if (at >= giveUpAt) return;
      giveUpAt = at;
      clearTimeout(giveUpTimer);
      giveUpTimer = setTimeout(() => {
        for (const a of running()) a.terminate(`did not report its end by ${new Date(at).toISOString()} (stuck, or cut off)`);
      }, Math.max(0, at - Date.now()));
    };

    const progress = () => [...this.#progress.values()];
    const sumOf = (f: (p: AgentProgress) => number) => progress().reduce((s, p) => s + f(p), 0);
    const isPaused = () => this.#paused;
    live.pool = {
      get active() { return sumOf((p) => p.vus); },
      get paused() { return isPaused(); },
      setPaused: (paused: boolean) => { this.#paused = paused; for (const a of running()) a.send({ type: 'pause', paused }); },
    };
    live.phase = RunStatusCode.running;
    live.stopScenarios = stopAll;

    const ended = this.#agents.map((a) => new Promise<void>((resolve) => {
      a.onMessage((m) => {
        switch (m.type) {
          case 'metrics': run.merge(m.batch); break;
          case 'progress': this.#progress.set(a.index, m.progress); break;
          case 'log': log.raw(m.line.replace(/\n?$/, ` agent=${a.index}`)); break;
          case 'abort': outcome.abortReason ??= m.reason; stopAll(); break;
          case 'done':
            this.#done.set(a.index, m);
            this.#metricsInAt = Date.now();
            // stopped on its own machine (Ctrl-C, or SIGTERM from a pod's eviction): its share of the load is gone
            if (m.interrupted && !outcome.interrupted) this.#lose(a, 'interrupted on its own machine (Ctrl-C or SIGTERM)', run, stopAll);
            resolve();
            break;
          default: break;
        }
      });
      void a.closed.then((reason) => {
        if (!this.#done.has(a.index)) this.#lose(a, reason, run, stopAll);
        resolve();
      });
    }));

    const nominalEnd = Date.now() + START_IN_MS + Math.max(0, ...options.scenarioConfigs.map((s) => s.startTimeMs + plannedDurationMs(s)));
    function sampleVus(final = false): void {
      const now = Date.now();
      const vus = sumOf((p) => p.vus);
      live.vusMax = sumOf((p) => p.vusMax) || run.vusInitial;
      if (!final && !stopping && now < nominalEnd) run.mainBatcher.add('vus', run.testTags, vus, now);
      run.mainBatcher.add('vus_max', run.testTags, live.vusMax, now);
      const memory = generatorMemoryBytes();
      if (memory !== undefined) run.mainBatcher.add('generator_memory', run.testTags, memory, now);
      const b = run.mainBatcher.cut();
      if (b) run.merge(b);
      req.onProgress?.({
        elapsedMs: now - run.testStart, vus, vusMax: live.vusMax, iterations: sumOf((p) => p.iterations),
        scenarios: mergeScenarioProgress(progress().map((p) => p.scenarios as ScenarioProgress[])),
        final,
      });
    }

    const plannedEnd = testMaxDurationMs(options.scenarioConfigs);
    if (Number.isFinite(plannedEnd)) giveUpBy(Date.now() + START_IN_MS + plannedEnd + DONE_SLACK_MS);
    for (const a of this.#agents) a.send({ type: 'start', startInMs: START_IN_MS, setupData });
    if (live.stoppedByApi) stopAll();
    if (req.signal?.aborted) interrupt();
    req.signal?.addEventListener('abort', interrupt, { once: true });
    const vusTimer = setInterval(sampleVus, 1000);
    const stopWatchingThresholds = watchThresholds(run, () => stopping, (crossed) => { outcome.thresholdAbort = crossed; stopAll(); });
    try {
      await Promise.all(ended);
    } finally {
      clearInterval(vusTimer);
      clearTimeout(giveUpTimer);
      stopWatchingThresholds();
      req.signal?.removeEventListener('abort', interrupt);
      live.stopScenarios = undefined;
    }
    for (const done of this.#done.values()) {
      if (done.abortReason !== undefined) outcome.abortReason ??= done.abortReason;
      for (const l of done.workerLosses) this.losses.push(l);
    }
    return outcome;
  }

  /** Every agent's last metrics came with its `done`: the load reports, and when the last arrived. */
  async flush(): Promise<{ reports: AgentLoadReport[]; metricsInAt: number }> {
    const reports = [...this.#done.values()].flatMap((d) => d.reports);
    return { reports, metricsInAt: this.#metricsInAt || Date.now() };
  }

  /** Tells every agent the run is over (with its exit code) and stops listening; the first call counts. */
  async close(exitCode: ExitCodeValue): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const a of this.#agents) a.bye(exitCode);
    await this.#server.close();
  }

  #isLost(a: AgentConnection): boolean {
    return this.losses.some((l) => l.startsWith(`agent ${a.index} `));
  }

  #lose(a: AgentConnection, reason: string, run: RunState, stopAll: () => void): void {
    this.losses.push(`${a.label}: ${reason}`);
    this.#progress.delete(a.index); // its VUs no longer run: the vus gauge and the API stop counting them
    const at = ((Date.now() - run.testStart) / 1000).toFixed(1);
    this.#log.error(`${a.label} was lost ${at} s into the test: ${reason}; what it sent until then is kept`);
    if (this.#req.onAgentLoss === 'continue') {
      this.#log.warn(`the test goes on with ${this.#agents.length - this.losses.length} agent(s) (--on-agent-loss continue); the load is lower than planned from here on`);
    } else {
      this.#log.error('stopping the test: an agent was lost, so the load is no longer what the script asks for (--on-agent-loss continue goes on with the others)');
      stopAll();
    }
  }
}

/** Waits for an agent's `ready`; its `init-failed` (or its loss) fails the run. */
function readyOrFailed(a: AgentConnection, log: RunLog, by: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new StampedeError('E_AGENT_INIT', `${a.label} did not finish its init code by ${new Date(by).toISOString()}`, { exitCode: ExitCode.genericTimeout })), Math.max(0, by - Date.now()));
    a.onMessage((m) => {
      if (m.type === 'log') log.raw(m.line.replace(/\n?$/, ` agent=${a.index}`));
      else if (m.type === 'ready') { clearTimeout(timer); log.info(`${a.label} ready: ${m.workers} worker(s), up to ${m.vusMax} VUs`); resolve(); }
      else if (m.type === 'init-failed') { clearTimeout(timer); reject(new StampedeError('E_AGENT_INIT', `${a.label}: ${m.message}`, { exitCode: m.exitCode as ExitCodeValue })); }
    });
    void a.closed.then((reason) => { clearTimeout(timer); reject(new StampedeError('E_AGENT_LOST', `${a.label} was lost before the start: ${reason}`, { exitCode: ExitCode.workerLost })); });
  });
}

/** The scenarios' progress over every agent: VUs and iterations add up, the clock is the furthest one. */
function mergeScenarioProgress(perAgent: ScenarioProgress[][]): ScenarioProgress[] {
  const byName = new Map<string, ScenarioProgress>();
  const order = ['waiting', 'done', 'stopping', 'running'];
  for (const list of perAgent) {
    for (const s of list) {
      const seen = byName.get(s.name);
      if (!seen) { byName.set(s.name, { ...s }); continue; }
      seen.vus += s.vus;
      seen.maxVUs += s.maxVUs;
      seen.iterations += s.iterations;
      seen.elapsedMs = Math.max(seen.elapsedMs, s.elapsedMs);
      if (order.indexOf(s.state) > order.indexOf(seen.state)) seen.state = s.state;
    }
  }
  return [...byName.values()];
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}
