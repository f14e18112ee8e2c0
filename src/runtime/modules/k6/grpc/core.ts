/**
 * The state behind one grpc.Client: the methods it loaded, its channel and
 * address, and the RPCs in flight (cancelled when the VU is interrupted or
 * closed). Scripts never see it; the Client and Stream facades reach it
 * through coreOf().
 */
import type { Client as GrpcJsClient } from '@grpc/grpc-js';
import type { VuRuntime } from '../../../vu-runtime.ts';
import type { MethodInfo } from './protos.ts';
import type { WireMeter } from './wire-meter.ts';

/** An RPC in flight that can be cut short. */
export interface Cancellable {
  /** `interrupted`: the VU is stopping; no more handlers or samples */
  cancel(interrupted: boolean): void;
}

export const NO_CONNECTION = 'no gRPC connection, you must call connect first';

export class ClientCore {
  readonly vu: VuRuntime;
  readonly methods = new Map<string, MethodInfo>();
  #conn: GrpcJsClient | undefined;
  #address = '';
  #meter: WireMeter | undefined;
  readonly #active = new Set<Cancellable>();
  #hooked = false;

  constructor(vu: VuRuntime) {
    this.vu = vu;
  }

  /** The address given to connect() (k6's url tag prefix). */
  get address(): string {
    return this.#address;
  }

  addMethods(list: MethodInfo[]): void {
    for (const m of list) this.methods.set(m.path, m);
  }

  /** `pkg.Service/Method` or `/pkg.Service/Method` → the loaded method; k6's errors otherwise. */
  method(name: unknown): MethodInfo {
    if (typeof name !== 'string' || name === '') throw new Error('url parameter cannot be empty');
    const key = name.startsWith('/') ? name : `/${name}`;
    const m = this.methods.get(key);
    if (m !== undefined) return m;
    const known = [...this.methods.keys()];
    const hint = known.length === 0
      ? 'no methods are loaded; call client.load() in the init context first'
      : `loaded methods: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`;
    throw new Error(`method "${key}" not found in file descriptors (${hint})`);
  }

  connection(): GrpcJsClient {
    if (this.#conn === undefined) throw new Error(NO_CONNECTION);
    return this.#conn;
  }

  /** Counts the bytes of the current connection (data_sent/data_received). */
  get meter(): WireMeter | undefined {
    return this.#meter;
  }

  /** Replaces the connection (closing any previous one); the VU closes it at the end. */
  setConnection(conn: GrpcJsClient, address: string, meter?: WireMeter): void {
    this.#conn?.close();
    this.#conn = conn;
    this.#address = address;
    this.#meter = meter;
    if (this.#hooked) return;
    this.#hooked = true;
    this.vu.onInterrupt(() => this.#cancelAll(true));
    this.vu.onClose(() => { this.#cancelAll(true); this.close(); });
  }

  close(): void {
    this.#conn?.close();
    this.#conn = undefined;
  }

  track(rpc: Cancellable): void {
    this.#active.add(rpc);
  }

  untrack(rpc: Cancellable): void {
    this.#active.delete(rpc);
  }

  #cancelAll(interrupted: boolean): void {
    for (const rpc of [...this.#active]) {
      try { rpc.cancel(interrupted); } catch { /* best effort */ }
    }
  }
}
