/**
 * `stampede run` flags → k6 options (the CLI layer of the option merge) plus
 * the flags that are not options. k6's flag names and meanings.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors/index.ts';
import { parseStages } from '../config/index.ts';
import type { Options } from '../config/options.ts';

export interface RunFlags {
  script?: string;
  options: Options;
  env: Record<string, string>;
  summaryExport?: string;
  noSummary: boolean;
  noThresholds: boolean;
  thresholdsRequireData: boolean;
  quiet: boolean;
  httpDebug: '' | 'headers' | 'full';
  consoleOutput?: string;
  includeSystemEnv: boolean;
  help: boolean;
  /** --typecheck: type-check the script (stampede check) before anything runs */
  typecheck: boolean;
  /** --address host:port, when given */
  address?: string;
  apiToken?: string;
  /** --workers N (VU worker threads) */
  workers?: number;
  /** --out name[=arg], repeatable, as typed (parsed by outputs/) */
  out: string[];
  /** --report FILE: the self-contained HTML report */
  report?: string;
  /** --dashboard: serve the live web dashboard */
  dashboard: boolean;
  /** --junit FILE */
  junit?: string;
  /** --no-history: do not save the run */
  noHistory: boolean;
  /** --baseline RUN|last|last-passed */
  baseline?: string;
  /** --max-regression 10% (percent) */
  maxRegressionPct?: number;
  /** --on-worker-loss stop|continue */
  onWorkerLoss?: 'stop' | 'continue';
  /** -c/--config FILE: k6's JSON options file (above the script, below env and flags) */
  configFile?: string;
  /** -v/--verbose: debug log lines on */
  verbose: boolean;
  /** --no-color */
  noColor: boolean;
  /** --log-output, when given */
  logOutput?: LogOutput;
  /** --log-format, when given */
  logFormat?: LogFormat;
  /** --secret-source values, as typed (read by cli/secret-layer.ts) */
  secretSources: string[];
  /** --probe values, as typed (read by cli/probe-layer.ts) */
  probes: string[];
  /** --probe-every */
  probeEvery?: string;
  /** --probes-required */
  probesRequired: boolean;
  /** --allow-exec: chaos exec steps may run commands */
  allowExec: boolean;
  /** --chaos-api HOST:PORT, as typed */
  chaosApi?: string;
}

/** Where log lines go (k6's --log-output; loki is refused). */
export type LogOutput = { to: 'stderr' | 'stdout' | 'none' } | { to: 'file'; path: string };
/** k6's --log-format: text (default), json (one object per line) or raw (the message only). */
export type LogFormat = 'text' | 'json' | 'raw';

/** Reads a --log-output / K6_LOG_OUTPUT value; a problem (named `name`) when it is not one Stampede writes. */
export function parseLogOutput(value: string, name: string, problems: string[]): LogOutput | undefined {
  const v = value.trim();
  if (v === 'stderr' || v === 'stdout' || v === 'none') return { to: v };
  if (v.startsWith('file=') && v.length > 'file='.length) return { to: 'file', path: v.slice('file='.length).replace(/,level=\w+$/, '') };
  if (v === 'loki' || v.startsWith('loki=')) problems.push(`${name}: loki is not supported; use stderr, stdout, none or file=PATH (and ship the file to Loki)`);
  else problems.push(`${name}: expected stderr, stdout, none or file=PATH, got ${JSON.stringify(value)}`);
  return undefined;
}

/** Reads a --log-format / K6_LOG_FORMAT value. */
export function parseLogFormat(value: string, name: string, problems: string[]): LogFormat | undefined {
  const v = value.trim();
  if (v === '' || v === 'text') return 'text';
  if (v === 'json' || v === 'raw') return v;
  problems.push(`${name}: expected text, json or raw, got ${JSON.stringify(value)}`);
  return undefined;
}

const RUN_OPTIONS = {
  vus: { type: 'string', short: 'u' },
  duration: { type: 'string', short: 'd' },
  iterations: { type: 'string', short: 'i' },
  stage: { type: 'string', short: 's', multiple: true },
  env: { type: 'string', short: 'e', multiple: true },
  tag: { type: 'string', multiple: true },
  'summary-export': { type: 'string' },
  'summary-trend-stats': { type: 'string' },
  'summary-time-unit': { type: 'string' },
  'no-summary': { type: 'boolean' },
  'no-thresholds': { type: 'boolean' },
  'no-setup': { type: 'boolean' },
  'no-teardown': { type: 'boolean' },
  'execution-segment': { type: 'string' },
  'execution-segment-sequence': { type: 'string' },
  'thresholds-require-data': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'http-debug': { type: 'string' },
  'console-output': { type: 'string' },
  'on-worker-loss': { type: 'string' },
  'include-system-env-vars': { type: 'string' },
  'discard-response-bodies': { type: 'boolean' },
  'insecure-skip-tls-verify': { type: 'boolean' },
  'user-agent': { type: 'string' },
  'max-redirects': { type: 'string' },
  'no-connection-reuse': { type: 'boolean' },
  throw: { type: 'boolean', short: 'w' },
  help: { type: 'boolean', short: 'h' },
  typecheck: { type: 'boolean' },
  address: { type: 'string', short: 'a' },
  'api-token': { type: 'string' },
  paused: { type: 'boolean', short: 'p' },
  workers: { type: 'string' },
  out: { type: 'string', short: 'o', multiple: true },
  report: { type: 'string' },
  dashboard: { type: 'boolean' },
  junit: { type: 'string' },
  'no-history': { type: 'boolean' },
  baseline: { type: 'string' },
  'max-regression': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'system-tags': { type: 'string', multiple: true },
  exemplars: { type: 'string' },
  'exemplar-headers': { type: 'string', multiple: true },
  rps: { type: 'string' },
  batch: { type: 'string' },
  'batch-per-host': { type: 'string' },
  'min-iteration-duration': { type: 'string' },
  dns: { type: 'string' },
  'blacklist-ip': { type: 'string', multiple: true },
  'block-hostnames': { type: 'string', multiple: true },
  'local-ips': { type: 'string' },
  linger: { type: 'boolean', short: 'l' },
  verbose: { type: 'boolean', short: 'v' },
  'no-color': { type: 'boolean' },
  'log-output': { type: 'string' },
  'log-format': { type: 'string' },
  'secret-source': { type: 'string', multiple: true },
  probe: { type: 'string', multiple: true },
  'probe-every': { type: 'string' },
  'probes-required': { type: 'boolean' },
  'allow-exec': { type: 'boolean' },
  'chaos-api': { type: 'string' },
} as const;

/** Flags that may stand alone or take `=value` (k6: `--http-debug[=full]`). */
function normaliseOptionalValues(argv: string[]): string[] {
  return argv.map((a) => {
    if (a === '--http-debug') return '--http-debug=headers';
    if (a === '--include-system-env-vars') return '--include-system-env-vars=true';
    return a;
  });
}

function int(flag: string, v: string | undefined, problems: string[]): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) { problems.push(`--${flag}: must be a non-negative integer, got ${JSON.stringify(v)}`); return undefined; }
  return Number(v);
}

function keyValues(flag: string, list: string[] | undefined, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) { problems.push(`--${flag}: expected KEY=VALUE, got ${JSON.stringify(item)}`); continue; }
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** A comma list, from one or more (repeated) flags. */
function list(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '');
}

/**
 * The flags that set one k6 option each (the same option the script or a K6_
 * variable would set; validation and the "not supported" warnings of
 * blacklistIPs, localIPs and linger come from config/, as for the option).
 */
function readLoadFlags(v: Record<string, string | boolean | string[] | undefined>, options: Options, problems: string[]): void {
  const str = (k: string) => v[k] as string | undefined;
  const systemTags = list(v['system-tags'] as string[] | undefined);
  if (systemTags) options.systemTags = systemTags;
  for (const [flag, option] of [['rps', 'rps'], ['batch', 'batch'], ['batch-per-host', 'batchPerHost']] as const) {
    const n = int(flag, str(flag), problems);
    if (n !== undefined) options[option] = n;
  }
  if (str('min-iteration-duration') !== undefined) options.minIterationDuration = str('min-iteration-duration');
  if (str('dns') !== undefined) options.dns = str('dns');
  const blacklist = list(v['blacklist-ip'] as string[] | undefined);
  if (blacklist) options.blacklistIPs = blacklist;
  const exemplars = int('exemplars', str('exemplars'), problems);
  if (exemplars !== undefined) options.exemplars = exemplars;
  const exemplarHeaders = list(v['exemplar-headers'] as string[] | undefined);
  if (exemplarHeaders) options.exemplarHeaders = exemplarHeaders;
  const blocked = list(v['block-hostnames'] as string[] | undefined);
  if (blocked) options.blockHostnames = blocked;
  if (str('local-ips') !== undefined) options.localIPs = str('local-ips');
  if (v.linger) options.linger = true;
}

/** Parses `run` arguments; bad flags throw one ConfigError listing every problem (exit 104). */
export function parseRunArgs(argv: string[]): RunFlags {
  let parsed;
  try {
    parsed = parseArgs({ args: normaliseOptionalValues(argv), options: RUN_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new ConfigError([(err as Error).message.replace(/^Unknown option '(.*?)'.*$/s, "unknown flag $1")], 'see `stampede run --help` for the flags k6 users know');
  }
  const v = parsed.values;
  const problems: string[] = [];
  const options: Options = {};
  const vus = int('vus', v.vus, problems);
  if (vus !== undefined) options.vus = vus;
  if (v.duration !== undefined) options.duration = v.duration;
  const iterations = int('iterations', v.iterations, problems);
  if (iterations !== undefined) options.iterations = iterations;
  if (v.stage?.length) {
    const parsedStages = parseStages(v.stage, '--stage');
    options.stages = parsedStages.stages;
    problems.push(...parsedStages.problems);
  }
  const tags = keyValues('tag', v.tag, problems);
  if (Object.keys(tags).length) options.tags = tags;
  if (v['summary-trend-stats'] !== undefined) options.summaryTrendStats = v['summary-trend-stats'].split(',').map((s) => s.trim()).filter(Boolean);
  if (v['summary-time-unit'] !== undefined) options.summaryTimeUnit = v['summary-time-unit'];
  if (v['discard-response-bodies']) options.discardResponseBodies = true;
  if (v['insecure-skip-tls-verify']) options.insecureSkipTLSVerify = true;
  if (v['user-agent'] !== undefined) options.userAgent = v['user-agent'];
  const maxRedirects = int('max-redirects', v['max-redirects'], problems);
  if (maxRedirects !== undefined) options.maxRedirects = maxRedirects;
  if (v['no-connection-reuse']) options.noConnectionReuse = true;
  if (v.throw) options.throw = true;
  if (v.paused) options.paused = true;
  if (v['no-setup']) options.noSetup = true;
  if (v['no-teardown']) options.noTeardown = true;
  if (v['execution-segment'] !== undefined) options.executionSegment = v['execution-segment'];
  if (v['execution-segment-sequence'] !== undefined) options.executionSegmentSequence = v['execution-segment-sequence'];
  const workers = int('workers', v.workers, problems);
  if (workers === 0) problems.push('--workers: must be at least 1');
  const httpDebug = v['http-debug'];
  if (httpDebug !== undefined && httpDebug !== 'headers' && httpDebug !== 'full') problems.push(`--http-debug: expected nothing or "full", got ${JSON.stringify(httpDebug)}`);
  const includeEnv = v['include-system-env-vars'] ?? 'true';
  if (includeEnv !== 'true' && includeEnv !== 'false') problems.push(`--include-system-env-vars: expected true or false, got ${JSON.stringify(includeEnv)}`);
  if (parsed.positionals.length > 1) problems.push(`run takes one script, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  const env = keyValues('env', v.env, problems);
  let maxRegressionPct: number | undefined;
  if (v['max-regression'] !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(v['max-regression']);
    if (!m) problems.push(`--max-regression: expected a percentage such as 10%, got ${JSON.stringify(v['max-regression'])}`);
    else maxRegressionPct = Number(m[1]);
  }
  if (v.baseline !== undefined && v['no-history']) problems.push('--baseline: needs the run history; drop --no-history');
  const onWorkerLoss = v['on-worker-loss'];
  if (onWorkerLoss !== undefined && onWorkerLoss !== 'stop' && onWorkerLoss !== 'continue') problems.push(`--on-worker-loss: expected stop or continue, got ${JSON.stringify(onWorkerLoss)}`);
  readLoadFlags(v, options, problems);
  const logOutput = v['log-output'] === undefined ? undefined : parseLogOutput(v['log-output'], '--log-output', problems);
  const logFormat = v['log-format'] === undefined ? undefined : parseLogFormat(v['log-format'], '--log-format', problems);
  if (v.config !== undefined && v.config.trim() === '') problems.push('--config: expected a file name');
  if (problems.length) throw new ConfigError(problems, 'see `stampede run --help`');
  return {
    script: parsed.positionals[0],
    options,
    env,
    summaryExport: v['summary-export'],
    noSummary: Boolean(v['no-summary']),
    noThresholds: Boolean(v['no-thresholds']),
    thresholdsRequireData: Boolean(v['thresholds-require-data']),
    quiet: Boolean(v.quiet),
    httpDebug: (httpDebug ?? '') as RunFlags['httpDebug'],
    consoleOutput: v['console-output'],
    includeSystemEnv: includeEnv !== 'false',
    help: Boolean(v.help),
    typecheck: Boolean(v.typecheck),
    address: v.address,
    apiToken: v['api-token'],
    workers,
    out: v.out ?? [],
    report: v.report,
    dashboard: Boolean(v.dashboard),
    junit: v.junit,
    noHistory: Boolean(v['no-history']),
    baseline: v.baseline,
    maxRegressionPct,
    onWorkerLoss: onWorkerLoss as RunFlags['onWorkerLoss'],
    configFile: v.config,
    verbose: Boolean(v.verbose),
    noColor: Boolean(v['no-color']),
    logOutput,
    logFormat,
    secretSources: v['secret-source'] ?? [],
    probes: v.probe ?? [],
    probeEvery: v['probe-every'],
    probesRequired: Boolean(v['probes-required']),
    allowExec: Boolean(v['allow-exec']),
    chaosApi: v['chaos-api'],
  };
}
