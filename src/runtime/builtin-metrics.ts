import { EMITTED_BUILTIN_METRICS, type MetricDefinition } from '../metrics/index.ts';

/**
 * The built-in metrics a VU worker defines before the script runs: every
 * one Stampede records, k6's and its own (script_errors,
 * iteration_lateness), from metrics/'s one registry.
 */
export const BUILTIN_METRICS: readonly MetricDefinition[] = EMITTED_BUILTIN_METRICS;

/** k6's default system tags (options.systemTags replaces this set). */
export const DEFAULT_SYSTEM_TAGS: readonly string[] = [
  'proto', 'subproto', 'status', 'method', 'url', 'name', 'group', 'check', 'error', 'error_code',
  'tls_version', 'scenario', 'service', 'expected_response',
];
