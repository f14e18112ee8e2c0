import type { MetricDefinition } from '../metrics/types.ts';

/** k6's built-in metrics that Stampede emits, with k6's types and units. */
export const BUILTIN_METRICS: readonly MetricDefinition[] = [
  { name: 'checks', type: 'rate', contains: 'default' },
  { name: 'data_received', type: 'counter', contains: 'data' },
  { name: 'data_sent', type: 'counter', contains: 'data' },
  { name: 'group_duration', type: 'trend', contains: 'time' },
  { name: 'http_req_blocked', type: 'trend', contains: 'time' },
  { name: 'http_req_connecting', type: 'trend', contains: 'time' },
  { name: 'http_req_duration', type: 'trend', contains: 'time' },
  { name: 'http_req_failed', type: 'rate', contains: 'default' },
  { name: 'http_req_receiving', type: 'trend', contains: 'time' },
  { name: 'http_req_sending', type: 'trend', contains: 'time' },
  { name: 'http_req_tls_handshaking', type: 'trend', contains: 'time' },
  { name: 'http_req_waiting', type: 'trend', contains: 'time' },
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'iteration_duration', type: 'trend', contains: 'time' },
  { name: 'iterations', type: 'counter', contains: 'default' },
  { name: 'dropped_iterations', type: 'counter', contains: 'default' },
  { name: 'vus', type: 'gauge', contains: 'default' },
  { name: 'vus_max', type: 'gauge', contains: 'default' },
  { name: 'ws_connecting', type: 'trend', contains: 'time' },
  { name: 'ws_msgs_received', type: 'counter', contains: 'default' },
  { name: 'ws_msgs_sent', type: 'counter', contains: 'default' },
  { name: 'ws_ping', type: 'trend', contains: 'time' },
  { name: 'ws_session_duration', type: 'trend', contains: 'time' },
  { name: 'ws_sessions', type: 'counter', contains: 'default' },
  { name: 'grpc_req_duration', type: 'trend', contains: 'time' },
  { name: 'grpc_streams', type: 'counter', contains: 'default' },
  { name: 'grpc_streams_msgs_received', type: 'counter', contains: 'default' },
  { name: 'grpc_streams_msgs_sent', type: 'counter', contains: 'default' },
];

/** k6's default system tags (options.systemTags replaces this set). */
export const DEFAULT_SYSTEM_TAGS: readonly string[] = [
  'proto', 'subproto', 'status', 'method', 'url', 'name', 'group', 'check', 'error', 'error_code',
  'tls_version', 'scenario', 'service', 'expected_response',
];
