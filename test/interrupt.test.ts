/**
 * Ctrl-C stops a run gracefully: running iterations finish, the summary and
 * the summary export are still written, and the exit code is k6's 105.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, scriptDir } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';

test('SIGINT during a 30 s run exits 105 within seconds and keeps the data', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'long.js': `import http from 'k6/http';\nimport { sleep } from 'k6';\nexport const options = { vus: 3, duration: '30s' };\nexport default function () { http.get('${target.url}/tick'); sleep(0.1); }\n` });
    const exported = path.join(dir, 'summary.json');
    const child = spawn(process.execPath, [path.join(ROOT, 'src/cli/main.ts'), 'run', '--summary-export', exported, path.join(dir, 'long.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 105, stderr);
    assert.ok(Date.now() - started < 10_000, 'stopped well before the 30 s duration');
    assert.match(stdout, /http_reqs/);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.http_reqs.count, target.counts.get('/tick'), 'every request the server saw is in the summary');
    assert.ok(s.metrics.http_reqs.count > 10);
  } finally {
    await target.close();
  }
});
