/**
 * Talks HTTP to InfluxDB: builds the write request (v1 `/write?db=…`, basic
 * auth; v2 `/api/v2/write?org=…&bucket=…`, `Authorization: Token …`), the v1
 * `CREATE DATABASE` query, and reads InfluxDB's answers with the outputs'
 * one rule (../classify.ts: ok, retry, refused) plus what is InfluxDB's
 * own: a database that is not there yet (create it, then retry), and how
 * many lines of a batch a refusal names. Requests go through undici with
 * their own connection pool.
 */
import { Agent, request } from 'undici';
import { classify } from '../classify.ts';
import type { InfluxConfig } from './config.ts';

export interface HttpRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** How a write went. `lines` (refused): how many of the batch InfluxDB refused. */
export type WriteOutcome =
  | { kind: 'ok' }
  | { kind: 'retry'; error: string }
  | { kind: 'missing-database'; error: string }
  | { kind: 'refused'; lines: number; error: string };

function authHeaders(c: InfluxConfig): Record<string, string> {
  if (c.version === 2) return { authorization: `Token ${c.token}` };
  if (c.username === undefined) return {};
  return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}` };
}

/** InfluxDB v1 spells microseconds `u`; v2 `us`. */
function precisionParam(c: InfluxConfig): string {
  return c.version === 1 && c.precision === 'us' ? 'u' : c.precision;
}

export function writeRequest(c: InfluxConfig, lines: readonly string[]): HttpRequest {
  const q = new URLSearchParams();
  let path: string;
  if (c.version === 1) {
    path = '/write';
    q.set('db', c.db);
    if (c.retention !== undefined) q.set('rp', c.retention);
    if (c.consistency !== undefined) q.set('consistency', c.consistency);
  } else {
    path = '/api/v2/write';
    q.set('org', c.organization);
    q.set('bucket', c.bucket);
  }
  q.set('precision', precisionParam(c));
  return {
    method: 'POST',
    url: `${c.baseUrl}${path}?${q}`,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...authHeaders(c) },
    body: `${lines.join('\n')}\n`,
  };
}

/** An InfluxQL identifier in double quotes. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

export function createDatabaseRequest(c: InfluxConfig & { version: 1 }): HttpRequest {
  return {
    method: 'POST',
    url: `${c.baseUrl}/query`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...authHeaders(c) },
    body: new URLSearchParams({ q: `CREATE DATABASE ${quoteIdentifier(c.db)}` }).toString(),
  };
}

/** InfluxDB's error text: v1 answers {"error": …}, v2 {"code": …, "message": …}. */
export function errorText(status: number, body: string): string {
  let detail = body.trim();
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === 'string') detail = parsed.error;
    else if (typeof parsed.message === 'string') detail = parsed.message;
  } catch { /* not JSON: keep the text */ }
  if (detail.length > 300) detail = `${detail.slice(0, 300)}…`;
  return `InfluxDB answered ${status}${detail === '' ? '' : `: ${detail}`}`;
}

/** How many of `lineCount` lines a refusal names: 1.x names them (`dropped=N`, one `unable to parse` each); else all. */
export function refusedLineCount(body: string, lineCount: number): number {
  const dropped = /dropped=(\d+)/.exec(body);
  if (dropped) return Math.min(lineCount, Number(dropped[1]));
  const unparsable = body.split('unable to parse').length - 1;
  if (unparsable > 0) return Math.min(lineCount, unparsable);
  return lineCount;
}

export function classifyWriteResponse(status: number, body: string, lineCount: number): WriteOutcome {
  const verdict = classify(status);
  if (verdict === 'ok') return { kind: 'ok' };
  const error = errorText(status, body);
  if (status === 404 && /database not found/.test(body)) return { kind: 'missing-database', error };
  if (verdict === 'retry') return { kind: 'retry', error };
  return { kind: 'refused', lines: refusedLineCount(body, lineCount), error };
}

/** A network error as one line: `connect ECONNREFUSED 127.0.0.1:8086`. */
function networkError(err: unknown, url: string): string {
  const e = err as { message?: string; code?: string; cause?: { message?: string } };
  const message = e.cause?.message ?? e.message ?? String(err);
  return `POST ${url.split('?')[0]}: ${message}${e.code && !message.includes(e.code) ? ` (${e.code})` : ''}`;
}

export class InfluxClient {
  readonly #config: InfluxConfig;
  readonly #agent: Agent;

  constructor(config: InfluxConfig, opts: { timeoutMs?: number } = {}) {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    this.#config = config;
    this.#agent = new Agent({
      connections: config.concurrentWrites + 1,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: Math.min(timeoutMs, 5_000), rejectUnauthorized: !config.insecure },
    });
  }

  /** Sends one batch; network failures come back as `retry`, never as a rejection. */
  async write(lines: readonly string[]): Promise<WriteOutcome> {
    const req = writeRequest(this.#config, lines);
    try {
      const res = await this.#send(req);
      return classifyWriteResponse(res.status, res.body, lines.length);
    } catch (err) {
      return { kind: 'retry', error: networkError(err, req.url) };
    }
  }

  /**
   * v1: `CREATE DATABASE` (a no-op when it exists); rejects with a one-line
   * reason. `signal` gives up waiting (rejecting with the signal's reason).
   */
  async createDatabase(signal?: AbortSignal): Promise<void> {
    if (this.#config.version !== 1) return;
    const req = createDatabaseRequest(this.#config);
    let res: { status: number; body: string };
    try {
      res = await this.#send(req, signal);
    } catch (err) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
      throw new Error(networkError(err, req.url));
    }
    if (res.status < 200 || res.status >= 300) throw new Error(errorText(res.status, res.body));
    // 1.x answers 200 with the statement's error inside the results
    const inner = /"error"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(res.body);
    if (inner) throw new Error(`InfluxDB answered: ${JSON.parse(`"${inner[1]}"`)}`);
  }

  /** Closes the connections once the requests in flight are answered (or time out). */
  async close(): Promise<void> {
    await this.#agent.close().catch(() => {});
  }

  /** Closes at once: requests still waiting for InfluxDB fail (their writes come back as `retry`). */
  async destroy(): Promise<void> {
    await this.#agent.destroy().catch(() => {});
  }

  async #send(req: HttpRequest, signal?: AbortSignal): Promise<{ status: number; body: string }> {
    const res = await request(req.url, { method: req.method, headers: req.headers, body: req.body, dispatcher: this.#agent, signal });
    const body = await res.body.text();
    return { status: res.statusCode, body };
  }
}
