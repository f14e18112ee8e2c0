/**
 * The coordinator's side of the wire: an HTTP(S) server whose /agent path
 * upgrades to a WebSocket for each agent that shows the shared token. It
 * hands out the N segment slots (the one an agent asks for, else the next
 * free one), pings every agent and cuts one that stays silent, and tells
 * the run when an agent is lost (its process died, or the network cut it off).
 */
import http from 'node:http';
import https from 'node:https';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_PATH, PROTOCOL_VERSION, decodeMessage, encodeMessage, type AgentMessage, type CoordinatorMessage } from './protocol.ts';

/** How often each agent is pinged, and how long it may stay silent before it counts as lost. */
const PING_EVERY_MS = 2000;
const AGENT_SILENT_MS = 10_000;

export interface AgentServerOptions {
  host: string;
  port: number;
  /** the number of agents (segments) the run needs */
  instances: number;
  /** the shared secret agents send as `Authorization: Bearer …`; none: every agent is let in */
  token?: string;
  tls?: { cert: Buffer; key: Buffer };
  /** the stampede version, which agents must share */
  version: string;
}

/** One joined agent: its slot, where it runs, and its messages. */
export class AgentConnection {
  readonly index: number;
  readonly host: string;
  readonly pid: number;
  readonly address: string;
  /** resolves with why the connection ended (never rejects) */
  readonly closed: Promise<string>;
  #socket: WebSocket;
  #onMessage: (m: AgentMessage) => void = () => {};
  #closeReason = '';

  constructor(socket: WebSocket, hello: Extract<AgentMessage, { type: 'hello' }>, index: number, address: string) {
    this.#socket = socket;
    this.index = index;
    this.host = hello.host;
    this.pid = hello.pid;
    this.address = address;
    let lastHeard = Date.now();
    socket.on('pong', () => { lastHeard = Date.now(); });
    socket.on('message', (data: Buffer) => {
      lastHeard = Date.now();
      let m: AgentMessage;
      try { m = decodeMessage<AgentMessage>(data); } catch { return; }
      this.#onMessage(m);
    });
    const ping = setInterval(() => {
      if (Date.now() - lastHeard > AGENT_SILENT_MS) {
        this.#closeReason = `no answer for ${AGENT_SILENT_MS / 1000} s (cut off from the network?)`;
        socket.terminate();
        return;
      }
      socket.ping();
    }, PING_EVERY_MS);
    ping.unref();
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => {
      clearInterval(ping);
      resolve(this.#closeReason || (reason.length > 0 ? reason.toString() : `connection closed (code ${code})`));
    }));
  }

  /** agent 1 (host, pid 42, 10.0.0.5) */
  get label(): string {
    return `agent ${this.index} (${this.host}, pid ${this.pid}, ${this.address})`;
  }

  onMessage(handler: (m: AgentMessage) => void): void {
    this.#onMessage = handler;
  }

  send(m: CoordinatorMessage): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(encodeMessage(m));
  }

  /** Says goodbye and closes; the agent exits with `exitCode`. */
  bye(exitCode: number, reason?: string): void {
    this.send({ type: 'bye', exitCode, reason });
    this.#socket.close(1000, 'bye');
  }

  /** Cuts the connection at once (an agent the run gave up). */
  terminate(reason: string): void {
    this.#closeReason ||= reason;
    this.#socket.terminate();
  }
}

export class AgentServer {
  readonly #server: http.Server;
  readonly #wss: WebSocketServer;
  readonly #opts: AgentServerOptions;
  readonly #slots: (AgentConnection | undefined)[];
  #waiters: (() => void)[] = [];
  #refusing = false;

  private constructor(server: http.Server, opts: AgentServerOptions) {
    this.#server = server;
    this.#opts = opts;
    this.#slots = new Array<AgentConnection | undefined>(opts.instances).fill(undefined);
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
    server.on('request', (req, res) => {
      // a plain GET is a readiness check (Kubernetes probes, curl): how many agents joined
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`stampede coordinator: ${this.joined} of ${opts.instances} agents joined\n`);
    });
    server.on('upgrade', (req, socket, head) => this.#upgrade(req, socket, head));
  }

  static async listen(opts: AgentServerOptions): Promise<AgentServer> {
    const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }) : http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
    });
    return new AgentServer(server, opts);
  }

  /** ws://host:port/agent (wss:// with TLS), with the port actually bound */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    const host = this.#opts.host.includes(':') ? `[${this.#opts.host}]` : this.#opts.host;
    return `${this.#opts.tls ? 'wss' : 'ws'}://${host}:${port}${AGENT_PATH}`;
  }

  get joined(): number {
    return this.#slots.filter(Boolean).length;
  }

  get agents(): AgentConnection[] {
    return this.#slots.filter((a): a is AgentConnection => a !== undefined);
  }

  /** Resolves once every slot holds an agent, or rejects after `timeoutMs` with how many came. */
  waitForAll(timeoutMs: number, signal?: AbortSignal): Promise<AgentConnection[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.joined < this.#opts.instances) return false;
        clearTimeout(timer);
        this.#refusing = true;
        resolve(this.agents);
        return true;
      };
      const timer = setTimeout(() => reject(new AgentsMissingError(this.joined, this.#opts.instances, timeoutMs, this.agents)), timeoutMs);
      signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('interrupted while waiting for the agents')); }, { once: true });
      if (!check()) this.#waiters.push(() => { check(); });
    });
  }

  async close(): Promise<void> {
    for (const a of this.agents) a.terminate('the coordinator closed');
    this.#wss.close();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    // a client that resets mid-handshake (or while being refused) is its own problem, never the run's
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== AGENT_PATH) return refuse(socket, 404, 'Not Found');
    if (this.#opts.token !== undefined && !sameSecret(bearer(req.headers.authorization), this.#opts.token)) return refuse(socket, 401, 'Unauthorized');
    const address = req.socket.remoteAddress ?? '?';
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      // a bad frame (unmasked, oversized) ends that connection (the agent counts as lost), not the coordinator
      ws.on('error', () => ws.terminate());
      // the first message must be hello; anything else (or silence) closes the socket
      const silent = setTimeout(() => ws.close(4000, 'no hello'), AGENT_SILENT_MS);
      ws.once('message', (data: Buffer) => {
        clearTimeout(silent);
        let hello: AgentMessage;
        try { hello = decodeMessage<AgentMessage>(data); } catch { ws.close(4000, 'not a Stampede agent'); return; }
        if (hello.type !== 'hello') { ws.close(4000, 'expected hello'); return; }
        const problem = this.#admit(hello);
        if (typeof problem === 'string') {
          ws.send(encodeMessage({ type: 'bye', exitCode: 104, reason: problem }));
          ws.close(4001, problem.slice(0, 120));
          return;
        }
        const agent = new AgentConnection(ws, hello, problem, address);
        this.#slots[problem] = agent;
        // an agent gone before the test has its agents frees its slot for another (a restarted pod)
        void agent.closed.then(() => { if (!this.#refusing && this.#slots[problem] === agent) this.#slots[problem] = undefined; });
        for (const w of this.#waiters) w();
      });
    });
  }

  /** The slot for this agent, or why it is refused. */
  #admit(hello: Extract<AgentMessage, { type: 'hello' }>): number | string {
    const { instances, version } = this.#opts;
    if (hello.protocol !== PROTOCOL_VERSION || hello.version !== version) {
      return `this coordinator runs stampede ${version} (protocol ${PROTOCOL_VERSION}); the agent runs ${hello.version} (protocol ${hello.protocol}): use the same version on both`;
    }
    if (this.#refusing) return `the test already has its ${instances} agents`;
    if (hello.index !== undefined) {
      if (!Number.isInteger(hello.index) || hello.index < 0 || hello.index >= instances) return `--index ${hello.index} is outside 0..${instances - 1} (the coordinator runs --instances ${instances})`;
      if (this.#slots[hello.index]) return `index ${hello.index} is already taken by ${this.#slots[hello.index]!.label}`;
      return hello.index;
    }
    const free = this.#slots.findIndex((s) => s === undefined);
    return free >= 0 ? free : `the test already has its ${instances} agents`;
  }
}

/** Fewer agents joined than the run needs, within the join timeout. */
export class AgentsMissingError extends Error {
  constructor(joined: number, instances: number, timeoutMs: number, agents: readonly AgentConnection[]) {
    super(`only ${joined} of ${instances} agents joined within ${Math.round(timeoutMs / 1000)} s${agents.length > 0 ? ` (${agents.map((a) => a.label).join('; ')})` : ''}`);
  }
}

function bearer(header: string | undefined): string {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m ? m[1].trim() : '';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
