/**
 * The PostgreSQL probe source: one dedicated connection (not a pool) that
 * runs the probe's SQL query each time it is read and turns the result into
 * readings — a single number, or one series per row (numeric columns are
 * values, the other columns tags). A dropped connection (failover, a killed
 * backend) is reconnected by the next read, so the probe outlives it.
 */
import net from 'node:net';
import type { Client, QueryArrayResult } from 'pg';
import { redactSecrets } from '../../lib/index.ts';
import type { ProbeReading, ProbeSource, ProbeSourceSpec } from '../types.ts';

type PostgresSpec = Extract<ProbeSourceSpec, { kind: 'postgres' }>;

/** The server gives up on a probe query after this long, whatever the sampler does. */
const STATEMENT_TIMEOUT_MS = 60_000;
/** …and the client after this long, should the server not answer at all. */
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 5_000;
const CLOSE_TIMEOUT_MS = 2_000;

/** Type OIDs whose values are numbers: int8, int2, int4, oid, float4, float8, numeric. */
const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 1700]);

/** A client and whether it is still usable: pg reports a lost connection through 'error'/'end' events. */
interface Conn {
  client: Client;
  dead: boolean;
}

export async function openPostgresProbe(spec: PostgresSpec, opts: { connectTimeoutMs: number }): Promise<ProbeSource> {
  const { default: pg } = await import('pg');
  const where = `postgres ${redactSecrets(spec.url)}`;
  const fail = (cause: unknown): Error => new Error(redactSecrets(`${where}: ${messageOf(cause)}`));

  async function connect(signal?: AbortSignal): Promise<Conn> {
    const client = new pg.Client({
      connectionString: spec.url,
      connectionTimeoutMillis: opts.connectTimeoutMs,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      application_name: 'stampede-probe',
      keepAlive: true,
    });
    const conn: Conn = { client, dead: false };
    // Without an 'error' listener a backend killed while idle would crash the process.
    client.on('error', () => { conn.dead = true; });
    client.on('end', () => { conn.dead = true; });
    const started = Date.now();
    try {
      await untilAborted(client.connect(), signal);
    } catch (err) {
      drop(conn);
      // pg reports its own connect timeout as "Connection terminated unexpectedly"
      if (Date.now() - started >= opts.connectTimeoutMs && !signal?.aborted) {
        throw new Error(`connect timed out after ${opts.connectTimeoutMs} ms`);
      }
      throw err;
    }
    return conn;
  }

  let current: Conn | undefined;
  try {
    current = await connect();
  } catch (err) {
    throw fail(err);
  }

  async function run(conn: Conn, signal: AbortSignal): Promise<QueryArrayResult> {
    const onAbort = () => {
      // The query may still run on the server: cancel it, and never reuse this
      // connection (a late cancel must not hit the next read's query).
      cancelQuery(conn.client);
      if (current === conn) current = undefined;
      drop(conn);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      // Array rows: two columns of the same name (count, count) stay apart.
      return await untilAborted(conn.client.query({ text: spec.query, rowMode: 'array' }), signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  return {
    async read(signal) {
      if (signal.aborted) throw fail(abortReason(signal));
      let conn = current;
      let fresh = false;
      try {
        if (!conn || conn.dead) {
          if (conn) drop(conn);
          current = undefined;
          conn = current = await connect(signal);
          fresh = true;
        }
        try {
          return toReadings(await run(conn, signal));
        } catch (err) {
          // A connection that died since the last read (failover, terminated
          // backend) gets one new connection and the query one more try.
          if (fresh || signal.aborted || !(conn.dead || isConnectionLoss(err))) throw err;
          drop(conn);
          current = undefined;
          conn = current = await connect(signal);
          return toReadings(await run(conn, signal));
        }
      } catch (err) {
        throw fail(signal.aborted ? abortReason(signal) : err);
      }
    },
    async close() {
      const conn = current;
      current = undefined;
      if (conn) await drop(conn);
    },
  };
}

/** The readings a query result stands for (see ProbeSourceSpec 'postgres'). */
export function toReadings(result: Pick<QueryArrayResult, 'fields' | 'rows'>): ProbeReading[] {
  const { fields, rows } = result;
  if (rows.length === 0) return [];
  if (rows.length === 1 && fields.length === 1) {
    const value = rows[0][0];
    if (value === null || value === undefined) throw new Error(`query returned NULL; wrap it in coalesce(…, 0)`);
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if ((typeof value === 'string' && value.trim() === '') || Number.isNaN(n)) {
      throw new Error(`query returned ${JSON.stringify(String(value))}, not a number; select a count or a number`);
    }
    return [{ value: n }];
  }
  const numeric = fields.map((f) => NUMERIC_TYPES.has(f.dataTypeID));
  const numericCount = numeric.filter(Boolean).length;
  if (numericCount === 0) throw new Error('query returned no numeric column; select a count or a number');
  const readings: ProbeReading[] = [];
  for (const row of rows) {
    const rowTags: Record<string, string> = {};
    fields.forEach((f, i) => {
      if (!numeric[i] && row[i] !== null && row[i] !== undefined) rowTags[f.name] = tagText(row[i]);
    });
    fields.forEach((f, i) => {
      // A NULL number (max() of nothing) is no reading rather than a wrong 0.
      if (!numeric[i] || row[i] === null || row[i] === undefined) return;
      const tags = numericCount > 1 ? { ...rowTags, column: f.name } : rowTags;
      readings.push(Object.keys(tags).length > 0 ? { value: Number(row[i]), tags } : { value: Number(row[i]) });
    });
  }
  return readings;
}

function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Ends the client in the background within a bound; never throws. */
function drop(conn: Conn): Promise<void> {
  conn.dead = true;
  const ended = conn.client.end().catch(() => undefined);
  return Promise.race([ended, new Promise<void>((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref())]);
}

/** Lost-connection errors: pg's own (no server code) or the server's FATALs for shutdown / connection classes 08, 57P. */
function isConnectionLoss(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && /^(08|57P)/.test(code)) return true;
  return /connection terminated|not queryable|ECONNRESET|EPIPE/i.test(messageOf(err));
}

/**
 * Best effort: PostgreSQL's CancelRequest (16 bytes on a new socket, no
 * authentication) for the backend `client` talks to. pg keeps the backend's
 * key in fields its types do not declare.
 */
function cancelQuery(client: Client): void {
  const { processID, secretKey } = client as unknown as { processID?: unknown; secretKey?: unknown };
  if (typeof processID !== 'number' || typeof secretKey !== 'number') return;
  const msg = Buffer.alloc(16);
  msg.writeInt32BE(16, 0);
  msg.writeInt32BE(80877102, 4); // the CancelRequest code
  msg.writeInt32BE(processID, 8);
  msg.writeInt32BE(secretKey, 12);
  const sock = client.host.startsWith('/')
    ? net.connect(`${client.host}/.s.PGSQL.${client.port}`)
    : net.connect({ host: client.host, port: client.port });
  sock.setTimeout(CLOSE_TIMEOUT_MS, () => sock.destroy());
  sock.on('error', () => sock.destroy());
  sock.on('connect', () => sock.end(msg));
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return new Error('query timed out');
  return new Error(`read aborted${reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : ''}`);
}

function messageOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    // Node's happy-eyeballs connect reports one error per address it tried.
    return err.errors.map(messageOf).join('; ');
  }
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
}
