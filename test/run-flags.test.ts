/**
 * k6's `run` flags and behaviours around options and logging: `vus` alone
 * is ignored with k6's warning, -c config files and their precedence,
 * --log-format json/raw, --log-output file=PATH, no colour codes off a
 * terminal, cipher suites this OpenSSL cannot offer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir, ROOT } from './helpers/cli.ts';

async function iterationsOf(file: string): Promise<number> {
  return JSON.parse(await readFile(file, 'utf8')).metrics.iterations.count;
}

test('vus without iterations, duration or stages: k6\'s warning, 1 VU x 1 iteration', async () => {
  const dir = await scriptDir({ 'es6.js': `export const options = { vus: 5 };\nexport default function () {}\n` });
  const exported = path.join(dir, 'summary.json');
  const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'es6.js')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /WARN\[\d+\] the `vus=5` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`/);
  assert.equal(await iterationsOf(exported), 1);
});

test('-c FILE: above the script, below env and flags; a missing or bad file is exit 104 naming it', async () => {
  const dir = await scriptDir({
    's.js': `export const options = { iterations: 1 };\nexport default function () {}\n`,
    'k6.json': JSON.stringify({ iterations: 3, vus: 1 }),
    'bad.json': '{"iterations": ',
  });
  const script = path.join(dir, 's.js');
  const exported = path.join(dir, 'summary.json');
  let r = await stampede(['run', '-c', path.join(dir, 'k6.json'), '--summary-export', exported, script]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await iterationsOf(exported), 3, 'config file over script');
  r = await stampede(['run', '--config', path.join(dir, 'k6.json'), '--summary-export', exported, script], { env: { K6_ITERATIONS: '4' } });
  assert.equal(await iterationsOf(exported), 4, 'env over config file');
  r = await stampede(['run', '--config', path.join(dir, 'k6.json'), '-i', '2', '--summary-export', exported, script], { env: { K6_ITERATIONS: '4' } });
  assert.equal(await iterationsOf(exported), 2, 'flags over env');
  r = await stampede(['run', '-c', path.join(dir, 'nope.json'), script]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /--config .*nope\.json: cannot read the config file: no such file/);
  r = await stampede(['run', '-c', path.join(dir, 'bad.json'), script]);
  assert.equal(r.code, 104);
  assert.match(r.stderr, /config file .*bad\.json: not valid JSON/);
});

const LOGGING = `export const options = { iterations: 1 };
export default function () { console.log('hello'); console.warn('careful'); console.debug('details'); }
`;

test('--log-format json: one JSON object per line with level, msg, time and source', async () => {
  const dir = await scriptDir({ 'log.js': LOGGING });
  const r = await stampede(['run', '--log-format', 'json', '-q', path.join(dir, 'log.js')]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const hello = lines.find((l) => l.msg === 'hello');
  assert.deepEqual(Object.keys(hello).sort(), ['level', 'msg', 'source', 'time']);
  assert.equal(hello.level, 'info');
  assert.equal(hello.source, 'console');
  assert.ok(!Number.isNaN(Date.parse(hello.time)));
  assert.equal(lines.find((l) => l.msg === 'careful')?.level, 'warning');
  assert.doesNotMatch(r.stderr, /INFO\[/);
  const raw = await stampede(['run', '--log-format', 'raw', '-q', path.join(dir, 'log.js')]);
  assert.match(raw.stderr, /^hello$/m);
});

test('--log-output file=PATH writes the log lines there, not to stderr; none drops them', async () => {
  const dir = await scriptDir({ 'log.js': LOGGING });
  const logFile = path.join(dir, 'k6.log');
  const r = await stampede(['run', '--log-output', `file=${logFile}`, '-q', path.join(dir, 'log.js')]);
  assert.equal(r.code, 0, r.stderr);
  const log = await readFile(logFile, 'utf8');
  assert.match(log, /^INFO\[\d+\] hello source=console$/m);
  assert.match(log, /^WARN\[\d+\] careful source=console$/m);
  assert.doesNotMatch(log, /details/, 'debug lines only with --verbose');
  assert.doesNotMatch(r.stderr, /hello|careful/);
  const none = await stampede(['run', '--log-output', 'none', '-q', path.join(dir, 'log.js')]);
  assert.doesNotMatch(none.stderr, /hello/);
  const out = await stampede(['run', '--log-output', 'stdout', '-q', '--no-summary', path.join(dir, 'log.js')]);
  assert.match(out.stdout, /hello/);
});

/** Runs the CLI without NO_COLOR (the helper always sets it), pipes only: no terminal. */
function runWithoutNoColor(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, STAMPEDE_NO_HISTORY: '1' };
    delete env.NO_COLOR;
    delete env.K6_NO_COLOR;
    const child = spawn(process.execPath, [path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out: ${out}`)); }, 60_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

test('no terminal (and no NO_COLOR): no escape codes in the log lines or the summary', async () => {
  const dir = await scriptDir({ 'log.js': LOGGING.replace('{ iterations: 1 }', "{ iterations: 1, thresholds: { iterations: ['count>0'] } }") });
  const r = await runWithoutNoColor(['run', path.join(dir, 'log.js')]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /WARN\[\d+\] careful/);
  assert.ok(!r.out.includes('\x1b['), 'no escape codes');
});

test('tlsCipherSuites with a suite this OpenSSL cannot offer: one warning at start, the run goes on', async () => {
  const dir = await scriptDir({
    'tls.js': `export const options = { iterations: 1, tlsCipherSuites: ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] };\nexport default function () {}\n`,
  });
  const r = await stampede(['run', path.join(dir, 'tls.js')]);
  assert.equal(r.code, 0, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => /tlsCipherSuites: TLS_RSA_WITH_RC4_128_SHA cannot be offered/.test(l));
  assert.equal(warnings.length, 1, r.stderr);
  await writeFile(path.join(dir, 'only-rc4.js'), `export const options = { tlsCipherSuites: ['TLS_RSA_WITH_RC4_128_SHA'] };\nexport default function () {}\n`);
  const refused = await stampede(['run', path.join(dir, 'only-rc4.js')]);
  assert.equal(refused.code, 104);
  assert.match(refused.stderr, /tlsCipherSuites: none of the listed suites can be offered/);
});

test('--linger, --local-ips and --blacklist-ip are accepted and warned about, as the options', async () => {
  const dir = await scriptDir({ 's.js': `export default function () {}\n` });
  const r = await stampede(['run', '--linger', '--local-ips', '10.0.0.1', '--blacklist-ip', '10.0.0.0/8', path.join(dir, 's.js')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /linger: not supported/);
  assert.match(r.stderr, /localIPs: not supported/);
  assert.match(r.stderr, /blacklistIPs: not supported/);
});

test('-v/--verbose shows the script\'s console.debug lines; without it they are dropped', async () => {
  const dir = await scriptDir({ 'dbg.js': "export default function () { console.debug('debug-line'); console.log('log-line'); }\n" });
  const loud = await stampede(['run', '-q', '--no-history', '-v', path.join(dir, 'dbg.js')]);
  assert.equal(loud.code, 0, loud.stderr);
  assert.match(loud.stderr, /DEBU\[\d{4}\] debug-line source=console/);
  const quiet = await stampede(['run', '-q', '--no-history', path.join(dir, 'dbg.js')]);
  assert.doesNotMatch(quiet.stderr, /debug-line/);
  assert.match(quiet.stderr, /log-line/);
});
