/**
 * The `k6/net/grpc` module, one instance per VU: Client, Stream and k6's
 * status constants (grpc.StatusOK …). Protobuf loading is proto-loader's,
 * the transport grpc-js's; this folder turns k6's API into grpc-js calls
 * and their outcomes into k6 Responses, stream events and samples.
 */
import type { VuRuntime } from '../../../vu-runtime.ts';
import { coreOf, GrpcClient } from './client.ts';
import { STATUS_CONSTANTS } from './constants.ts';
import { StreamCore } from './stream.ts';

export { STATUS_CONSTANTS } from './constants.ts';

/** Creates the namespace for one VU: `{ default: grpc, Client, Stream, Status… }`. */
export function createGrpcModule(vu: VuRuntime): Record<string, unknown> {
  class Client extends GrpcClient {
    constructor() {
      super(vu);
    }
  }

  class Stream {
    readonly #stream: StreamCore;

    constructor(client: unknown, method: unknown, params?: unknown) {
      const core = coreOf(client);
      if (core === undefined) throw new Error('new Stream(client, method): the first argument must be a grpc.Client');
      this.#stream = new StreamCore(vu, core, method, params);
    }

    /** Adds a handler for 'data', 'error' or 'end'. */
    on(event: unknown, handler: unknown): void {
      this.#stream.on(event, handler);
    }

    /** Sends one message (a server-streaming method's only request ends the sending side). */
    write(message: unknown): void {
      this.#stream.write(message);
    }

    /** Tells the server the client has finished sending. */
    end(): void {
      this.#stream.end();
    }
  }

  const api = { Client, Stream, ...STATUS_CONSTANTS };
  return { ...api, default: api };
}
