/**
 * `stampede coordinator --instances N [--listen HOST:PORT] [run flags] script`:
 * a run whose scenarios execute on N agents (`stampede agent`), each on its
 * execution segment, with one setup(), one teardown(), thresholds judged on
 * everyone's merged data, and one summary, report, history entry and exit
 * code (run/remote-load.ts).
 */
import { readFileSync } from 'node:fs';
import { parseApiAddress } from '../../api/index.ts';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { parseDurationMs } from '../../lib/index.ts';
import type { DistributedRequest } from '../../run/index.ts';
import { runCommand } from './run.ts';
import { takeFlags, positiveInt } from '../take-flags.ts';
import { COORDINATOR_HELP } from '../help.ts';
import type { CliContext } from '../context.ts';

/** Where agents connect by default: every interface (a pod's Service), Stampede's own port. */
export const DEFAULT_COORDINATOR_LISTEN = '0.0.0.0:6570';
const DEFAULT_AGENT_TIMEOUT = '2m';

export async function coordinatorCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { taken, rest } = takeFlags(argv, ['instances', 'listen', 'token', 'on-agent-loss', 'agent-timeout', 'tls-cert', 'tls-key']);
  if (rest.includes('--help') || rest.includes('-h')) { ctx.stdout(`${COORDINATOR_HELP}\n`); return ExitCode.ok; }
  return runCommand(rest, ctx, distributedRequest(taken, ctx.env));
}

/** The coordinator's flags (and STAMPEDE_TOKEN, STAMPEDE_ON_AGENT_LOSS), every problem at once. */
export function distributedRequest(taken: Record<string, string | true>, env: Record<string, string | undefined>): DistributedRequest {
  const problems: string[] = [];
  const str = (name: string) => (typeof taken[name] === 'string' ? taken[name] as string : undefined);
  const instancesText = str('instances');
  const instances = instancesText === undefined ? (problems.push('--instances: how many agents run the test is required, e.g. --instances 3'), 1) : positiveInt(instancesText, '--instances', problems) ?? 1;
  let listen = { host: '0.0.0.0', port: 6570 };
  try {
    const a = parseApiAddress(str('listen') ?? DEFAULT_COORDINATOR_LISTEN, '--listen');
    listen = { host: a.host, port: a.port };
  } catch (err) {
    problems.push(...((err as ConfigError).problems ?? [(err as Error).message]));
  }
  const onAgentLoss = str('on-agent-loss') ?? (env.STAMPEDE_ON_AGENT_LOSS || 'abort');
  if (onAgentLoss !== 'abort' && onAgentLoss !== 'continue') problems.push(`--on-agent-loss: expected abort or continue, got ${JSON.stringify(onAgentLoss)}`);
  const joinTimeoutMs = parseDurationMs(str('agent-timeout') ?? DEFAULT_AGENT_TIMEOUT) ?? 0;
  if (joinTimeoutMs <= 0) problems.push(`--agent-timeout: expected a duration such as 90s or 5m, got ${JSON.stringify(str('agent-timeout'))}`);
  const certFile = str('tls-cert');
  const keyFile = str('tls-key');
  let tls: DistributedRequest['tls'];
  if ((certFile === undefined) !== (keyFile === undefined)) problems.push('--tls-cert and --tls-key: give both (the certificate and its private key) or neither');
  else if (certFile && keyFile) {
    try {
      tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
    } catch (err) {
      problems.push(`--tls-cert/--tls-key: cannot read ${(err as NodeJS.ErrnoException).path ?? ''}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  const token = str('token') ?? (env.STAMPEDE_TOKEN || undefined);
  if (problems.length > 0) throw new ConfigError(problems, 'stampede coordinator --help lists the flags');
  return { instances, listen, token, tls, onAgentLoss: onAgentLoss as DistributedRequest['onAgentLoss'], joinTimeoutMs };
}
