/**
 * The proxies one Toxiproxy-style API serves (issue #17): create, get, list,
 * update, delete and reset over FaultProxy instances, by name. Proxies it
 * creates it owns (and closes); proxies started elsewhere — a run's — can be
 * adopted: they take toxics, enable and disable through the API, but they
 * belong to their run, so they cannot be deleted or moved here and are not
 * closed with the registry. Every change goes through one queue, as
 * Toxiproxy's collection lock, so two requests never race on a name.
 */
import { ProxyError, parseAddress } from './proxy.ts';
import { startFaultProxy } from './start-proxy.ts';
import type { FaultProxy, ProxySpec, ToxicSpec } from './types.ts';

/** What a client asks for: Toxiproxy's proxy fields (listen defaults to 127.0.0.1:0, enabled to true). */
export interface ProxyInput {
  name: string;
  listen?: string;
  upstream: string;
  enabled?: boolean;
}

/** A proxy as Toxiproxy's API shows it. */
export interface ProxyView {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicSpec[];
}

export interface ProxyRegistryOptions {
  /** how a proxy is started (default: startFaultProxy, toxics and the HTTP layer) */
  start?: (spec: ProxySpec) => Promise<FaultProxy>;
  /** listen address when a client gives none (default 127.0.0.1:0, Toxiproxy's is localhost:0) */
  defaultListen?: string;
}

interface Entry {
  proxy: FaultProxy;
  /** false: adopted from elsewhere, never closed, deleted or moved here */
  owned: boolean;
}

export function viewOf(proxy: FaultProxy): ProxyView {
  return { name: proxy.name, listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled, toxics: proxy.toxics() };
}

function checkAddress(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ProxyError(`missing required field: ${field}`, 400);
  try {
    parseAddress(value);
  } catch (err) {
    throw new ProxyError(`${field}: ${(err as Error).message}`, 400);
  }
  return value;
}

/** Validates a client's proxy fields (Toxiproxy's messages, 400). */
export function checkProxyInput(input: unknown, defaultListen = '127.0.0.1:0'): Required<ProxyInput> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ProxyError('bad request body: a proxy is a JSON object', 400);
  const o = input as Record<string, unknown>;
  if (typeof o.name !== 'string' || o.name === '') throw new ProxyError('missing required field: name', 400);
  if (/[/?#\s]/.test(o.name)) throw new ProxyError(`proxy name ${JSON.stringify(o.name)}: no slashes, spaces, ? or #`, 400);
  const upstream = checkAddress('upstream', o.upstream);
  const listen = o.listen === undefined || o.listen === '' ? defaultListen : checkAddress('listen', o.listen);
  if (o.enabled !== undefined && typeof o.enabled !== 'boolean') throw new ProxyError('enabled must be true or false', 400);
  return { name: o.name, listen, upstream, enabled: o.enabled ?? true };
}

/** Whether `wanted` (possibly port 0) names the address a proxy listens on now. */
function sameListen(wanted: string, actual: string): boolean {
  if (wanted === actual) return true;
  try {
    const w = parseAddress(wanted);
    const a = parseAddress(actual);
    return w.port === 0 ? false : w.port === a.port && (w.host === a.host || w.host === '' || (w.host === 'localhost' && a.host === '127.0.0.1'));
  } catch {
    return false;
  }
}

export class ProxyRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #start: (spec: ProxySpec) => Promise<FaultProxy>;
  readonly #defaultListen: string;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(opts: ProxyRegistryOptions = {}) {
    this.#start = opts.start ?? startFaultProxy;
    this.#defaultListen = opts.defaultListen ?? '127.0.0.1:0';
  }

  /** Runs changes one at a time. */
  #serial<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#closed) throw new ProxyError('the proxy registry is closed', 503);
      return work();
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  #entry(name: string): Entry {
    const e = this.#entries.get(name);
    if (!e) throw new ProxyError('proxy not found', 404);
    return e;
  }

  async #startOne(input: Required<ProxyInput>): Promise<FaultProxy> {
    try {
      return await this.#start({ name: input.name, listen: input.listen, upstream: input.upstream, enabled: input.enabled });
    } catch (err) {
      if (err instanceof ProxyError) throw err;
      throw new ProxyError((err as Error).message, 500);
    }
  }

  get(name: string): FaultProxy {
    return this.#entry(name).proxy;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** The proxies by name, in creation order. */
  list(): FaultProxy[] {
    return [...this.#entries.values()].map((e) => e.proxy);
  }

  /** Starts a proxy; a name in use is 409, bad fields 400, an address it cannot listen on 500. */
  async create(input: ProxyInput | unknown): Promise<FaultProxy> {
    const spec = checkProxyInput(input, this.#defaultListen);
    return this.#serial(async () => {
      if (this.#entries.has(spec.name)) throw new ProxyError('proxy already exists', 409);
      const proxy = await this.#startOne(spec);
      this.#entries.set(spec.name, { proxy, owned: true });
      return proxy;
    });
  }

  /**
   * Toxiproxy's populate: each proxy is created, or kept when one of that
   * name already listens there with that upstream, or replaced otherwise.
   * All inputs are checked before anything starts; a failure stops there and
   * the ones done so far stay.
   */
  async populate(inputs: unknown): Promise<FaultProxy[]> {
    if (!Array.isArray(inputs)) throw new ProxyError('bad request body: populate takes a JSON array of proxies', 400);
    const specs = inputs.map((i) => checkProxyInput(i, this.#defaultListen));
    const names = new Set<string>();
    for (const s of specs) {
      if (names.has(s.name)) throw new ProxyError(`proxy ${s.name} appears twice`, 400);
      names.add(s.name);
    }
    return this.#serial(async () => {
      const out: FaultProxy[] = [];
      for (const spec of specs) {
        const existing = this.#entries.get(spec.name);
        if (existing && existing.proxy.upstream === spec.upstream && sameListen(spec.listen, existing.proxy.listen)) {
          out.push(existing.proxy);
          continue;
        }
        if (existing && !existing.owned) throw new ProxyError(`proxy ${spec.name} belongs to the running test; it cannot be replaced`, 409);
        if (existing) {
          this.#entries.delete(spec.name);
          await existing.proxy.close();
        }
        const proxy = await this.#startOne(spec);
        this.#entries.set(spec.name, { proxy, owned: true });
        out.push(proxy);
      }
      return out;
    });
  }

  /**
   * Changes listen, upstream and/or enabled (Toxiproxy's POST /proxies/{name}).
   * A new listen or upstream restarts the proxy (its toxics kept); a new
   * listen address is opened before the old one closes, so a failure leaves
   * the proxy as it was.
   */
  async update(name: string, change: unknown): Promise<FaultProxy> {
    if (typeof change !== 'object' || change === null || Array.isArray(change)) throw new ProxyError('bad request body: a proxy is a JSON object', 400);
    const c = change as Record<string, unknown>;
    if (c.enabled !== undefined && typeof c.enabled !== 'boolean') throw new ProxyError('enabled must be true or false', 400);
    const listen = c.listen === undefined || c.listen === '' ? undefined : checkAddress('listen', c.listen);
    const upstream = c.upstream === undefined || c.upstream === '' ? undefined : checkAddress('upstream', c.upstream);
    return this.#serial(async () => {
      const entry = this.#entry(name);
      const old = entry.proxy;
      const enabled = (c.enabled as boolean | undefined) ?? old.enabled;
      const moves = listen !== undefined && !sameListen(listen, old.listen);
      const reroutes = upstream !== undefined && upstream !== old.upstream;
      if (!moves && !reroutes) {
        if (old.enabled !== enabled) old.enabled = enabled;
        return old;
      }
      if (!entry.owned) throw new ProxyError(`proxy ${name} belongs to the running test; its listen and upstream cannot change`, 409);
      const spec = { name, listen: moves ? listen : old.listen, upstream: upstream ?? old.upstream, enabled };
      const toxics = old.toxics();
      let next: FaultProxy;
      if (moves) {
        next = await this.#startOne(spec);
        await old.close();
      } else {
        // same address: the old one must let go of it first
        await old.close();
        try {
          next = await this.#startOne(spec);
        } catch (err) {
          this.#entries.delete(name);
          throw err;
        }
      }
      for (const t of toxics) next.addToxic(t);
      this.#entries.set(name, { proxy: next, owned: true });
      return next;
    });
  }

  /** Stops and forgets a proxy (404 when unknown; 409 for an adopted one). */
  delete(name: string): Promise<void> {
    return this.#serial(async () => {
      const entry = this.#entry(name);
      if (!entry.owned) throw new ProxyError(`proxy ${name} belongs to the running test and closes with it`, 409);
      this.#entries.delete(name);
      await entry.proxy.close();
    });
  }

  /** Toxiproxy's reset: every proxy enabled, every toxic removed. */
  reset(): Promise<void> {
    return this.#serial(() => {
      for (const { proxy } of this.#entries.values()) {
        proxy.enabled = true;
        for (const t of proxy.toxics()) {
          try {
            proxy.removeToxic(t.name);
          } catch {
            // removed meanwhile: fine
          }
        }
      }
    });
  }

  /** Serves a proxy started elsewhere (a run's) under its name; 409 when the name is taken. */
  adopt(proxy: FaultProxy): void {
    if (this.#entries.has(proxy.name)) throw new ProxyError('proxy already exists', 409);
    this.#entries.set(proxy.name, { proxy, owned: false });
  }

  /** Forgets an adopted proxy without closing it (its owner does). */
  release(name: string): void {
    const e = this.#entries.get(name);
    if (e && !e.owned) this.#entries.delete(name);
  }

  /** Closes every proxy the registry owns and refuses further changes; adopted ones are left to their owner. */
  async close(): Promise<void> {
    await this.#serial(() => { this.#closed = true; }).catch(() => {});
    const owned = [...this.#entries.values()].filter((e) => e.owned);
    this.#entries.clear();
    await Promise.all(owned.map((e) => e.proxy.close().catch(() => {})));
  }
}
