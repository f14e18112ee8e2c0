import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunArgs } from './args.ts';
import { ConfigError } from '../errors/index.ts';

test('k6 run flags become options', () => {
  const f = parseRunArgs(['-u', '10', '--iterations', '100', '-e', 'A=1', '--env', 'B=x=y', '--tag', 'team=qa', '--http-debug', 'script.js']);
  assert.equal(f.script, 'script.js');
  assert.deepEqual(f.options, { vus: 10, iterations: 100, tags: { team: 'qa' } });
  assert.deepEqual(f.env, { A: '1', B: 'x=y' });
  assert.equal(f.httpDebug, 'headers');
  assert.equal(f.includeSystemEnv, true);
});

test('--http-debug=full and --include-system-env-vars=false', () => {
  const f = parseRunArgs(['--http-debug=full', '--include-system-env-vars=false', 's.js']);
  assert.equal(f.httpDebug, 'full');
  assert.equal(f.includeSystemEnv, false);
});

test('bad flags are all reported at once with their names (exit 104)', () => {
  assert.throws(() => parseRunArgs(['-u', 'ten', '-i', '3.5', '-e', 'novalue', 's.js']), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.exitCode, 104);
    assert.equal(err.problems.length, 3);
    assert.match(err.message, /--vus: must be a non-negative integer, got "ten"/);
    assert.match(err.message, /--env: expected KEY=VALUE/);
    return true;
  });
});

test('an unknown flag is named', () => {
  assert.throws(() => parseRunArgs(['--vuss', '3', 's.js']), /unknown flag --vuss/);
});

test('--stage takes k6 stage lists, repeatable or comma separated', () => {
  const f = parseRunArgs(['-s', '5s:10,10s:20', '--stage', '5s:0', 's.js']);
  assert.deepEqual(f.options.stages?.map((s) => s.target), [10, 20, 0]);
});

test('--no-setup and --no-teardown become the noSetup / noTeardown options (k6)', () => {
  assert.deepEqual(parseRunArgs(['--no-setup', '--no-teardown', 's.js']).options, { noSetup: true, noTeardown: true });
  assert.deepEqual(parseRunArgs(['s.js']).options, {});
});
