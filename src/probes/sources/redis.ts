/**
 * The Redis probe source: samples one Redis server with its own node-redis
 * connection. Three kinds of reading: a command whose reply is a number
 * (LLEN, ZCARD, GET of a counter), one numeric INFO field, or a BullMQ
 * queue's job counts per state, read straight from BullMQ's keys.
 *
 * The connection is opened on the first read, never retried behind the
 * caller's back (no reconnect strategy): a down server makes that read fail
 * at once, and the next read dials again, so a server that comes back is
 * sampled again.
 */
import type { RedisClientType, createClient as CreateClientFn } from 'redis';
import { redactSecrets } from '../../lib/index.ts';
import type { ProbeReading, ProbeSource, ProbeSourceSpec } from '../types.ts';

export type RedisProbeSpec = Extract<ProbeSourceSpec, { kind: 'redis' }>;

type Client = RedisClientType;
type CreateClient = typeof CreateClientFn;

/** how long close() waits for replies still pending before it drops the socket */
const CLOSE_GRACE_MS = 1_000;

/** Opens a Redis probe. Nothing connects yet; only a malformed spec rejects here. */
export async function openRedisProbe(spec: RedisProbeSpec, opts: { connectTimeoutMs: number }): Promise<ProbeSource> {
  const where = redactSecrets(spec.url);
  if (!/^rediss?:\/\//i.test(spec.url)) throw new Error(`redis probe: url ${where} must start with redis:// or rediss://`);
  const query = queryFor(spec);
  // loaded here, not at the top: runs without Redis probes never load node-redis
  const { createClient } = await import('redis');
  return new RedisProbe(createClient, spec.url, where, opts.connectTimeoutMs, query);
}

/** What one read sends and how its replies become readings. */
interface Query {
  run(client: Client): Promise<ProbeReading[]>;
}

function queryFor(spec: RedisProbeSpec): Query {
  if ('command' in spec) {
    if (!Array.isArray(spec.command) || spec.command.length === 0) throw new Error('redis probe: command must name a command, e.g. ["LLEN", "jobs"]');
    return commandQuery(spec.command.map(String));
  }
  if ('info' in spec) {
    if (!spec.info) throw new Error('redis probe: info must name a field, e.g. "memory.used_memory"');
    return infoQuery(spec.info);
  }
  if (!spec.bullmq) throw new Error('redis probe: bullmq must name a queue');
  return bullmqQuery(spec.bullmq, spec.prefix ?? 'bull');
}

class RedisProbe implements ProbeSource {
  readonly #createClient: CreateClient;
  readonly #url: string;
  /** the URL with its password masked: the only form that goes into messages */
  readonly #where: string;
  readonly #connectTimeoutMs: number;
  readonly #query: Query;
  #client: Client | undefined;
  #connecting: Promise<Client> | undefined;
  #closed = false;

  constructor(createClient: CreateClient, url: string, where: string, connectTimeoutMs: number, query: Query) {
    this.#createClient = createClient;
    this.#url = url;
    this.#where = where;
    this.#connectTimeoutMs = connectTimeoutMs;
    this.#query = query;
  }

  async read(signal: AbortSignal): Promise<ProbeReading[]> {
    if (this.#closed) throw new Error(`redis ${this.#where}: probe is closed`);
    if (signal.aborted) throw abortError(this.#where, signal);
    const work = (async () => this.#query.run(await this.#ready()))();
    try {
      return await untilAborted(work, signal, () => abortError(this.#where, signal));
    } catch (err) {
      // a reply still in flight must not be taken for the answer to the next read
      if (signal.aborted) this.#drop();
      throw err;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    this.#connecting = undefined;
    if (!client?.isOpen) return;
    // a graceful close waits for pending replies, which a hung server never sends: bounded, then the socket is dropped
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => { timer = setTimeout(resolve, CLOSE_GRACE_MS); });
    try { await Promise.race([client.close(), gaveUp]); } catch { /* destroyed below */ } finally { clearTimeout(timer); }
    try { if (client.isOpen) client.destroy(); } catch { /* already gone */ }
  }

  #drop(): void {
    const client = this.#client;
    this.#client = undefined;
    this.#connecting = undefined;
    if (client?.isOpen) { try { client.destroy(); } catch { /* already gone */ } }
  }

  #ready(): Promise<Client> {
    if (this.#client?.isReady) return Promise.resolve(this.#client);
    if (!this.#connecting) {
      const attempt = this.#connect();
      this.#connecting = attempt;
      const clear = () => { if (this.#connecting === attempt) this.#connecting = undefined; };
      attempt.then(clear, clear);
    }
    return this.#connecting;
  }

  async #connect(): Promise<Client> {
    this.#drop();
    let client: Client;
    try {
      client = this.#createClient({
        url: this.#url,
        RESP: 2,
        socket: { connectTimeout: this.#connectTimeoutMs, reconnectStrategy: false },
        disableClientInfo: true,
      }) as unknown as Client;
    } catch (err) {
      // no `cause`: node-redis' own error may quote the URL, password and all
      throw new Error(`redis ${this.#where}: ${redactSecrets(messageOf(err))}`);
    }
    // node-redis emits 'error' for socket failures; they also reach the pending call, so the listener only keeps node from crashing
    client.on('error', () => {});
    const timeoutMs = this.#connectTimeoutMs;
    const connectTimeout = new Error(`redis ${this.#where}: connect timed out after ${timeoutMs} ms`);
    let timer: NodeJS.Timeout | undefined;
    // node-redis' connectTimeout covers the TCP dial only; this bounds TLS and the handshake commands too
    const timedOut = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(connectTimeout), timeoutMs); });
    try {
      await Promise.race([client.connect(), timedOut]);
    } catch (err) {
      try { if (client.isOpen) client.destroy(); } catch { /* already gone */ }
      throw err === connectTimeout ? err : connectError(this.#where, err, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    if (this.#closed) {
      client.destroy();
      throw new Error(`redis ${this.#where}: probe is closed`);
    }
    this.#client = client;
    return client;
  }
}

// ---- the three kinds of query ----

function commandQuery(args: string[]): Query {
  const shown = args.join(' ');
  return {
    async run(client) {
      let reply: unknown;
      try {
        reply = await client.sendCommand(args);
      } catch (err) {
        throw new Error(`redis command ${shown} failed: ${redactSecrets(messageOf(err))}`, { cause: err });
      }
      // nil (GET of a counter nobody has incremented yet) reads as 0
      if (reply === null || reply === undefined) return [{ value: 0 }];
      const value = numberOf(reply);
      if (value === undefined) throw new Error(`redis command ${shown} returned ${describeReply(reply)}, not a number`);
      return [{ value }];
    },
  };
}

/** `section.field` reads `INFO section`; a bare `field` reads plain `INFO` (the default sections). */
function infoQuery(path: string): Query {
  const dot = path.indexOf('.');
  const section = dot >= 0 ? path.slice(0, dot) : undefined;
  const field = dot >= 0 ? path.slice(dot + 1) : path;
  const shown = section ? `INFO ${section}` : 'INFO';
  return {
    async run(client) {
      let text: unknown;
      try {
        text = await client.sendCommand(section ? ['INFO', section] : ['INFO']);
      } catch (err) {
        throw new Error(`redis ${shown} failed: ${redactSecrets(messageOf(err))}`, { cause: err });
      }
      const fields = parseInfo(String(text));
      if (fields.size === 0) throw new Error(`redis ${shown} returned no fields: is "${section}" an INFO section (memory, clients, stats, keyspace, …)?`);
      const raw = fields.get(field);
      if (raw === undefined) {
        const known = [...fields.keys()].slice(0, 8).join(', ');
        throw new Error(`redis ${shown} has no field "${field}" (it has ${known}${fields.size > 8 ? ', …' : ''})`);
      }
      const value = numberOf(raw);
      if (value === undefined) throw new Error(`redis ${shown} field ${field} is ${JSON.stringify(raw)}, not a number`);
      return [{ value }];
    },
  };
}

/** `field:value` lines of an INFO reply; `# Section` headers and blank lines skipped. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * BullMQ keeps each state of queue `q` under `<prefix>:q:<key>`: lists for
 * jobs waiting (`wait`), paused and active, sorted sets for the rest. All
 * are read in one MULTI so the counts are one consistent snapshot.
 */
const BULLMQ_LISTS = [
  { state: 'waiting', key: 'wait' },
  { state: 'paused', key: 'paused' },
  { state: 'active', key: 'active' },
] as const;
const BULLMQ_SORTED_SETS = [
  { state: 'delayed', key: 'delayed' },
  { state: 'prioritized', key: 'prioritized' },
  { state: 'waiting-children', key: 'waiting-children' },
  { state: 'failed', key: 'failed' },
  { state: 'completed', key: 'completed' },
] as const;

function bullmqQuery(queue: string, prefix: string): Query {
  const keyOf = (k: string) => `${prefix}:${queue}:${k}`;
  return {
    async run(client) {
      const multi = client.multi();
      for (const { key } of BULLMQ_LISTS) {
        multi.addCommand(['LLEN', keyOf(key)]);
        // the last element, to spot a BullMQ <5 marker entry ("0:…") that is not a job
        multi.addCommand(['LINDEX', keyOf(key), '-1']);
      }
      for (const { key } of BULLMQ_SORTED_SETS) multi.addCommand(['ZCARD', keyOf(key)]);
      let replies: unknown[];
      try {
        replies = await multi.exec() as unknown[];
      } catch (err) {
        throw new Error(`redis bullmq queue ${keyOf('')}* could not be read: ${redactSecrets(messageOf(err))}`, { cause: err });
      }
      const readings: ProbeReading[] = [];
      BULLMQ_LISTS.forEach(({ state }, i) => {
        const length = Number(replies[2 * i]);
        const last = replies[2 * i + 1];
        const hasMarker = typeof last === 'string' && last.startsWith('0:');
        readings.push({ value: hasMarker ? Math.max(0, length - 1) : length, tags: { state } });
      });
      BULLMQ_SORTED_SETS.forEach(({ state }, i) => {
        readings.push({ value: Number(replies[2 * BULLMQ_LISTS.length + i]), tags: { state } });
      });
      return readings;
    },
  };
}

// ---- helpers ----

function numberOf(reply: unknown): number | undefined {
  if (typeof reply === 'number') return Number.isFinite(reply) ? reply : undefined;
  if (typeof reply === 'bigint') return Number(reply);
  if (Buffer.isBuffer(reply)) reply = reply.toString('utf8');
  if (typeof reply !== 'string' || reply.trim() === '') return undefined;
  const n = Number(reply);
  return Number.isFinite(n) ? n : undefined;
}

function describeReply(reply: unknown): string {
  if (Array.isArray(reply)) return `an array (${reply.length} items)`;
  if (typeof reply === 'string') return `the text ${JSON.stringify(reply.length > 40 ? `${reply.slice(0, 40)}…` : reply)}`;
  if (Buffer.isBuffer(reply)) return 'binary data';
  return typeof reply === 'object' ? 'a map' : typeof reply;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function connectError(where: string, err: unknown, timeoutMs: number): Error {
  let cause = redactSecrets(messageOf(err));
  // node-redis says only "Connection timeout"
  if (/^connection timeout$/i.test(cause)) cause = `connect timed out after ${timeoutMs} ms`;
  const errors = (err as { errors?: unknown[] } | undefined)?.errors;
  // ECONNREFUSED on a host with IPv4 and IPv6 addresses arrives as an AggregateError with an empty message
  if (!cause && Array.isArray(errors)) cause = errors.map((e) => redactSecrets(messageOf(e))).join('; ');
  return new Error(`redis ${where}: ${cause || 'connect failed'}`, { cause: err });
}

function abortError(where: string, signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error && reason.name === 'TimeoutError' ? 'timed out' : `aborted${reason instanceof Error ? ` (${reason.message})` : ''}`;
  return new Error(`redis ${where}: read ${why}`, { cause: reason });
}

/** `work`, or a rejection as soon as `signal` aborts (the work itself is left to fail on its own). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => { signal.removeEventListener('abort', abort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', abort); reject(e); },
    );
  });
}
