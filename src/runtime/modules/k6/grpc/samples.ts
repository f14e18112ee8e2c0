/**
 * The tags and samples of gRPC calls, as k6 emits them: grpc_req_duration
 * when an RPC ends (unary or stream), grpc_streams when a stream opens,
 * grpc_streams_msgs_sent/received per message. Tags: the VU's tags, the
 * call's params.tags, then the enabled system tags — url (address + method),
 * name (the full method, unless params.tags set it), service, method (the
 * method's own name), rpc_type, group — and status when the RPC ends.
 * data_sent/data_received (the connection's bytes, wire-meter.ts) come with
 * grpc_req_duration and carry the same tags.
 */
import type { VuRuntime } from '../../../vu-runtime.ts';
import type { MethodInfo } from './protos.ts';
import type { WireMeter } from './wire-meter.ts';

function rpcType(m: MethodInfo): string {
  if (m.clientStream && m.serverStream) return 'bidirectional_streaming';
  if (m.clientStream) return 'client_streaming';
  if (m.serverStream) return 'server_streaming';
  return 'unary';
}

/** The tags of one RPC (without `status`, added when it ends). Read at call time, so group and scenario are current. */
export function callTags(vu: VuRuntime, address: string, method: MethodInfo, userTags: Record<string, string> | undefined): Record<string, string> {
  const enabled = vu.systemTags;
  const tags: Record<string, string> = userTags === undefined ? { ...vu.state.tags } : { ...vu.state.tags, ...userTags };
  if (enabled.has('url')) tags.url = `${address}${method.path}`;
  if (enabled.has('name') && (userTags === undefined || !('name' in userTags))) tags.name = method.path;
  if (enabled.has('service')) tags.service = method.service;
  if (enabled.has('method')) tags.method = method.name;
  if (enabled.has('rpc_type')) tags.rpc_type = rpcType(method);
  if (enabled.has('group')) tags.group = vu.state.groupPath;
  return tags;
}

/** grpc_req_duration of an RPC that ended with `status`, and the bytes its connection carried since the last RPC ended. */
export function emitRequestDuration(vu: VuRuntime, tags: Record<string, string>, status: number, durationMs: number, meter: WireMeter | undefined): void {
  const t = vu.systemTags.has('status') ? { ...tags, status: String(status) } : tags;
  vu.samples.add('grpc_req_duration', t, durationMs);
  meter?.emit(vu, t);
}
