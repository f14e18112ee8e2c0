/**
 * `k6/secrets`: `await secrets.get(name)` from the default secret source and
 * `await secrets.source(name).get(key)` from a named one, as configured with
 * --secret-source (config/secret-sources.ts). The worker's log lines redact
 * every value (worker-runtime.ts), as k6 does: `***SECRET_REDACTED***`.
 */
import type { SecretSources } from '../../../config/index.ts';

export const REDACTED = '***SECRET_REDACTED***';

function lookup(values: Record<string, string>, sourceName: string, key: unknown): string {
  const name = String(key);
  if (!Object.hasOwn(values, name)) throw new Error(`no secret "${name}" in secret source "${sourceName}"`);
  return values[name];
}

export function secretsModule(secrets: SecretSources | undefined): Record<string, unknown> {
  const sources = secrets?.sources ?? {};
  const names = Object.keys(sources);
  const source = (name: unknown) => {
    const sourceName = String(name);
    if (!Object.hasOwn(sources, sourceName)) {
      throw new Error(`no secret source named "${sourceName}"${names.length ? `; configured: ${names.join(', ')}` : '; configure one with --secret-source'}`);
    }
    return { get: async (key: unknown) => lookup(sources[sourceName], sourceName, key) };
  };
  const get = async (key: unknown): Promise<string> => {
    const fallback = secrets?.defaultSource;
    if (fallback === undefined) {
      throw new Error(names.length === 0
        ? 'no secret source is configured: run with --secret-source file=PATH (KEY=VALUE lines) or --secret-source mock=KEY=VALUE'
        : `several secret sources (${names.join(', ')}) and none is the default: mark one with ,default or use secrets.source(name).get(key)`);
    }
    return lookup(sources[fallback], fallback, key);
  };
  const api = { get, source };
  return { ...api, default: api };
}

/** Replaces every secret value in `line` (longest first, so a value inside another goes with it). */
export function redactor(secrets: SecretSources | undefined): ((line: string) => string) | undefined {
  const values = [...new Set(Object.values(secrets?.sources ?? {}).flatMap((s) => Object.values(s)))].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  if (values.length === 0) return undefined;
  return (line) => {
    let out = line;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  };
}
