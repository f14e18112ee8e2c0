/**
 * The package's bin (what `npx stampede` and a global install run) checks
 * the Node version before loading anything that needs a new Node, and says
 * how to get one; on a new enough Node it is the CLI. Uses the machine's
 * own /usr/bin/node when that one is older than 22.19.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, symlinkSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers/cli.ts';
import { MIN_NODE, nodeVersionProblem } from '../src/cli/node-version.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; engines: { node: string } };
const BIN = path.join(ROOT, pkg.bin.stampede);
const SYSTEM_NODE = '/usr/bin/node';

/** `npm test` builds dist/ before the integration tests; build here when run alone and dist/ is missing or older than the bin's source. */
function ensureBuilt(): void {
  const sources = ['bin.ts', 'node-version.ts', 'main.ts'].map((f) => path.join(ROOT, 'src', 'cli', f));
  const fresh = existsSync(BIN) && existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))
    && sources.every((s) => statSync(s).mtimeMs <= statSync(BIN).mtimeMs);
  if (fresh) return;
  // a type error elsewhere in the tree still emits; what matters is that the bin is there
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  assert.ok(existsSync(BIN), `the build did not produce ${BIN}`);
}

function run(node: string, script: string, args: string[]) {
  const r = spawnSync(node, [script, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function systemNodeVersion(): string | undefined {
  if (!existsSync(SYSTEM_NODE)) return undefined;
  const r = spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

test('package.json points "bin" at dist/cli/bin.js, and the check agrees with "engines"', () => {
  assert.equal(pkg.bin.stampede, 'dist/cli/bin.js');
  assert.equal(pkg.engines.node, `>=${MIN_NODE}`);
});

test('on this Node the bin is the CLI: --version works, also through a symlink as npm installs it', () => {
  ensureBuilt();
  const r = run(process.execPath, BIN, ['--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^stampede v\d+\.\d+\.\d+ \(node v\d+/);
  assert.equal(r.stderr, '');
  const linkDir = mkdtempSync(path.join(tmpdir(), 'stampede-bin-'));
  const link = path.join(linkDir, 'stampede');
  symlinkSync(BIN, link);
  const viaLink = run(process.execPath, link, ['--version']);
  assert.equal(viaLink.code, 0, viaLink.stderr);
  assert.match(viaLink.stdout, /^stampede v/);
  // and from source, as ./stampede runs it when dist/ is absent
  const fromSource = run(process.execPath, path.join(ROOT, 'src', 'cli', 'bin.ts'), ['--version']);
  assert.equal(fromSource.code, 0, fromSource.stderr);
  assert.match(fromSource.stdout, /^stampede v/);
});

const oldNode = systemNodeVersion();
const skipOld = oldNode === undefined ? `${SYSTEM_NODE} is not installed`
  : nodeVersionProblem(oldNode) === undefined ? `${SYSTEM_NODE} is Node ${oldNode}, not older than ${MIN_NODE}` : false;

test(`on Node older than ${MIN_NODE} the bin says which Node it needs and how to get it, and exits non-zero`, { skip: skipOld }, () => {
  ensureBuilt();
  const r = run(SYSTEM_NODE, BIN, ['--version']);
  assert.notEqual(r.code, 0);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^stampede: Stampede needs Node ≥ 22\\.19 \\(found ${oldNode!.replace(/\./g, '\\.')}\\)`));
  assert.match(r.stderr, /nvm install 24/);
  assert.match(r.stderr, /npm install --prefix \.tools node@24/);
  assert.match(r.stderr, /\.\/stampede/);
  assert.doesNotMatch(r.stderr, /ERR_UNKNOWN_BUILTIN_MODULE|node:sqlite|\n\s+at /);
  // `run` too: nothing of the CLI is loaded
  const runResult = run(SYSTEM_NODE, BIN, ['run', 'whatever.js']);
  assert.equal(runResult.code, 1);
  assert.match(runResult.stderr, /Stampede needs Node/);
});
