/** `stampede run`: flags → runTest → exit code, with a progress line on a TTY. */
import { createWriteStream } from 'node:fs';
import { runTest } from '../../test-run.ts';
import { parseRunArgs } from '../args.ts';
import { RUN_HELP } from '../help.ts';
import { formatProgress } from '../progress.ts';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import type { CliContext } from '../context.ts';
import { reportError } from '../context.ts';
import { parseApiAddress, DEFAULT_API_ADDRESS } from '../../api/index.ts';

export async function runCommand(argv: string[], ctx: CliContext): Promise<number> {
  const flags = parseRunArgs(argv);
  if (flags.help) { ctx.stdout(`${RUN_HELP}\n`); return ExitCode.ok; }
  if (!flags.script) throw new ConfigError(['run: missing the script to run'], 'usage: stampede run [flags] script.js');

  const consoleFile = flags.consoleOutput ? createWriteStream(flags.consoleOutput, { flags: 'a' }) : undefined;
  const showProgress = ctx.isStdErrTTY && !flags.quiet;
  let progressShown = false;
  const clearProgress = () => { if (progressShown) { ctx.stderr('\r\x1b[2K'); progressShown = false; } };
  const stderr = (text: string) => {
    if (consoleFile && text.includes(' source=console')) { consoleFile.write(text); return; }
    clearProgress();
    ctx.stderr(text);
  };
  const api = { address: parseApiAddress(flags.address ?? DEFAULT_API_ADDRESS), explicit: flags.address !== undefined, token: flags.apiToken ?? ctx.env.STAMPEDE_API_TOKEN };
  const env = { ...(flags.includeSystemEnv ? definedOnly(ctx.env) : {}), ...flags.env };
  const result = await runTest({
    scriptPath: flags.script,
    cliOptions: flags.options,
    env,
    processEnv: ctx.env,
    summaryExport: flags.summaryExport,
    noSummary: flags.noSummary,
    noThresholds: flags.noThresholds,
    thresholdsRequireData: flags.thresholdsRequireData,
    httpDebug: flags.httpDebug,
    api,
    signal: ctx.signal,
    io: { stdout: (t) => { clearProgress(); ctx.stdout(t); }, stderr, isStdOutTTY: ctx.isStdOutTTY, isStdErrTTY: ctx.isStdErrTTY },
    onProgress: showProgress ? (p) => { ctx.stderr(`\r\x1b[2K${formatProgress(p)}`); progressShown = true; } : undefined,
  });
  clearProgress();
  if (consoleFile) await new Promise<void>((r) => consoleFile.end(() => r()));
  if (result.error) reportError(ctx, result.error);
  return result.exitCode;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
