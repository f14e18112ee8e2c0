/**
 * Takes a command's own flags out of argv (`--name value` or
 * `--name=value`; boolean flags stand alone) and leaves the rest, in order,
 * for the run flags' parser. `coordinator` and `agent` add their flags to
 * `run`'s this way.
 */
import { ConfigError } from '../errors/index.ts';

export function takeFlags(argv: string[], valued: readonly string[], booleans: readonly string[] = []): { taken: Record<string, string | true>; rest: string[] } {
  const taken: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { rest.push(...argv.slice(i)); break; }
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (m && valued.includes(m[1])) {
      const value = m[2] ?? argv[++i];
      if (value === undefined) throw new ConfigError([`--${m[1]}: needs a value`]);
      taken[m[1]] = value;
    } else if (m && booleans.includes(m[1]) && m[2] === undefined) {
      taken[m[1]] = true;
    } else {
      rest.push(a);
    }
  }
  return { taken, rest };
}

/** A positive whole number, or a problem naming the flag. */
export function positiveInt(value: string, flag: string, problems: string[]): number | undefined {
  if (/^[1-9]\d*$/.test(value.trim())) return Number(value);
  problems.push(`${flag}: must be a positive integer, got ${JSON.stringify(value)}`);
  return undefined;
}
