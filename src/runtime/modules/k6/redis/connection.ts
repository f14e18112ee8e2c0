/**
 * One lazily opened connection to one Redis server (node-redis underneath).
 * Nothing connects until the first command; later commands reuse the
 * connection; if it drops or never came up, the next command dials again,
 * so a refused or restarted server costs failed calls, never a stuck VU.
 * node-redis itself is loaded on first use, keeping workers of scripts
 * without Redis light.
 */
import type { RedisClientType } from 'redis';
import type { ConnectionSpec } from './options.ts';
import { addressOf } from './options.ts';
import { commandError, connectError } from './errors.ts';

type NodeRedis = RedisClientType;
export type Reply = unknown;

export interface ConnectionEnv {
  /** where node-redis' own error events go (they also reach the failing command) */
  debug(msg: string): void;
  /** k6's insecureSkipTLSVerify option: accept any server certificate */
  insecureSkipTLSVerify(): boolean;
}

export class Connection {
  readonly address: string;
  readonly #spec: ConnectionSpec;
  readonly #env: ConnectionEnv;
  #client: NodeRedis | undefined;
  #connecting: Promise<NodeRedis> | undefined;
  /** bumped by destroy/close so a dial still in flight is dropped, not kept */
  #epoch = 0;

  constructor(spec: ConnectionSpec, env: ConnectionEnv) {
    this.#spec = spec;
    this.#env = env;
    this.address = addressOf(spec);
  }

  /** Sends one command (`args[0]` is its name); rejects with a clear message. */
  async send(args: (string | Buffer)[]): Promise<Reply> {
    const client = await this.#ready();
    try {
      return await client.sendCommand(args);
    } catch (err) {
      throw commandError(String(args[0]).toUpperCase(), this.address, err);
    }
  }

  /** Drops the socket at once; pending commands reject. The next command reconnects. */
  destroy(): void {
    const c = this.#client;
    this.#client = undefined;
    this.#connecting = undefined;
    this.#epoch++;
    if (c?.isOpen) c.destroy();
  }

  /** Closes gracefully (pending replies first), falling back to destroy. */
  async close(): Promise<void> {
    const c = this.#client;
    this.#client = undefined;
    this.#connecting = undefined;
    this.#epoch++;
    if (!c?.isOpen) return;
    try { await c.close(); } catch { c.destroy(); }
  }

  #ready(): Promise<NodeRedis> {
    if (this.#client?.isReady) return Promise.resolve(this.#client);
    if (!this.#connecting) {
      const attempt = this.#open();
      this.#connecting = attempt;
      const clear = () => { if (this.#connecting === attempt) this.#connecting = undefined; };
      attempt.then(clear, clear);
    }
    return this.#connecting;
  }

  async #open(): Promise<NodeRedis> {
    if (this.#client) { const old = this.#client; this.#client = undefined; if (old.isOpen) old.destroy(); }
    const epoch = this.#epoch;
    const { createClient } = await import('redis');
    const s = this.#spec;
    const tls = s.tls
      ? { tls: true as const, servername: isIp(s.host) ? undefined : s.host, rejectUnauthorized: !this.#env.insecureSkipTLSVerify(), ...s.tls }
      : {};
    const client = createClient({
      RESP: 2,
      socket: { host: s.host, port: s.port, connectTimeout: s.connectTimeout, reconnectStrategy: false, ...tls },
      username: s.username,
      password: s.password,
      database: s.database || undefined,
      name: s.clientName,
      commandOptions: { timeout: s.commandTimeout },
      maintNotifications: 'disabled',
    }) as unknown as NodeRedis;
    // errors also reach the command that hit them; without a listener node would crash the worker
    client.on('error', (err: unknown) => this.#env.debug(`redis ${this.address}: ${(err as Error)?.message ?? String(err)}`));
    try {
      await client.connect();
    } catch (err) {
      if (client.isOpen) client.destroy();
      throw connectError(this.address, err);
    }
    if (epoch !== this.#epoch) {
      client.destroy();
      throw connectError(this.address, new Error('connection closed while it was being opened (VU stopped)'));
    }
    this.#client = client;
    return client;
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
