import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeFlags } from './take-flags.ts';
import { coordinatorUrl } from './commands/agent.ts';
import { distributedRequest } from './commands/coordinator.ts';
import { ConfigError } from '../errors/index.ts';

test('a command\'s own flags come out of argv in both spellings; the run flags stay in order', () => {
  const { taken, rest } = takeFlags(['--instances', '3', '-u', '5', '--listen=127.0.0.1:0', 'script.js', '--help'], ['instances', 'listen'], ['help']);
  assert.deepEqual(taken, { instances: '3', listen: '127.0.0.1:0', help: true });
  assert.deepEqual(rest, ['-u', '5', 'script.js']);
  assert.throws(() => takeFlags(['--instances'], ['instances']), /--instances: needs a value/);
});

test('an agent takes the coordinator\'s address as typed: host:port, http://, ws://, wss://', () => {
  assert.equal(coordinatorUrl('10.0.0.4:6570'), 'ws://10.0.0.4:6570/agent');
  assert.equal(coordinatorUrl('http://coord:6570'), 'ws://coord:6570/agent');
  assert.equal(coordinatorUrl('wss://coord.example:443/agent'), 'wss://coord.example/agent');
  assert.throws(() => coordinatorUrl('ftp://x:1'));
});

test('coordinator flags: defaults, env fallbacks, and every problem at once', () => {
  const d = distributedRequest({ instances: '3' }, { STAMPEDE_TOKEN: 't0k' });
  assert.deepEqual({ ...d, tls: undefined }, { instances: 3, listen: { host: '0.0.0.0', port: 6570 }, token: 't0k', tls: undefined, onAgentLoss: 'abort', joinTimeoutMs: 120_000 });
  assert.equal(distributedRequest({ instances: '2', 'on-agent-loss': 'continue', 'agent-timeout': '30s' }, {}).joinTimeoutMs, 30_000);
  let err: unknown;
  try { distributedRequest({ listen: 'nowhere', 'on-agent-loss': 'maybe', 'agent-timeout': 'soon', 'tls-cert': 'c.pem' }, {}); } catch (e) { err = e; }
  assert.ok(err instanceof ConfigError);
  const problems = (err as ConfigError).problems.join('\n');
  for (const flag of ['--instances', '--listen', '--on-agent-loss', '--agent-timeout', '--tls-cert and --tls-key']) assert.ok(problems.includes(flag), `${flag} in\n${problems}`);
});
