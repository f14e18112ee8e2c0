import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optionsFromConfigFile } from './config-file.ts';
import { mergeOptions } from './merge.ts';
import { ConfigError } from '../errors/index.ts';

test('a k6 config file is a JSON object of options', () => {
  assert.deepEqual(optionsFromConfigFile('{"vus": 3, "iterations": 6, "collectors": {}}', 'k6.json'), { vus: 3, iterations: 6 });
});

test('bad config files are ConfigErrors (exit 104) that name the file', () => {
  for (const text of ['{"vus": ', '[1]', '"x"']) {
    assert.throws(() => optionsFromConfigFile(text, 'conf/k6.json'), (err: unknown) => err instanceof ConfigError && err.exitCode === 104 && /conf\/k6\.json/.test(err.message));
  }
});

test('precedence: script < config file < env < flags', () => {
  const script = { vus: 1, duration: '1m', userAgent: 'script' };
  const file = optionsFromConfigFile('{"iterations": 5, "userAgent": "file", "maxRedirects": 3}', 'k6.json');
  const env = { maxRedirects: 4 };
  const flags = { vus: 2 };
  assert.deepEqual(mergeOptions(script, file, env, flags), { vus: 2, iterations: 5, userAgent: 'file', maxRedirects: 4 });
});
