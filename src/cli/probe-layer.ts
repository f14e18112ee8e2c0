/**
 * `--probe` flags (repeatable; `name=URL …` or `@probes.json`, a file
 * shaped like options.probes), `--probe-every` for the flag probes, read
 * into probe specs before the run (probes/spec.ts). Problems are one
 * ConfigError (exit 104).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors/index.ts';
import { probeEveryFromFlag, probeSpecFromFlag, probeSpecsFrom, mergeProbeSpecs, type ProbeSpec } from '../probes/index.ts';
import type { CliContext } from './context.ts';

export function probesFromFlags(flags: readonly string[], every: string | undefined, ctx: Pick<CliContext, 'cwd'>): ProbeSpec[] {
  const problems: string[] = [];
  const everyMs = every === undefined ? undefined : probeEveryFromFlag(every, problems);
  let specs: ProbeSpec[] = [];
  for (const flag of flags) {
    if (flag.startsWith('@')) {
      const file = flag.slice(1);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path.resolve(ctx.cwd, file), 'utf8'));
      } catch (err) {
        problems.push(`--probe @${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        continue;
      }
      specs = mergeProbeSpecs(specs, probeSpecsFrom(parsed, problems));
    } else {
      const spec = probeSpecFromFlag(flag, everyMs, problems);
      if (spec) specs = mergeProbeSpecs(specs, [spec]);
    }
  }
  if (problems.length) throw new ConfigError(problems, "e.g. --probe 'queue=redis://127.0.0.1:6379 LLEN jobs' --probe-every 1s, or --probe @probes.json");
  return specs;
}
