/**
 * The bundled example scripts run unchanged against the demo target: every
 * check passes, thresholds hold (exit 0), and the tool's http_reqs equals
 * the number of requests the demo target counted. Shortened with CLI
 * shortcuts (-u/-i), which replace the scripts' scenarios as in k6.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stampede, ROOT } from './helpers/cli.ts';
import { startDemoTarget } from '../examples/demo-target/server.ts';

/** The routes a browser loads (k6/browser's requests are not in http_reqs: they have metrics of their own). */
const BROWSER_ROUTES = ['GET /ui/dashboard', 'GET /ui/htmx-lite.js', 'GET /partials/dashboard'];

const EXAMPLES: { script: string; args: string[]; browser?: boolean }[] = [
  { script: 'smoke.js', args: [] },
  { script: 'demo.js', args: ['-u', '2', '-i', '4'] },
  { script: 'approvals.ts', args: ['-e', 'TIME_SCALE=0.004'] },
  { script: 'webhook.js', args: ['-u', '2', '-i', '6'] },
  { script: 'htmx.js', args: ['-u', '2', '-i', '6'] },
  { script: 'upload.js', args: ['-u', '2', '-i', '4'] },
  // its own short scenarios: -u/-i would replace the browser scenario
  { script: 'browser.js', args: [], browser: true },
];

for (const { script, args, browser } of EXAMPLES) {
  test(`examples/scripts/${script} passes against the demo target, and the counts agree`, async () => {
    const target = await startDemoTarget({ port: 0 });
    try {
      const exported = path.join(await mkdtemp(path.join(tmpdir(), 'stampede-ex-')), 'summary.json');
      const r = await stampede(['run', '--quiet', ...args, '-e', `BASE_URL=${target.url}`, '--summary-export', exported,
        path.join(ROOT, 'examples', 'scripts', script)], { timeoutMs: 90_000 });
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      const s = JSON.parse(await readFile(exported, 'utf8'));
      assert.equal(s.metrics.checks.fails, 0, r.stdout);
      assert.ok(s.metrics.checks.passes > 0);
      const counts = target.counters();
      if (browser) {
        // the browser's own requests (and Chromium's favicon fetches) have metrics of their own, not http_reqs
        for (const route of BROWSER_ROUTES) assert.equal(counts.byRoute[route], 4, `four browser iterations: ${route}`);
        assert.equal(s.metrics.http_reqs.count, counts.byRoute['GET /health'], 'tool and server agree on the protocol scenario\'s requests');
      } else {
        assert.equal(s.metrics.http_reqs.count, counts.requests, 'tool and server agree on the request count');
      }
    } finally {
      await target.close();
    }
  });
}
