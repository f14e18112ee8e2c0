/**
 * A TypeScript k6 script in the synchronous k6 style — a helper module that
 * itself calls http, interfaces, custom Trend and Counter, checks, nested
 * groups, a blocking forEach and r.json('a.b[0]') — runs unchanged, and the
 * check results equal what the server's responses imply.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stampede, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('a synchronous-style TypeScript script with helpers, groups and forEach runs unchanged', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'lib/api.ts': `import http from 'k6/http';
export interface Item { id: number; path: string }
export function fetchItem(base: string, item: Item) {
  return http.get(\`\${base}\${item.path}\`, { tags: { name: 'item' } });
}
`,
      'test.ts': `import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Trend, Counter } from 'k6/metrics';
import { fetchItem, type Item } from './lib/api.ts';

interface Options { vus: number; iterations: number }
export const options: Options = { vus: 2, iterations: 6 };
const itemTime = new Trend('item_time', true);
const itemsFetched = new Counter('items_fetched');
const BASE = '${target.url}';
const items: Item[] = [{ id: 1, path: '/json' }, { id: 2, path: '/status/404' }, { id: 3, path: '/plain' }];

export default function () {
  group('catalog', () => {
    group('items', () => {
      items.forEach((item) => {
        const r = fetchItem(BASE, item);
        itemTime.add(r.timings.duration);
        itemsFetched.add(1);
        check(r, { 'item status 200': (res) => res.status === 200 });
      });
    });
    const r = http.get(BASE + '/json');
    check(r, {
      'json a.b[0] is first': (res) => res.json('a.b[0]') === 'first',
      'json a.b.1 is second': (res) => res.json('a.b.1') === 'second',
    });
  });
  sleep(0.01);
}
`,
    });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'test.ts')]);
    assert.equal(r.code, 0, r.stderr);
    // 6 iterations x (3 items + 1 json) = 24 requests, seen by the server in order per iteration
    assert.equal(target.total(), 24);
    assert.equal(target.counts.get('/status/404'), 6);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.http_reqs.count, 24);
    assert.equal(s.metrics.items_fetched.count, 18);
    assert.ok(s.metrics.item_time.avg > 0, 'item_time trend recorded');
    // 18 item checks, 6 of them the 404: 12 pass, 6 fail; 12 json checks all pass
    assert.equal(s.metrics.checks.passes, 24);
    assert.equal(s.metrics.checks.fails, 6);
    // k6's summary export keys groups and checks by name
    const items = s.root_group.groups.catalog?.groups.items;
    assert.ok(items, 'catalog::items group in the summary export');
    const itemCheck = items.checks['item status 200'];
    assert.deepEqual([itemCheck.passes, itemCheck.fails], [12, 6]);
    assert.equal(items.path, '::catalog::items');
    assert.match(r.stdout, /item status 200/);
  } finally {
    await target.close();
  }
});

test('an async script using await http.asyncRequest runs as written', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({
      'async.js': `import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 5 };
export default async function () {
  const [a, b] = await Promise.all([
    http.asyncRequest('GET', '${target.url}/json'),
    http.asyncRequest('GET', '${target.url}/plain'),
  ]);
  check(a, { 'json ok': (r) => r.json('ok') === true });
  check(b, { 'plain ok': (r) => r.body === 'ok' });
}
`,
    });
    const exported = path.join(dir, 'summary.json');
    const r = await stampede(['run', '--summary-export', exported, path.join(dir, 'async.js')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(target.total(), 10);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.checks.passes, 10);
    assert.equal(s.metrics.checks.fails, 0);
  } finally {
    await target.close();
  }
});
