/**
 * k6's `--config FILE` (`-c`): a JSON object of options, the layer between
 * the script's `options` and the K6_ / STAMPEDE_ variables. Pure: the CLI
 * reads the file and passes its text; this only parses and checks its shape
 * (the options themselves are validated with every other layer).
 */
import { ConfigError } from '../errors/index.ts';
import type { Options } from './options.ts';
import { isPlainObject } from './values.ts';

/** Keys of k6's config file that are not options and that k6 itself no longer reads. */
const NOT_OPTIONS = ['collectors'];

/** Parses a config file's text; a ConfigError (exit 104) naming `file` when it is not a JSON object. */
export function optionsFromConfigFile(text: string, file: string): Options {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`config file ${file}: not valid JSON: ${(err as Error).message}`], 'the config file is k6\'s: a JSON object of options, e.g. {"vus": 10, "duration": "30s"}');
  }
  if (!isPlainObject(parsed)) {
    throw new ConfigError([`config file ${file}: must be a JSON object of options, got ${Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed)}`], 'e.g. {"vus": 10, "duration": "30s"}');
  }
  const options: Options = {};
  for (const [key, value] of Object.entries(parsed)) if (!NOT_OPTIONS.includes(key)) options[key] = value;
  return options;
}
