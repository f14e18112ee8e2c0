import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_NODE, nodeVersionProblem } from './node-version.ts';

test('Node 22.19 and newer pass the check', () => {
  for (const v of ['22.19.0', '22.19.1', '22.20.0', '23.0.0', '24.1.0', '24.21.0', '25.0.0-pre', 'v24.0.0', '100.0.0']) {
    assert.equal(nodeVersionProblem(v), undefined, v);
  }
});

test('older Node gets a message with the version found and how to get a newer one', () => {
  for (const v of ['22.18.9', '22.0.0', '21.7.3', '20.20.2', '18.19.0', '16.0.0', '9.11.2']) {
    const problem = nodeVersionProblem(v);
    assert.ok(problem, v);
    assert.match(problem, new RegExp(`^Stampede needs Node ≥ 22\\.19 \\(found ${v.replace(/\./g, '\\.')}\\)`));
    assert.match(problem, /nvm install 24/);
    assert.match(problem, /npm install --prefix \.tools node@24/);
    assert.match(problem, /\.\/stampede/);
  }
  assert.equal(MIN_NODE, '22.19');
});

test('a version that is not a version is refused rather than trusted', () => {
  assert.ok(nodeVersionProblem('garbage'));
  assert.ok(nodeVersionProblem(''));
});
