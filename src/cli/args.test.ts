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

test('k6 flags that set one option each', () => {
  const f = parseRunArgs(['--system-tags', 'proto,status', '--rps', '50', '--batch', '10', '--batch-per-host', '3',
    '--min-iteration-duration', '2s', '--dns', 'ttl=1m,select=first', '--blacklist-ip', '10.0.0.0/8', '--blacklist-ip', '192.168.0.0/16',
    '--block-hostnames', '*.example.com,test.k6.io', '--local-ips', '192.168.1.10-192.168.1.20', '-l', 's.js']);
  assert.deepEqual(f.options, {
    systemTags: ['proto', 'status'], rps: 50, batch: 10, batchPerHost: 3, minIterationDuration: '2s', dns: 'ttl=1m,select=first',
    blacklistIPs: ['10.0.0.0/8', '192.168.0.0/16'], blockHostnames: ['*.example.com', 'test.k6.io'], localIPs: '192.168.1.10-192.168.1.20', linger: true,
  });
  assert.throws(() => parseRunArgs(['--rps', 'many', 's.js']), /--rps: must be a non-negative integer/);
});

test('-c, --verbose, --no-color, --log-output and --log-format', () => {
  const f = parseRunArgs(['-c', 'k6.json', '-v', '--no-color', '--log-output', 'file=out/k6.log', '--log-format', 'json', 's.js']);
  assert.equal(f.configFile, 'k6.json');
  assert.equal(f.verbose, true);
  assert.equal(f.noColor, true);
  assert.deepEqual(f.logOutput, { to: 'file', path: 'out/k6.log' });
  assert.equal(f.logFormat, 'json');
  const d = parseRunArgs(['s.js']);
  assert.equal(d.verbose, false);
  assert.equal(d.noColor, false);
  assert.equal(d.logOutput, undefined);
  assert.deepEqual(parseRunArgs(['--log-output=none', '--log-format=raw', 's.js']).logOutput, { to: 'none' });
  assert.deepEqual(parseRunArgs(['--log-output', 'stdout', 's.js']).logOutput, { to: 'stdout' });
});

test('bad --log-output / --log-format values exit 104; loki is refused by name', () => {
  assert.throws(() => parseRunArgs(['--log-output', 'loki=http://127.0.0.1:3100/loki/api/v1/push', 's.js']),
    (err: unknown) => err instanceof ConfigError && err.exitCode === 104 && /--log-output: loki is not supported/.test(err.message));
  assert.throws(() => parseRunArgs(['--log-output', 'syslog', 's.js']), /--log-output: expected stderr, stdout, none or file=PATH/);
  assert.throws(() => parseRunArgs(['--log-format', 'xml', 's.js']), /--log-format: expected text, json or raw/);
});
