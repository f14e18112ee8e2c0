import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpLogging } from './log-setup.ts';
import type { CliContext } from './context.ts';

function ctx(over: Partial<CliContext> = {}): CliContext & { err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: '.', isStdOutTTY: false, isStdErrTTY: false, signal: new AbortController().signal, err, out, ...over };
}
const flags = { verbose: false, noColor: false };

test('colour only on a terminal, and never with --no-color, NO_COLOR or K6_NO_COLOR', () => {
  const colored = (c: ReturnType<typeof ctx>, noColor = false) => {
    setUpLogging({ ...flags, noColor }, c, () => {}).route('WARN[0001] careful\n');
    return c.err.join('').includes('\x1b[');
  };
  assert.equal(colored(ctx({ isStdErrTTY: true })), true);
  assert.equal(colored(ctx({ isStdErrTTY: false })), false);
  assert.equal(colored(ctx({ isStdErrTTY: true }), true), false);
  assert.equal(colored(ctx({ isStdErrTTY: true, env: { NO_COLOR: '' } })), false);
  assert.equal(colored(ctx({ isStdErrTTY: true, env: { K6_NO_COLOR: 'true' } })), false);
  assert.equal(setUpLogging(flags, ctx({ isStdOutTTY: true, env: { NO_COLOR: '1' } }), () => {}).summaryColors, false);
  assert.equal(setUpLogging(flags, ctx({ isStdOutTTY: true }), () => {}).summaryColors, true);
});

test('debug lines only with --verbose; other text is left to the caller', () => {
  const c = ctx();
  const quiet = setUpLogging(flags, c, () => {});
  assert.equal(quiet.route('DEBU[0000] hidden\n'), true);
  assert.equal(quiet.route('running (00m01.0s)\n'), false);
  setUpLogging({ ...flags, verbose: true }, c, () => {}).route('DEBU[0000] shown\n');
  assert.deepEqual(c.err, ['DEBU[0000] shown\n']);
});

test('K6_LOG_FORMAT and K6_LOG_OUTPUT when no flag is given; flags win', () => {
  const c = ctx({ env: { K6_LOG_FORMAT: 'raw', K6_LOG_OUTPUT: 'stdout' } });
  setUpLogging(flags, c, () => {}).route('INFO[0000] m source=console\n');
  assert.deepEqual(c.out, ['m\n']);
  const d = ctx({ env: { K6_LOG_FORMAT: 'raw' } });
  setUpLogging({ ...flags, logFormat: 'text' }, d, () => {}).route('INFO[0000] m\n');
  assert.deepEqual(d.err, ['INFO[0000] m\n']);
  assert.throws(() => setUpLogging(flags, ctx({ env: { K6_LOG_OUTPUT: 'loki' } }), () => {}), /K6_LOG_OUTPUT: loki is not supported/);
});
