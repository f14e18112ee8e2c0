/**
 * `stampede new [FILE] [--ts] [--force]`: writes a starter k6 script (k6's
 * `k6 new`), its URL from __ENV.BASE_URL. With --ts (or a .ts FILE): a
 * TypeScript script plus a tsconfig.json that finds the k6 type definitions
 * Stampede ships, so an editor completes `http.get` and `res.json()`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { starterTsconfig } from '../../script/typecheck.ts';
import type { CliContext } from '../context.ts';

const JS_TEMPLATE = `import http from 'k6/http';
import { check, sleep } from 'k6';

// The target: stampede run -e BASE_URL=http://127.0.0.1:8080 script.js
const BASE_URL = __ENV.BASE_URL || 'https://quickpizza.grafana.com';

export const options = {
  // A number specifying the number of VUs to run concurrently.
  vus: 10,
  // A string specifying the total duration of the test run.
  duration: '30s',
  // Pass/fail criteria, checked at the end of the run (exit code 99 when one fails).
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500'],
  },
};

// The function that defines VU logic; each VU runs it over and over.
export default function () {
  const res = http.get(BASE_URL);
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(1);
}
`;

const TS_TEMPLATE = `import http from 'k6/http';
import { check, sleep } from 'k6';
import type { Options } from 'k6/options';

// The target: stampede run -e BASE_URL=http://127.0.0.1:8080 script.ts
const BASE_URL: string = __ENV.BASE_URL || 'https://quickpizza.grafana.com';

export const options: Options = {
  // A number specifying the number of VUs to run concurrently.
  vus: 10,
  // A string specifying the total duration of the test run.
  duration: '30s',
  // Pass/fail criteria, checked at the end of the run (exit code 99 when one fails).
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500'],
  },
};

// The function that defines VU logic; each VU runs it over and over.
export default function (): void {
  const res = http.get(BASE_URL);
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(1);
}
`;

const NEW_HELP = `Usage: stampede new [FILE] [--ts] [--force]

Writes a starter k6 script (default script.js; script.ts with --ts) that reads
its target from __ENV.BASE_URL. With --ts (or a .ts FILE) also writes a
tsconfig.json beside it that finds the k6 type definitions Stampede ships.

Flags:
      --ts        write a TypeScript script and tsconfig.json
  -f, --force     overwrite existing files (otherwise exit 104)
  -h, --help      this help`;

export async function newCommand(argv: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ts: { type: 'boolean' }, force: { type: 'boolean', short: 'f' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new ConfigError([`new: ${(err as Error).message}`], 'usage: stampede new [FILE] [--ts] [--force]');
  }
  if (parsed.values.help) { ctx.stdout(`${NEW_HELP}\n`); return ExitCode.ok; }
  if (parsed.positionals.length > 1) throw new ConfigError([`new takes one file name, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`]);
  const given = parsed.positionals[0];
  const ts = Boolean(parsed.values.ts) || (given !== undefined && /\.[cm]?ts$/.test(given));
  const file = path.resolve(ctx.cwd, given ?? (ts ? 'script.ts' : 'script.js'));
  const writes: Array<{ file: string; text: string }> = [{ file, text: ts ? TS_TEMPLATE : JS_TEMPLATE }];
  if (ts) writes.push({ file: path.join(path.dirname(file), 'tsconfig.json'), text: starterTsconfig(path.basename(file)) });
  if (!parsed.values.force) {
    const existing = writes.filter((w) => existsSync(w.file)).map((w) => path.relative(ctx.cwd, w.file) || w.file);
    if (existing.length) throw new ConfigError(existing.map((f) => `new: ${f} already exists`), 'pass --force to overwrite it, or name another file: stampede new other.js');
  }
  for (const w of writes) {
    try {
      writeFileSync(w.file, w.text);
    } catch (err) {
      throw new ConfigError([`new: cannot write ${path.relative(ctx.cwd, w.file)}: ${(err as Error).message}`]);
    }
  }
  const shown = path.relative(ctx.cwd, file);
  ctx.stdout(`New script created: ${shown}${ts ? ' (and tsconfig.json)' : ''}\nRun it with: stampede run -e BASE_URL=http://127.0.0.1:8080 ${shown}${ts ? `\nCheck its types with: stampede check ${shown}` : ''}\n`);
  return ExitCode.ok;
}
