/**
 * `stampede convert recording.har [-O script.js] [--ts] [--correlate]
 * [--no-static] [--only HOST]… [--skip HOST]… [--think-time D]`: a recorded
 * journey as a k6 script (script/har). To stdout, or to the -O file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { convertHar } from '../../script/har/index.ts';
import { ConfigError, ExitCode, ScriptError } from '../../errors/index.ts';
import { parseDurationMs } from '../../lib/index.ts';
import { CONVERT_HELP } from '../help.ts';
import type { CliContext } from '../context.ts';

/** The longest recorded pause kept between pages, unless --think-time says otherwise. */
const DEFAULT_MAX_THINK = '5s';

export async function convertCommand(argv: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        output: { type: 'string', short: 'O' }, ts: { type: 'boolean' }, correlate: { type: 'boolean' }, 'no-static': { type: 'boolean' },
        only: { type: 'string', multiple: true }, skip: { type: 'string', multiple: true }, 'think-time': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new ConfigError([`convert: ${(err as Error).message}`], 'stampede convert --help lists the flags');
  }
  const v = parsed.values;
  if (v.help) { ctx.stdout(`${CONVERT_HELP}\n`); return ExitCode.ok; }
  const file = parsed.positionals[0];
  const problems: string[] = [];
  if (!file) problems.push('convert: missing the HAR file, e.g. stampede convert recording.har -O script.js');
  if (parsed.positionals.length > 1) problems.push(`convert: one HAR file at a time, got ${parsed.positionals.length}`);
  const maxThinkMs = parseDurationMs(v['think-time'] ?? DEFAULT_MAX_THINK);
  if (maxThinkMs === undefined || maxThinkMs < 0) problems.push(`--think-time: expected a duration such as 3s (0 drops the pauses), got ${JSON.stringify(v['think-time'])}`);
  if (problems.length > 0) throw new ConfigError(problems);
  let text: string;
  try {
    text = readFileSync(path.resolve(ctx.cwd, file!), 'utf8');
  } catch (err) {
    throw new ScriptError('E_HAR_READ', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const out = v.output ?? undefined;
  const converted = convertHar(text, {
    source: path.basename(file!), ts: v.ts === true || (out?.endsWith('.ts') ?? false), correlate: v.correlate === true,
    noStatic: v['no-static'] === true, only: v.only, skip: v.skip, maxThinkMs: maxThinkMs!,
  });
  if (out) {
    try {
      writeFileSync(path.resolve(ctx.cwd, out), converted.script);
    } catch (err) {
      throw new ConfigError([`-O ${out}: cannot write the script: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
    }
  } else {
    ctx.stdout(converted.script);
  }
  ctx.stderr(`${file}: ${converted.pages} page(s), ${converted.requests} request(s)`
    + `${converted.correlated > 0 ? `, ${converted.correlated} value(s) correlated` : ''}`
    + `${converted.skippedStatic > 0 ? `; ${converted.skippedStatic} static asset(s) skipped` : ''}`
    + `${converted.skippedOtherHosts > 0 ? `; ${converted.skippedOtherHosts} request(s) to other hosts skipped (--only HOST keeps them)` : ''}`
    + `${out ? `; written to ${out} (run it: stampede run ${out})` : ''}\n`);
  return ExitCode.ok;
}
