/**
 * k6's grpc.Stream for server-, client- and bidirectional-streaming methods.
 * The stream opens at construction and keeps the iteration open until the
 * server ends it (as k6's event loop does). Events: 'data' (message,
 * { ts }), 'error' ({ code, message, details }) then 'end'. As in grpc-go,
 * the single request of a server-streaming method half-closes the stream
 * when written. Samples: grpc_streams, grpc_streams_msgs_sent/received and
 * grpc_req_duration (with data_sent/data_received) when the stream ends.
 */
import type { CallOptions, ClientDuplexStream, StatusObject } from '@grpc/grpc-js';
import type { VuRuntime } from '../../../vu-runtime.ts';
import { STATUS_CONSTANTS } from './constants.ts';
import type { Cancellable, ClientCore } from './core.ts';
import { parseCallParams } from './params.ts';
import type { MethodInfo } from './protos.ts';
import { errorObject } from './response.ts';
import { callTags, emitRequestDuration } from './samples.ts';
import type { WireMeter } from './wire-meter.ts';

export const STREAM_IN_INIT = 'opening a gRPC stream in the init context is not supported';

type EventName = 'data' | 'error' | 'end';
type Handler = (...args: unknown[]) => void;

const passBuffer = (b: Buffer): Buffer => b;

export class StreamCore implements Cancellable {
  readonly #vu: VuRuntime;
  readonly #core: ClientCore;
  readonly #method: MethodInfo;
  readonly #call: ClientDuplexStream<Buffer, Buffer>;
  readonly #tags: Record<string, string>;
  readonly #meter: WireMeter | undefined;
  readonly #discard: boolean;
  readonly #handlers: Record<EventName, Handler[]> = { data: [], error: [], end: [] };
  readonly #release: () => void;
  readonly #start = performance.now();
  /** open → half-closed (client done writing) → closed (status received and delivered) */
  #state: 'open' | 'half-closed' | 'closed' = 'open';
  #status: StatusObject | undefined;
  #readEnded = false;
  #interrupted = false;
  /** a handler threw: the script's part of the stream is over */
  #failed = false;

  constructor(vu: VuRuntime, core: ClientCore, methodName: unknown, rawParams: unknown) {
    if (vu.state.inInit) throw new Error(STREAM_IN_INIT);
    const conn = core.connection();
    const m = core.method(methodName);
    if (!m.clientStream && !m.serverStream) throw new Error(`method "${m.path}" is not a streaming method; use client.invoke() for unary methods`);
    const params = parseCallParams(rawParams, undefined);
    this.#vu = vu;
    this.#core = core;
    this.#meter = core.meter;
    this.#method = m;
    this.#discard = params.discardResponseMessage;
    this.#tags = callTags(vu, core.address, m, params.tags);
    const options: CallOptions = {};
    if (params.timeoutMs !== undefined) options.deadline = new Date(Date.now() + params.timeoutMs);
    if (params.authority !== undefined) options.host = params.authority;
    this.#call = conn.makeBidiStreamRequest(m.path, passBuffer, passBuffer, params.metadata, options);
    this.#release = vu.hold();
    core.track(this);
    vu.samples.add('grpc_streams', this.#tags, 1);
    this.#call.on('data', (buf: Buffer) => this.#onData(buf));
    this.#call.on('status', (status: StatusObject) => { this.#status = status; this.#maybeFinish(); });
    this.#call.on('end', () => { this.#readEnded = true; this.#maybeFinish(); });
    this.#call.on('close', () => { this.#readEnded = true; this.#maybeFinish(); });
    this.#call.on('error', () => { /* reported through 'status' */ });
  }

  on(event: unknown, handler: unknown): void {
    if (event !== 'data' && event !== 'error' && event !== 'end') throw new Error(`unknown stream event "${String(event)}"; use 'data', 'error' or 'end'`);
    if (typeof handler !== 'function') throw new Error(`stream.on('${event}', handler): handler must be a function`);
    this.#handlers[event].push(handler as Handler);
  }

  write(message: unknown): void {
    if (this.#state !== 'open') throw new Error(`cannot write to the stream of ${this.#method.path}: it is ${this.#state === 'closed' ? 'closed' : 'half-closed (stream.end() was called, or the one request of a server-streaming method was sent)'}`);
    const payload = this.#method.serialize(message);
    this.#call.write(payload);
    this.#vu.samples.add('grpc_streams_msgs_sent', this.#tags, 1);
    if (!this.#method.clientStream) this.end();
  }

  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'half-closed';
    this.#call.end();
  }

  cancel(interrupted: boolean): void {
    if (interrupted) this.#interrupted = true;
    this.#call.cancel();
  }

  #onData(buf: Buffer): void {
    if (this.#interrupted) return;
    this.#vu.samples.add('grpc_streams_msgs_received', this.#tags, 1);
    let message: unknown = null;
    if (!this.#discard) {
      try {
        message = this.#method.deserialize(buf);
      } catch (err) {
        this.#vu.logger.error(`grpc stream ${this.#method.path}: cannot decode a message: ${(err as Error).message}`);
        this.#call.cancel();
        return;
      }
    }
    this.#emit('data', message, { ts: Date.now() });
  }

  #maybeFinish(): void {
    const status = this.#status;
    if (this.#state === 'closed' || status === undefined || !this.#readEnded) return;
    this.#state = 'closed';
    this.#core.untrack(this);
    try {
      if (this.#interrupted) return;
      emitRequestDuration(this.#vu, this.#tags, status.code, performance.now() - this.#start, this.#meter);
      if (status.code !== STATUS_CONSTANTS.StatusOK) this.#emit('error', errorObject(status));
      this.#emit('end');
    } finally {
      this.#release();
    }
  }

  /**
   * Runs the script's handlers. One that throws is logged and ends the
   * stream, and no handler runs after it (k6 ends the iteration); an async one (the compiler makes
   * handlers that block async) keeps the iteration open until it settles.
   */
  #emit(event: EventName, ...args: unknown[]): void {
    for (const h of this.#handlers[event]) {
      if (this.#failed) return;
      try {
        const result = h(...args) as { then?: unknown } | undefined;
        if (typeof result?.then === 'function') {
          const release = this.#vu.hold();
          (result as PromiseLike<unknown>).then(release, (err: unknown) => { this.#handlerFailed(event, err); release(); });
        }
      } catch (err) {
        this.#handlerFailed(event, err);
        return;
      }
    }
  }

  #handlerFailed(event: EventName, err: unknown): void {
    this.#failed = true;
    const text = err instanceof Error ? err.stack ?? err.message : String(err);
    this.#vu.logger.error(`Uncaught exception in the '${event}' handler of the gRPC stream ${this.#method.path}: ${text}`);
    if (this.#state !== 'closed') this.#call.cancel();
  }
}
