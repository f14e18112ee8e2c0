/**
 * The types of k6's built-in metrics, so thresholds on them can be checked
 * before the run starts even when no metric registry is at hand yet.
 * (The runtime owns the metric definitions it emits; these names and types
 * are k6's and do not change.)
 */
import type { MetricType } from '../types.ts';

/**
 * k6 built-in metric name → metric type: the core's, and those of the
 * k6/net/grpc and k6/browser modules, so a threshold on any of them is
 * accepted even when the script does not import that module.
 */
export const K6_BUILTIN_METRIC_TYPES: Readonly<Record<string, MetricType>> = Object.freeze({
  checks: 'rate',
  data_received: 'counter',
  data_sent: 'counter',
  dropped_iterations: 'counter',
  group_duration: 'trend',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_duration: 'trend',
  http_req_failed: 'rate',
  http_req_receiving: 'trend',
  http_req_sending: 'trend',
  http_req_tls_handshaking: 'trend',
  http_req_waiting: 'trend',
  http_reqs: 'counter',
  iteration_duration: 'trend',
  iterations: 'counter',
  vus: 'gauge',
  vus_max: 'gauge',
  ws_connecting: 'trend',
  ws_msgs_received: 'counter',
  ws_msgs_sent: 'counter',
  ws_ping: 'trend',
  ws_session_duration: 'trend',
  ws_sessions: 'counter',
  grpc_req_duration: 'trend',
  grpc_streams: 'counter',
  grpc_streams_msgs_received: 'counter',
  grpc_streams_msgs_sent: 'counter',
  browser_data_received: 'counter',
  browser_data_sent: 'counter',
  browser_http_req_duration: 'trend',
  browser_http_req_failed: 'rate',
  browser_web_vital_cls: 'trend',
  browser_web_vital_fcp: 'trend',
  browser_web_vital_fid: 'trend',
  browser_web_vital_inp: 'trend',
  browser_web_vital_lcp: 'trend',
  browser_web_vital_ttfb: 'trend',
});
