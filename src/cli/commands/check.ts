/**
 * `stampede check script.ts…`: type-checks scripts against the k6 type
 * definitions before anything runs (also `stampede run --typecheck`). Type
 * errors print as file:line:col and exit 107; a clean script prints one OK line.
 * JavaScript files get TypeScript's syntax checks only, unless they start
 * with `// @ts-check`.
 */
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { typecheckScript, formatTypeDiagnostic } from '../../script/typecheck.ts';
import type { CliContext } from '../context.ts';

const CHECK_HELP = `Usage: stampede check <script.ts>...

Type-checks scripts and the local files they import with the TypeScript
compiler against the k6 type definitions (@types/k6 plus Stampede's additions).
Type errors print as file:line:col and exit 107; a clean script prints one OK
line. JavaScript files get syntax checks only unless they start with // @ts-check.
\`stampede run --typecheck\` does the same before any VU starts.`;

/** Type-checks one script; prints its errors to stderr. True when clean. */
export async function typecheckForCli(script: string, ctx: CliContext): Promise<boolean> {
  const diagnostics = await typecheckScript(script, { cwd: ctx.cwd });
  if (!diagnostics.length) return true;
  for (const d of diagnostics) ctx.stderr(`${formatTypeDiagnostic(d)}\n`);
  ctx.stderr(`ERRO[0000] ${script}: ${diagnostics.length} type error${diagnostics.length === 1 ? '' : 's'}; nothing ran\n`);
  return false;
}

export async function checkCommand(argv: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new ConfigError([`check: ${(err as Error).message}`], 'usage: stampede check script.ts');
  }
  if (parsed.values.help) { ctx.stdout(`${CHECK_HELP}\n`); return ExitCode.ok; }
  if (!parsed.positionals.length) throw new ConfigError(['check: missing the script'], 'usage: stampede check script.ts');
  let ok = true;
  for (const script of parsed.positionals) {
    if (await typecheckForCli(script, ctx)) ctx.stdout(`${script}: OK, no type errors (TypeScript ${tsVersion()}, k6 types ${k6TypesVersion()})\n`);
    else ok = false;
  }
  return ok ? ExitCode.ok : ExitCode.scriptException;
}

const require = createRequire(import.meta.url);
function tsVersion(): string { return (require('typescript/package.json') as { version: string }).version; }
function k6TypesVersion(): string { return (require('@types/k6/package.json') as { version: string }).version; }
