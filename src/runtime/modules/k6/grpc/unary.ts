/**
 * One unary RPC for client.invoke()/asyncInvoke(): validates the call as k6
 * does, sends the serialised request, records grpc_req_duration when the
 * status arrives and resolves to k6's Response. A non-OK status is a
 * Response (status, error), not an exception.
 */
import type { CallOptions, ClientUnaryCall, Metadata, StatusObject } from '@grpc/grpc-js';
import { STATUS_CONSTANTS } from './constants.ts';
import type { ClientCore } from './core.ts';
import { DEFAULT_TIMEOUT_MS, parseCallParams } from './params.ts';
import { errorObject, metadataObject, type GrpcResponse } from './response.ts';
import { callTags, emitRequestDuration } from './samples.ts';

export const INVOKE_IN_INIT = 'invoking RPC methods in the init context is not supported';

const OK = STATUS_CONSTANTS.StatusOK;
const passBuffer = (b: Buffer): Buffer => b;

/** Runs a unary RPC; throws (synchronously) on invalid calls, never rejects for RPC failures. */
export function invokeUnary(core: ClientCore, methodName: unknown, request: unknown, rawParams: unknown): Promise<GrpcResponse> {
  const vu = core.vu;
  if (vu.state.inInit) throw new Error(INVOKE_IN_INIT);
  const conn = core.connection();
  const meter = core.meter;
  const m = core.method(methodName);
  if (m.clientStream || m.serverStream) throw new Error(`method "${m.path}" is a streaming method; use new grpc.Stream(client, "${m.path}") instead of invoke()`);
  const params = parseCallParams(rawParams, DEFAULT_TIMEOUT_MS);
  const payload = m.serialize(request);
  const tags = callTags(vu, core.address, m, params.tags);
  const options: CallOptions = {};
  if (params.timeoutMs !== undefined) options.deadline = new Date(Date.now() + params.timeoutMs);
  if (params.authority !== undefined) options.host = params.authority;

  return new Promise<GrpcResponse>((resolve, reject) => {
    const release = vu.hold();
    let interrupted = false;
    let value: Buffer | undefined;
    let headers: Metadata | undefined;
    const start = performance.now();
    let call: ClientUnaryCall;
    try {
      call = conn.makeUnaryRequest(m.path, passBuffer, passBuffer, payload, params.metadata, options, (_err, v) => { value = v; });
    } catch (err) {
      release();
      return reject(err);
    }
    const rpc = { cancel: (isInterrupt: boolean) => { interrupted = isInterrupt; call.cancel(); } };
    core.track(rpc);
    call.on('metadata', (md: Metadata) => { headers = md; });
    call.on('status', (status: StatusObject) => {
      core.untrack(rpc);
      // let the script's then-callbacks run before the iteration may end
      setImmediate(release);
      // an interrupted call (the VU is stopping) resolves as Canceled, without a sample
      if (!interrupted) emitRequestDuration(vu, tags, status.code, performance.now() - start, meter);
      const ok = status.code === OK && value !== undefined;
      let message: unknown = null;
      try {
        if (!params.discardResponseMessage) message = m.deserialize(ok ? value! : Buffer.alloc(0));
      } catch (err) {
        return reject(new Error(`unable to decode the response of ${m.path}: ${(err as Error).message}`, { cause: err }));
      }
      resolve({
        status: status.code,
        message,
        headers: metadataObject(headers),
        trailers: metadataObject(status.metadata),
        error: status.code === OK ? null : errorObject(status),
      });
    });
  });
}
