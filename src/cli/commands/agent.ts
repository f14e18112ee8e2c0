/**
 * `stampede agent --coordinator URL [--token T] [--index N] [--workers N]`:
 * one instance of a distributed run (run/agent-run.ts). It exits with the
 * run's exit code as the coordinator gave it, so a Kubernetes Job of agents
 * fails when the test fails.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { parseDurationMs } from '../../lib/index.ts';
import { runAgent } from '../../run/index.ts';
import { AGENT_PATH } from '../../distributed/index.ts';
import { takeFlags, positiveInt } from '../take-flags.ts';
import { AGENT_HELP } from '../help.ts';
import type { CliContext } from '../context.ts';

export async function agentCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { taken, rest } = takeFlags(argv, ['coordinator', 'token', 'index', 'workers', 'ca', 'connect-timeout'], ['help']);
  if (taken.help || rest.includes('-h')) { ctx.stdout(`${AGENT_HELP}\n`); return ExitCode.ok; }
  const problems: string[] = [];
  if (rest.length > 0) problems.push(`agent: unexpected ${rest.map((r) => JSON.stringify(r)).join(' ')} (the coordinator sends the script and its flags)`);
  const str = (name: string) => (typeof taken[name] === 'string' ? taken[name] as string : undefined);
  const given = str('coordinator') ?? ctx.env.STAMPEDE_COORDINATOR;
  let coordinator = '';
  if (!given) problems.push('--coordinator: the coordinator\'s address is required, e.g. --coordinator ws://10.0.0.4:6570 (or STAMPEDE_COORDINATOR)');
  else {
    try { coordinator = coordinatorUrl(given); } catch { problems.push(`--coordinator: expected ws://host:port, wss://host:port or host:port, got ${JSON.stringify(given)}`); }
  }
  // a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX: each pod asks for its own segment
  const indexText = str('index') ?? (ctx.env.STAMPEDE_AGENT_INDEX || ctx.env.JOB_COMPLETION_INDEX || undefined);
  let index: number | undefined;
  if (indexText !== undefined) {
    if (/^\d+$/.test(indexText.trim())) index = Number(indexText);
    else problems.push(`--index: expected 0, 1, 2 …, got ${JSON.stringify(indexText)}`);
  }
  const workersText = str('workers') ?? (ctx.env.STAMPEDE_WORKERS || undefined);
  const workers = workersText === undefined ? undefined : positiveInt(workersText, '--workers', problems);
  const timeoutText = str('connect-timeout') ?? '2m';
  const connectTimeoutMs = parseDurationMs(timeoutText) ?? 0;
  if (connectTimeoutMs <= 0) problems.push(`--connect-timeout: expected a duration such as 30s, got ${JSON.stringify(timeoutText)}`);
  let ca: Buffer | undefined;
  const caFile = str('ca');
  if (caFile) {
    try { ca = readFileSync(caFile); } catch (err) { problems.push(`--ca: cannot read ${caFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`); }
  }
  if (problems.length > 0) throw new ConfigError(problems, 'stampede agent --help lists the flags');
  const result = await runAgent({
    coordinator, token: str('token') ?? (ctx.env.STAMPEDE_TOKEN || undefined), ca, index, workers, connectTimeoutMs, signal: ctx.signal,
    io: { stdout: ctx.stdout, stderr: ctx.stderr, isStdOutTTY: false, isStdErrTTY: false },
  });
  if (result.error) ctx.stderr(`ERRO ${result.error.message}\n`);
  return result.exitCode;
}

/** ws://host:port/agent from what a user types: host:port, http(s)://, ws(s)://, with or without the path. */
export function coordinatorUrl(text: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(text) ? text : `ws://${text}`;
  const url = new URL(withScheme.replace(/^http(s?):/i, 'ws$1:'));
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error('scheme');
  if (url.pathname === '/' || url.pathname === '') url.pathname = AGENT_PATH;
  return url.toString();
}
