/**
 * `stampede archive [run flags] script.js -O test.tar`: the script, its local
 * imports, the files it open()s and the resolved options in one tar
 * (format: src/script/archive.ts); `stampede run test.tar` runs it without
 * the original files.
 */
import { writeFileSync } from 'node:fs';
import { inspectScript } from '../../run/index.ts';
import { buildArchive } from '../../script/archive.ts';
import { parseRunArgs } from '../args.ts';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { VERSION } from '../../lib/index.ts';
import type { CliContext } from '../context.ts';

const ARCHIVE_HELP = `Usage: stampede archive [run flags] <script> [-O test.tar]

Writes one tar holding the script, every local file it imports, the files it
open()s with a literal path and the resolved options (with the -u/-d/-i/-e …
flags given here); \`stampede run test.tar\` runs it anywhere, without the
original files. Flags given to \`run\` override the archived ones.

Flags:
  -O, --archive-out FILE   the archive to write (default archive.tar)
  (and the options flags of stampede run: -u, -d, -i, -s, -e, --tag …)`;

/** Takes -O/--archive-out out of argv; the rest are run flags. */
function takeArchiveOut(argv: string[]): { out?: string; rest: string[] } {
  const rest: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-O' || a === '--archive-out') { out = argv[++i]; if (out === undefined) throw new ConfigError([`${a}: needs a file name`]); continue; }
    const m = /^(?:--archive-out=|-O=?)(.+)$/.exec(a);
    if (m) { out = m[1]; continue; }
    rest.push(a);
  }
  return { out, rest };
}

export async function archiveCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { out, rest } = takeArchiveOut(argv);
  const flags = parseRunArgs(rest);
  if (flags.help) { ctx.stdout(`${ARCHIVE_HELP}\n`); return ExitCode.ok; }
  if (!flags.script) throw new ConfigError(['archive: missing the script'], 'usage: stampede archive script.js -O test.tar');
  const target = out ?? 'archive.tar';
  const options = await inspectScript({ scriptPath: flags.script, cliOptions: flags.options, env: flags.env, processEnv: ctx.env, log: (l) => ctx.stderr(`${l}\n`) });
  const tar = await buildArchive(flags.script, { options, cliOptions: { ...flags.options }, env: flags.env, stampedeVersion: VERSION });
  try {
    writeFileSync(target, tar);
  } catch (err) {
    throw new ConfigError([`-O ${target}: cannot write the archive: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
  }
  ctx.stdout(`Archive written: ${target} (${tar.length} bytes); run it with: stampede run ${target}\n`);
  return ExitCode.ok;
}
