import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createStackMapper } from './index.ts';
import { callExport, runFixture } from './test-kit.test.ts';

const files = {
  'lib/check.ts': `import http from 'k6/http';
interface Body { items: string[] }

export function firstItem(url: string): string {
  const res = http.get(url);
  const body = res.json() as Body;
  return body.items[0].toUpperCase();
}
`,
  'script.ts': `import { firstItem } from './lib/check.ts';

type Urls = string[];
const urls: Urls = ['a', 'b'];

export default function (): void {
  urls.forEach((u) => {
    firstItem(u);
  });
}
`,
};

test('a runtime throw in compiled TypeScript maps to the original file, line and column', async () => {
  const { exports, compiled } = await runFixture(files, 'script.ts');
  const err = await callExport(exports).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof TypeError);
  // the mapper works from plain data, as in a worker thread
  const mapper = createStackMapper(JSON.parse(JSON.stringify({ filename: compiled.filename, sourceMap: compiled.sourceMap })));
  const dir = path.dirname(compiled.path);
  assert.deepEqual(mapper.locate(err), { file: path.join(dir, 'lib/check.ts'), line: 7, column: 20 });
  const stack = mapper.stack(err);
  const lines = stack.split('\n');
  assert.match(lines[0], /^TypeError: Cannot read properties of undefined \(reading '0'\)/);
  assert.ok(lines.some((l) => l.includes(`${path.join(dir, 'lib/check.ts')}:7:20`)), stack);
  assert.ok(lines.some((l) => l.includes(`${path.join(dir, 'script.ts')}:8:5`)), stack);
  assert.ok(!stack.includes('stampede-compiled:'), 'no compiled positions remain');
  assert.ok(!stack.includes('node:internal'), 'Node-internal frames are dropped');
  assert.ok(!/src\/script/.test(stack), 'Stampede-internal frames are dropped');
});

test('errors without user frames are located nowhere; thrown non-errors stringify', async () => {
  const { compiled } = await runFixture(files, 'script.ts');
  const mapper = createStackMapper(compiled);
  assert.equal(mapper.locate(new Error('outside')), undefined);
  assert.equal(mapper.stack(new Error('outside')), 'Error: outside');
  assert.equal(mapper.locate('boom'), undefined);
  assert.equal(mapper.stack('boom'), 'boom');
});
