/**
 * Service probes (issue #16): what a probe is once its options are read,
 * and what a source gives back each time it is sampled. Sources (sources/)
 * know their server and nothing of metrics; the sampler turns readings into
 * `probe_<name>` gauge samples on the run's clock.
 */

/** One number a probe read, with the tags that tell it apart from the probe's other series (a BullMQ state, a Prometheus series' labels, a row's text columns). */
export interface ProbeReading {
  value: number;
  tags?: Readonly<Record<string, string>>;
}

/** An open connection to what a probe samples. `read` may be called again before nothing else is pending; it rejects with an Error whose message names the cause without secrets. */
export interface ProbeSource {
  read(signal: AbortSignal): Promise<ProbeReading[]>;
  close(): Promise<void>;
}

/** TLS settings for a probe's HTTPS server (Prometheus, HTTP). */
export interface ProbeTls {
  /** PEM text of the CA to trust */
  ca?: string;
  /** skip certificate verification */
  insecureSkipVerify?: boolean;
}

export type ProbeSourceSpec =
  /** a Redis command whose reply is a number (LLEN, ZCARD, GET of a counter, …) */
  | { kind: 'redis'; url: string; command: string[] }
  /** one field of INFO: `section.field` (`memory.used_memory`) or just `field` */
  | { kind: 'redis'; url: string; info: string }
  /** a BullMQ queue's job counts: one series per state (waiting, active, delayed, prioritized, waiting-children, failed, completed), tag `state` */
  | { kind: 'redis'; url: string; bullmq: string; prefix?: string }
  /** a SQL query: one number, or one series per row (numeric columns are values, text columns tags) */
  | { kind: 'postgres'; url: string; query: string }
  /** a PromQL instant query: a scalar, or one series per vector element (its labels as tags) */
  | { kind: 'prometheus'; url: string; query: string; headers?: Record<string, string>; tls?: ProbeTls }
  /** any HTTP endpoint: a number at a JSON path (`queue.depth`), or a Prometheus text-format metric by name (one series per label set) */
  | { kind: 'http'; url: string; json?: string; metric?: string; headers?: Record<string, string>; tls?: ProbeTls };

export interface DrainSpec {
  /** `value == 0`, `value < 10`, … over the probe's value (the sum of its series) */
  until: string;
  timeoutMs: number;
  /** a chaos fault's name: the drain is timed from the end of that fault's window (during the load) instead of the end of the load */
  after?: string;
}

export interface ProbeSpec {
  /** the key in options.probes; the metric is `probe_<name>` */
  name: string;
  source: ProbeSourceSpec;
  everyMs: number;
  /** a read slower than this is an error (default: every, at most 10 s) */
  timeoutMs: number;
  drain?: DrainSpec;
}
