/**
 * `-c/--config FILE` (or K6_CONFIG): reads k6's JSON options file and folds
 * it into the options the run gets from the command line, so that the run's
 * layering (script < CLI options, env in between) ends up as k6's
 * defaults < script < config file < env < flags: the file's options are
 * merged under the K6_ / STAMPEDE_ variables and the flags here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors/index.ts';
import { mergeOptions, optionsFromConfigFile, optionsFromEnv, type Options } from '../config/index.ts';
import type { CliContext } from './context.ts';

/** The CLI layer of options with the config file under it; `flagOptions` alone when there is no file. */
export function withConfigFile(flagOptions: Options, configFile: string | undefined, ctx: Pick<CliContext, 'env' | 'cwd'>): Options {
  const file = configFile ?? (ctx.env.K6_CONFIG || undefined);
  if (file === undefined) return flagOptions;
  const flag = configFile !== undefined ? '--config' : 'K6_CONFIG';
  let text: string;
  try {
    text = readFileSync(path.resolve(ctx.cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new ConfigError([`${flag} ${file}: cannot read the config file: ${why}`], 'pass k6\'s JSON options file, e.g. -c k6-config.json');
  }
  const fileOptions = optionsFromConfigFile(text, file);
  // the env layer again, above the file (the run applies it below the flags too; same values, same result)
  return mergeOptions(fileOptions, optionsFromEnv(ctx.env).options, flagOptions);
}
