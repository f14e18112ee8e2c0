import { test } from 'node:test';
import assert from 'node:assert/strict';
import { literalOpens, readTar, writeTar } from './archive.ts';

test('the tar writer and reader round-trip, long paths included', () => {
  const long = `files/${'deep/'.repeat(30)}data.csv`;
  const entries = [{ name: 'metadata.json', data: Buffer.from('{}') }, { name: long, data: Buffer.alloc(1000, 7) }];
  const back = readTar(writeTar(entries));
  assert.deepEqual(back.map((e) => e.name), ['metadata.json', long]);
  assert.deepEqual(back[1].data, entries[1].data);
});

test('literalOpens finds open() calls with literal paths only', () => {
  const src = `const a = open('./a.json'); const b = open("b.bin", 'b'); const c = open(\`c.txt\`);
const d = open(__ENV.X); file.open('no.txt'); reopen('no2');`;
  assert.deepEqual(literalOpens(src), ['./a.json', 'b.bin', 'c.txt']);
});
