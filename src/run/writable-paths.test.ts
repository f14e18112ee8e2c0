import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkWritable } from './writable-paths.ts';
import { ConfigError } from '../errors/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'stampede-writable-'));
writeFileSync(path.join(dir, 'a-file'), 'x');
mkdirSync(path.join(dir, 'a-folder'));

function problems(files: Parameters<typeof checkWritable>[0]): string[] {
  try {
    checkWritable(files);
    return [];
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
}

test('a file in an existing folder, an existing file and a new history folder are fine', () => {
  assert.deepEqual(problems([
    { flag: '--summary-export', file: path.join(dir, 'new.json') },
    { flag: '--report', file: path.join(dir, 'a-file') },
    { flag: 'history', file: path.join(dir, 'history'), folder: true },
  ]), []);
});

test('each path that cannot be written is named with its flag and the reason', () => {
  assert.deepEqual(problems([
    { flag: '--summary-export', file: '/nonexistent-dir/s.json' },
    { flag: '--junit', file: path.join(dir, 'a-folder') },
    { flag: '--console-output', file: path.join(dir, 'a-file', 'c.log') },
  ]), [
    '--summary-export: cannot write /nonexistent-dir/s.json: the folder /nonexistent-dir does not exist',
    `--junit: ${path.join(dir, 'a-folder')} is a directory; give a file name`,
    `--console-output: cannot write ${path.join(dir, 'a-file', 'c.log')}: ${path.join(dir, 'a-file')} is not a folder`,
  ]);
});
