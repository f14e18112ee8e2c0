import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecord } from './records.ts';

function all(text: string, delimiter = ','): string[][] {
  const out: string[][] = [];
  for (let r = readRecord(text, 0, delimiter); r !== undefined; r = readRecord(text, r.next, delimiter)) out.push(r.fields);
  return out;
}

test('records: plain, quoted with delimiters, quotes and line breaks, CRLF, empty fields', () => {
  assert.deepEqual(all('a,b,c\n1,2,3\n'), [['a', 'b', 'c'], ['1', '2', '3']]);
  assert.deepEqual(all('"x, y","say ""hi""","two\nlines"\r\nlast,,\n'), [['x, y', 'say "hi"', 'two\nlines'], ['last', '', '']]);
  assert.deepEqual(all('a;b\nc;d', ';'), [['a', 'b'], ['c', 'd']]);
  assert.deepEqual(all(''), []);
  assert.throws(() => all('"open,1\n'), /unterminated quoted field/);
});
