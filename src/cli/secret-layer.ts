/**
 * `--secret-source` (or K6_SECRET_SOURCE): parses each value
 * (config/secret-sources.ts), reads the files among them and hands the run
 * the values k6/secrets serves. Problems are one ConfigError (exit 104).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors/index.ts';
import { combineSecretSources, parseSecretSource, secretsFromFile, type SecretSources } from '../config/index.ts';
import type { CliContext } from './context.ts';

export function secretSources(flags: readonly string[], ctx: Pick<CliContext, 'env' | 'cwd'>): SecretSources | undefined {
  const values = flags.length > 0 ? flags : (ctx.env.K6_SECRET_SOURCE ? [ctx.env.K6_SECRET_SOURCE] : []);
  const problems: string[] = [];
  const sources = values.map((v) => parseSecretSource(v, problems)).filter((s) => s !== undefined).map((s) => {
    if (s.kind === 'mock') return s;
    try {
      return { ...s, values: secretsFromFile(readFileSync(path.resolve(ctx.cwd, s.filename), 'utf8'), s.filename, problems) };
    } catch (err) {
      problems.push(`--secret-source file ${s.filename}: cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      return { ...s, values: {} };
    }
  });
  const combined = combineSecretSources(sources, problems);
  if (problems.length) throw new ConfigError(problems, 'k6 secret sources: --secret-source file=PATH (KEY=VALUE lines) or mock=KEY=VALUE; several: name=NAME and one default');
  return combined;
}
