/** `stampede run`: flags → runTest → exit code, with a progress line on a TTY. */
import { createWriteStream } from 'node:fs';
import { runTest, checkWritable } from '../../run/index.ts';
import { parseRunArgs, type RunFlags } from '../args.ts';
import { isArchivePath, extractArchive } from '../../script/archive.ts';
import { typecheckForCli } from './check.ts';
import { RUN_HELP } from '../help.ts';
import { renderProgressBlock, renderProgressLine, PLAIN_PROGRESS_EVERY_MS } from '../progress.ts';
import type { RunProgress, DistributedRequest } from '../../run/index.ts';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import type { CliContext } from '../context.ts';
import { parseApiAddress, DEFAULT_API_ADDRESS } from '../../api/index.ts';
import { outputSpecs } from '../../outputs/index.ts';
import { setUpLogging } from '../log-setup.ts';
import { withConfigFile } from '../config-layer.ts';
import { secretSources } from '../secret-layer.ts';
import { probesFromFlags } from '../probe-layer.ts';

/** `stampede run`; with `distributed`, `stampede coordinator` (the same flags, the scenarios on agents). */
export async function runCommand(argv: string[], ctx: CliContext, distributed?: DistributedRequest): Promise<number> {
  const flags = parseRunArgs(argv);
  if (flags.help) { ctx.stdout(`${RUN_HELP}\n`); return ExitCode.ok; }
  if (!flags.script) throw new ConfigError(['run: missing the script to run'], 'usage: stampede run [flags] script.js');
  // stampede run test.tar: the archive's files in a temporary folder, its options under these flags
  const archive = isArchivePath(flags.script) ? extractArchive(flags.script) : undefined;
  try {
    const runFlags: RunFlags = archive
      ? { ...flags, script: archive.entryPath, options: { ...archive.metadata.cliOptions, ...flags.options }, env: { ...archive.metadata.env, ...flags.env } }
      : flags;
    if (flags.typecheck && !(await typecheckForCli(runFlags.script ?? '', ctx))) return ExitCode.scriptException;
    return await runWithFlags(runFlags, ctx, flags.script, distributed);
  } finally {
    archive?.cleanup();
  }
}

async function runWithFlags(flags: RunFlags, ctx: CliContext, scriptLabel: string, distributed: DistributedRequest | undefined): Promise<number> {
  if (!flags.script) throw new ConfigError(['run: missing the script to run']);

  const history = flags.noHistory || truthy(ctx.env.STAMPEDE_NO_HISTORY) ? undefined
    : { dir: ctx.env.STAMPEDE_HISTORY_DIR || '.stampede', baseline: flags.baseline, maxRegressionPct: flags.maxRegressionPct };
  const reportFile = flags.report ?? (ctx.env.K6_WEB_DASHBOARD_EXPORT || undefined);
  const onWorkerLoss = flags.onWorkerLoss ?? workerLossFromEnv(ctx.env.STAMPEDE_ON_WORKER_LOSS);
  const cliOptions = withConfigFile(flags.options, flags.configFile, ctx);
  const secrets = secretSources(flags.secretSources, ctx);
  const probes = probesFromFlags(flags.probes, flags.probeEvery, ctx);
  // log lines: --log-output, --log-format, --verbose, colours (clearProgress is defined below, called later)
  const logging = setUpLogging(flags, ctx, () => clearProgress());
  // every file the run will write, before anything runs (the --out files are opened by the outputs)
  checkWritable([
    ...(logging.file ? [{ flag: '--log-output', file: logging.file }] : []),
    ...(flags.summaryExport ? [{ flag: '--summary-export', file: flags.summaryExport }] : []),
    ...(flags.consoleOutput ? [{ flag: '--console-output', file: flags.consoleOutput }] : []),
    ...(reportFile ? [{ flag: flags.report ? '--report' : 'K6_WEB_DASHBOARD_EXPORT', file: reportFile }] : []),
    ...(flags.junit ? [{ flag: '--junit', file: flags.junit }] : []),
    ...(history ? [{ flag: ctx.env.STAMPEDE_HISTORY_DIR ? 'STAMPEDE_HISTORY_DIR' : 'the run history (--no-history skips it)', file: history.dir, folder: true }] : []),
  ]);
  const consoleFile = flags.consoleOutput ? createWriteStream(flags.consoleOutput, { flags: 'a' }) : undefined;
  // a write that fails later (disk full) loses console lines, not the run
  consoleFile?.on('error', (err) => ctx.stderr(`ERRO --console-output ${flags.consoleOutput}: ${err.message}; console output from here on is lost\n`));
  // On a TTY the progress block is redrawn in place; anything else printed first erases it.
  const tty = ctx.isStdErrTTY;
  let shownLines = 0;
  const clearProgress = () => { if (shownLines > 0) { ctx.stderr(`\x1b[${shownLines}F\x1b[J`); shownLines = 0; } };
  /** when the last plain status line was printed; the clock starts with the first report (the test's start) */
  let lastPlainAt: number | undefined;
  const onProgress = (p: RunProgress) => {
    if (tty) {
      const lines = renderProgressBlock(p);
      clearProgress();
      ctx.stderr(`${lines.join('\n')}\n`);
      // the final block stays on screen above the summary
      shownLines = p.final ? 0 : lines.length;
    } else if (lastPlainAt === undefined && !p.final) {
      lastPlainAt = Date.now();
    } else if (p.final || Date.now() - (lastPlainAt ?? 0) >= PLAIN_PROGRESS_EVERY_MS) {
      lastPlainAt = Date.now();
      ctx.stderr(`${renderProgressLine(p)}\n`);
    }
  };
  const stderr = (text: string) => {
    if (consoleFile && text.includes(' source=console')) { consoleFile.write(text); return; }
    if (logging.route(text)) return;
    clearProgress();
    ctx.stderr(text);
  };
  const api = { address: parseApiAddress(flags.address ?? DEFAULT_API_ADDRESS), explicit: flags.address !== undefined, token: flags.apiToken ?? ctx.env.STAMPEDE_API_TOKEN };
  const env = { ...(flags.includeSystemEnv ? definedOnly(ctx.env) : {}), ...flags.env };
  const result = await runTest({
    scriptPath: flags.script,
    cliOptions,
    env,
    processEnv: ctx.env,
    summaryExport: flags.summaryExport,
    noSummary: flags.noSummary,
    noThresholds: flags.noThresholds,
    thresholdsRequireData: flags.thresholdsRequireData,
    workers: flags.workers ?? envWorkers(ctx.env.STAMPEDE_WORKERS),
    outputs: outputSpecs(flags.out, ctx.env),
    scriptLabel,
    artifacts: { reportFile, junitFile: flags.junit, history },
    onWorkerLoss,
    dashboard: flags.dashboard || truthy(ctx.env.K6_WEB_DASHBOARD)
      ? { host: ctx.env.K6_WEB_DASHBOARD_HOST || '127.0.0.1', port: dashboardPort(ctx.env.K6_WEB_DASHBOARD_PORT) }
      : undefined,
    httpDebug: flags.httpDebug,
    verbose: flags.verbose,
    secrets,
    probes,
    probesRequired: flags.probesRequired,
    allowExec: flags.allowExec,
    chaosApi: flags.chaosApi === undefined ? undefined : parseApiAddress(flags.chaosApi, '--chaos-api'),
    api,
    signal: ctx.signal,
    io: { stdout: (t) => { clearProgress(); ctx.stdout(t); }, stderr, isStdOutTTY: ctx.isStdOutTTY && logging.summaryColors, isStdErrTTY: ctx.isStdErrTTY },
    onProgress: flags.quiet ? undefined : onProgress,
    distributed,
  });
  if (consoleFile) await new Promise<void>((r) => consoleFile.end(() => r()));
  if (result.error) logging.error(result.error);
  await logging.close();
  return result.exitCode;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** STAMPEDE_WORKERS=N, when set to a positive integer. */
function envWorkers(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^[1-9]\d*$/.test(v.trim())) throw new ConfigError([`STAMPEDE_WORKERS: must be a positive integer, got ${JSON.stringify(v)}`]);
  return Number(v);
}

/** STAMPEDE_ON_WORKER_LOSS=stop|continue */
function workerLossFromEnv(v: string | undefined): 'stop' | 'continue' | undefined {
  if (v === undefined || v === '') return undefined;
  if (v !== 'stop' && v !== 'continue') throw new ConfigError([`STAMPEDE_ON_WORKER_LOSS: expected stop or continue, got ${JSON.stringify(v)}`]);
  return v;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes)$/i.test(v.trim());
}

/** K6_WEB_DASHBOARD_PORT (default 5665, k6's; 0 picks a free port). */
function dashboardPort(v: string | undefined): number {
  if (v === undefined || v === '') return 5665;
  if (!/^\d+$/.test(v.trim()) || Number(v) > 65535) throw new ConfigError([`K6_WEB_DASHBOARD_PORT: must be a port number, got ${JSON.stringify(v)}`]);
  return Number(v);
}
