/** `stampede inspect`: the script's resolved options as JSON. */
import { inspectScript } from '../../run/index.ts';
import { parseRunArgs } from '../args.ts';
import { INSPECT_HELP } from '../help.ts';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import type { CliContext } from '../context.ts';
import { withConfigFile } from '../config-layer.ts';

export async function inspectCommand(argv: string[], ctx: CliContext): Promise<number> {
  const flags = parseRunArgs(argv);
  if (flags.help) { ctx.stdout(`${INSPECT_HELP}\n`); return ExitCode.ok; }
  if (!flags.script) throw new ConfigError(['inspect: missing the script'], 'usage: stampede inspect script.js');
  const options = await inspectScript({ scriptPath: flags.script, cliOptions: withConfigFile(flags.options, flags.configFile, ctx), env: flags.env, processEnv: ctx.env, log: (l) => ctx.stderr(`${l}\n`) });
  ctx.stdout(`${JSON.stringify(options, null, 2)}\n`);
  return ExitCode.ok;
}
