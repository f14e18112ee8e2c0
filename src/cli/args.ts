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
  };
}
