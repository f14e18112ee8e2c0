/**
 * `--out` values and K6_OUT / STAMPEDE_OUT into output specs. k6 spells an
 * output `name=arg` (`json=results.json`, `influxdb=http://host:8086/db`)
 * or just `name`; K6_OUT holds several, comma-separated.
 */
import { ConfigError } from '../errors/index.ts';
import type { OutputSpec } from './types.ts';
import { OUTPUT_NAMES } from './registry.ts';

/** Parses one `name[=arg]`; throws a ConfigError naming the option for an unknown output. */
export function parseOutputSpec(value: string, source: string): OutputSpec {
  const eq = value.indexOf('=');
  const name = (eq < 0 ? value : value.slice(0, eq)).trim();
  const arg = eq < 0 ? '' : value.slice(eq + 1).trim();
  if (!OUTPUT_NAMES.includes(name)) {
    throw new ConfigError([`${source}: unknown output "${name}"`], `use one of: ${OUTPUT_NAMES.join(', ')}`);
  }
  return { name, arg };
}

/**
 * Every output of a run: the CLI's `--out` values when given (they replace
 * the environment's, as k6's flags do), else STAMPEDE_OUT or K6_OUT.
 */
export function outputSpecs(cliOuts: readonly string[], env: Readonly<Record<string, string | undefined>>): OutputSpec[] {
  if (cliOuts.length > 0) return cliOuts.map((v) => parseOutputSpec(v, '--out'));
  const fromEnv = env.STAMPEDE_OUT !== undefined ? { name: 'STAMPEDE_OUT', value: env.STAMPEDE_OUT } : env.K6_OUT !== undefined ? { name: 'K6_OUT', value: env.K6_OUT } : undefined;
  if (!fromEnv || fromEnv.value.trim() === '') return [];
  return splitOutList(fromEnv.value).map((v) => parseOutputSpec(v, fromEnv.name));
}

/**
 * Splits a K6_OUT list on commas that start a new `name=` or `name`, so an
 * argument that itself holds commas (a CSV path does not, but an InfluxDB
 * URL query may) stays whole.
 */
function splitOutList(list: string): string[] {
  const parts = list.split(',');
  const out: string[] = [];
  for (const p of parts) {
    const name = (p.includes('=') ? p.slice(0, p.indexOf('=')) : p).trim();
    if (out.length > 0 && !OUTPUT_NAMES.includes(name)) out[out.length - 1] += `,${p}`;
    else out.push(p.trim());
  }
  return out.filter((p) => p !== '');
}
