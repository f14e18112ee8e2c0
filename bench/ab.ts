/**
 * A/B helper for hot-path work: runs the closed-loop script with Stampede
 * alone against pinned nginx, alternating between environment variants.
 *   node bench/ab.ts SECONDS RUNS 'A=env1' 'B=env2' ...   (env as K=V,K=V)
 */
import { readFileSync, rmSync } from 'node:fs';
import { median, pinned } from './lib.ts';
import { startNginx } from './nginx.ts';

const [secs = '6', runs = '3', ...variants] = process.argv.slice(2);
const target = await startNginx(1);
const results = new Map<string, number[]>();
try {
  for (let i = 0; i < Number(runs); i++) {
    for (const v of variants.length ? variants : ['base=']) {
      const [name, envs = ''] = v.split('=', 2).length === 2 ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [v, ''];
      const env: Record<string, string> = {};
      for (const kv of envs.split(',').filter(Boolean)) { const [k, ...rest] = kv.split(':'); env[k!] = rest.join(':'); }
      const main = env.DIST ? `${env.DIST}/cli/main.js` : 'dist/cli/main.js';
      const flags = env.NODEFLAGS ? env.NODEFLAGS.split(' ') : [];
      const child = pinned(0, process.execPath, [...flags, main, 'run', '--quiet', '--workers', '1', '-u', '50', '-d', `${secs}s`, '--address', '127.0.0.1:0', '-e', `TARGET=${target.url}`, '--summary-export', '/tmp/ab/out.json', 'bench/scripts/closed-loop.js'], { env });
      rmSync('/tmp/ab/out.json', { force: true });
      const code = await new Promise((r) => child.once('exit', r));
      if (code !== 0) throw new Error(`${name} exited ${code}`);
      const rate = JSON.parse(readFileSync('/tmp/ab/out.json', 'utf8')).metrics.http_reqs.rate;
      if (!results.has(name)) results.set(name, []);
      results.get(name)!.push(rate);
    }
  }
} finally { target.stop(); }
for (const [name, r] of results) console.log(`${name.padEnd(12)} median ${Math.round(median(r))}  runs ${r.map(Math.round).join(', ')}`);
