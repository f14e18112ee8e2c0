/**
 * k6's grpc.Client as scripts see it: load/loadProtoset (init code only),
 * connect (with reflect: the methods come from the server, reflect.ts),
 * invoke, asyncInvoke, close. connect() and invoke() return
 * Promises; the script compiler awaits them so k6's synchronous style works.
 * The state lives in a ClientCore, reachable by the Stream through coreOf().
 */
import type { VuRuntime } from '../../../vu-runtime.ts';
import { openChannel } from './connection.ts';
import { ClientCore } from './core.ts';
import { grpcJs } from './lazy.ts';
import { parseConnectParams } from './params.ts';
import { loadProtoFiles, loadProtosetFile, summarize, type MethodSummary } from './protos.ts';
import { reflectMethods } from './reflect.ts';
import type { GrpcResponse } from './response.ts';
import { invokeUnary } from './unary.ts';
import { WireMeter } from './wire-meter.ts';

export const CONNECT_IN_INIT = 'connecting to a gRPC server in the init context is not supported';
export const LOAD_OUTSIDE_INIT = 'load() can only be called in the init context';

const cores = new WeakMap<object, ClientCore>();

/** The state behind a script's grpc.Client, or undefined for anything else. */
export function coreOf(client: unknown): ClientCore | undefined {
  return typeof client === 'object' && client !== null ? cores.get(client) : undefined;
}

export class GrpcClient {
  readonly #core: ClientCore;

  constructor(vu: VuRuntime) {
    this.#core = new ClientCore(vu);
    cores.set(this, this.#core);
  }

  /** Parses .proto files (init code only); returns the methods found, as k6 does. */
  load(importPaths: unknown, ...files: unknown[]): MethodSummary[] {
    const core = this.#core;
    if (!core.vu.state.inInit) throw new Error(LOAD_OUTSIDE_INIT);
    const methods = loadProtoFiles(core.vu.scriptDir, importPaths, files);
    core.addMethods(methods);
    return summarize(methods);
  }

  /** Loads a binary FileDescriptorSet (init code only). */
  loadProtoset(file: unknown): MethodSummary[] {
    const core = this.#core;
    if (!core.vu.state.inInit) throw new Error('loadProtoset() can only be called in the init context');
    const methods = loadProtosetFile(core.vu.scriptDir, file);
    core.addMethods(methods);
    return summarize(methods);
  }

  /** Opens the connection; resolves to true once it is ready, rejects with k6's dial errors. */
  async connect(address: unknown, params?: unknown): Promise<boolean> {
    const core = this.#core;
    const vu = core.vu;
    if (vu.state.inInit) throw new Error(CONNECT_IN_INIT);
    if (typeof address !== 'string' || address === '') throw new Error('connect(): the address must be a string such as "localhost:50051"');
    const p = parseConnectParams(params);
    const deadline = Date.now() + p.timeoutMs;
    const meter = new WireMeter();
    const conn = await openChannel(address, { params: p, options: vu.options }, meter);
    core.setConnection(conn, address, meter);
    if (p.reflect) {
      const metadata = p.reflectMetadata ?? new (grpcJs().Metadata)();
      try {
        core.addMethods(await reflectMethods(core, conn, { address, metadata, deadline }));
      } catch (err) {
        core.close();
        throw err;
      }
    }
    return true;
  }

  /** A unary RPC; resolves to k6's Response (a failed RPC is a Response with a non-OK status). */
  async invoke(method: unknown, request: unknown, params?: unknown): Promise<GrpcResponse> {
    return invokeUnary(this.#core, method, request, params);
  }

  /** Same as invoke(); k6 returns a Promise here too. */
  async asyncInvoke(method: unknown, request: unknown, params?: unknown): Promise<GrpcResponse> {
    return invokeUnary(this.#core, method, request, params);
  }

  close(): void {
    this.#core.close();
  }
}
