/**
 * The agent's side of the wire: connects to the coordinator (retrying
 * while it is not up yet, as pods start in any order), says hello, and
 * hands the coordinator's messages to whoever waits for them. A refused
 * token or version is a clear error, not a retry; a coordinator that goes
 * silent counts as gone.
 */
import { hostname } from 'node:os';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, decodeMessage, encodeMessage, type AgentMessage, type CoordinatorMessage } from './protocol.ts';

/** The coordinator pings every 2 s; this long without a word and it counts as gone. */
const COORDINATOR_SILENT_MS = 15_000;
const RETRY_EVERY_MS = 1000;

export interface LinkOptions {
  /** ws://host:port/agent or wss://… */
  url: string;
  token?: string;
  /** a CA certificate to trust for wss:// (a self-signed coordinator) */
  ca?: Buffer;
  /** the segment slot to ask for (JOB_COMPLETION_INDEX) */
  index?: number;
  version: string;
  /** how long to keep trying while the coordinator is not reachable */
  connectTimeoutMs: number;
  log(line: string): void;
  signal?: AbortSignal;
}

/** The coordinator refused this agent (token, version, slot): retrying will not help. */
export class AgentRefusedError extends Error {}

type Of<T extends CoordinatorMessage['type']> = Extract<CoordinatorMessage, { type: T }>;

export class CoordinatorLink {
  readonly #ws: WebSocket;
  readonly #handlers = new Map<string, (m: CoordinatorMessage) => void>();
  readonly #waiting = new Map<string, (m: CoordinatorMessage) => void>();
  readonly #early: CoordinatorMessage[] = [];
  /** resolves with why the link ended: a bye, a closed socket or silence */
  readonly closed: Promise<{ bye?: Of<'bye'>; reason: string }>;
  #bye: Of<'bye'> | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    // a broken connection ends the link (closed resolves), never the agent process
    ws.on('error', () => ws.terminate());
    let lastHeard = Date.now();
    ws.on('ping', () => { lastHeard = Date.now(); });
    ws.on('message', (data: Buffer) => {
      lastHeard = Date.now();
      let m: CoordinatorMessage;
      try { m = decodeMessage<CoordinatorMessage>(data); } catch { return; }
      if (m.type === 'bye') this.#bye = m;
      const waiter = this.#waiting.get(m.type);
      if (waiter) { this.#waiting.delete(m.type); waiter(m); return; }
      const handler = this.#handlers.get(m.type);
      if (handler) handler(m);
      else this.#early.push(m);
    });
    const watch = setInterval(() => { if (Date.now() - lastHeard > COORDINATOR_SILENT_MS) ws.terminate(); }, 1000);
    watch.unref();
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      clearInterval(watch);
      const silent = Date.now() - lastHeard > COORDINATOR_SILENT_MS;
      resolve({ bye: this.#bye, reason: this.#bye ? (this.#bye.reason ?? 'the run is over') : silent ? `no word from the coordinator for ${COORDINATOR_SILENT_MS / 1000} s` : `connection closed (code ${code}${reason.length ? `: ${reason}` : ''})` });
    }));
  }

  /** Connects and says hello; retries refused or unresolvable addresses until connectTimeoutMs. */
  static async connect(opts: LinkOptions): Promise<CoordinatorLink> {
    const giveUpAt = Date.now() + opts.connectTimeoutMs;
    let lastProblem = '';
    for (;;) {
      if (opts.signal?.aborted) throw new AgentRefusedError('interrupted before the coordinator answered');
      try {
        const ws = await open(opts);
        const link = new CoordinatorLink(ws);
        link.send({ type: 'hello', protocol: PROTOCOL_VERSION, version: opts.version, host: hostname(), pid: process.pid, index: opts.index });
        return link;
      } catch (err) {
        if (err instanceof AgentRefusedError) throw err;
        const problem = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        if (Date.now() >= giveUpAt) throw new Error(`cannot reach the coordinator at ${opts.url} within ${Math.round(opts.connectTimeoutMs / 1000)} s: ${problem}`);
        if (problem !== lastProblem) opts.log(`waiting for the coordinator at ${opts.url} (${problem}); retrying every ${RETRY_EVERY_MS / 1000} s`);
        lastProblem = problem;
        await new Promise((r) => setTimeout(r, RETRY_EVERY_MS));
      }
    }
  }

  send(m: AgentMessage): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(encodeMessage(m));
  }

  /** The next message of `type`; rejects when a bye or the end of the link comes first. */
  next<T extends CoordinatorMessage['type']>(type: T): Promise<Of<T>> {
    const early = this.#early.findIndex((m) => m.type === type);
    if (early >= 0) return Promise.resolve(this.#early.splice(early, 1)[0] as Of<T>);
    return new Promise((resolve, reject) => {
      this.#waiting.set(type, (m) => resolve(m as Of<T>));
      void this.closed.then(({ reason }) => reject(new LinkEndedError(reason, this.#bye)));
    });
  }

  /** Handles every message of `type` (also those that arrived before). */
  on<T extends CoordinatorMessage['type']>(type: T, handler: (m: Of<T>) => void): void {
    this.#handlers.set(type, handler as (m: CoordinatorMessage) => void);
    for (const m of this.#early.filter((e) => e.type === type)) handler(m as Of<T>);
  }

  /** Flushes what was sent, then closes. */
  async close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.close(1000, 'agent done');
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}

/** The link ended (bye or a lost connection) while something waited for a message. */
export class LinkEndedError extends Error {
  readonly bye: Of<'bye'> | undefined;

  constructor(reason: string, bye: Of<'bye'> | undefined) {
    super(reason);
    this.bye = bye;
  }
}

function open(opts: LinkOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(opts.url, {
      headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
      ca: opts.ca,
      handshakeTimeout: 10_000,
      maxPayload: 256 * 1024 * 1024,
    });
    ws.once('open', () => { ws.removeAllListeners('error'); resolve(ws); });
    ws.once('unexpected-response', (_req, res) => {
      ws.removeAllListeners('error');
      ws.on('error', () => {});
      const status = res.statusCode ?? 0;
      if (status === 401) reject(new AgentRefusedError(`the coordinator at ${opts.url} refused this agent's token (401): pass the coordinator's --token (or STAMPEDE_TOKEN)`));
      else if (status === 404) reject(new AgentRefusedError(`${opts.url} is not a Stampede coordinator (404 on ${new URL(opts.url).pathname})`));
      else reject(new Error(`HTTP ${status}`));
      res.resume();
    });
    ws.once('error', (err) => reject(err));
  });
}
