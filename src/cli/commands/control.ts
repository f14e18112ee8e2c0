/**
 * `stampede status | pause | resume | scale | stop`: control a running test
 * through its REST API (k6's commands of the same names). Prints the status
 * the test answers with.
 */
import { parseArgs } from 'node:util';
import { callStatus, formatStatus, parseApiAddress, DEFAULT_API_ADDRESS, type StatusChange } from '../../api/index.ts';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { CONTROL_HELP } from '../help.ts';
import type { CliContext } from '../context.ts';

export const CONTROL_COMMANDS = ['status', 'pause', 'resume', 'scale', 'stop'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

function count(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw new ConfigError([`--${flag}: must be a non-negative integer, got ${JSON.stringify(v)}`]);
  return Number(v);
}

export async function controlCommand(command: ControlCommand, argv: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { address: { type: 'string', short: 'a' }, 'api-token': { type: 'string' }, vus: { type: 'string', short: 'u' }, max: { type: 'string', short: 'm' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
  } catch (err) {
    throw new ConfigError([(err as Error).message], `see \`stampede ${command} --help\``);
  }
  const v = parsed.values;
  if (v.help) { ctx.stdout(`${CONTROL_HELP}\n`); return ExitCode.ok; }
  const change: StatusChange | undefined = {
    status: undefined,
    pause: { paused: true },
    resume: { paused: false },
    stop: { stopped: true },
    scale: { vus: count('vus', v.vus), vusMax: count('max', v.max) },
  }[command];
  if (command === 'scale' && change?.vus === undefined && change?.vusMax === undefined) {
    throw new ConfigError(['scale: give --vus N and/or --max N'], 'e.g. stampede scale --vus 10 --max 20');
  }
  const status = await callStatus(parseApiAddress(v.address ?? DEFAULT_API_ADDRESS), change, v['api-token'] ?? ctx.env.STAMPEDE_API_TOKEN);
  ctx.stdout(`${formatStatus(status)}\n`);
  return ExitCode.ok;
}
