/**
 * A coordinator and three agents on loopback (`stampede coordinator`,
 * `stampede agent`): the target counts exactly what one process makes,
 * setup() and teardown() run once, thresholds are judged on the merged
 * data, abortOnFail and the REST API stop every agent, a killed agent is
 * named and its data kept, and a wrong token is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { scriptDir, spawnStampede, stampede } from './helpers/cli.ts';
import { freePort, startTarget } from './helpers/target.ts';
import { makeTestCerts } from './helpers/certs.ts';
import { coordinatorUrl, startDistributed } from './helpers/distributed.ts';
import { makeHosts, netnsUnavailable } from './helpers/netns.ts';

const COUNTED = `
import http from 'k6/http';
import { check } from 'k6';
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 7, iterations: 300, exec: 'shared', maxDuration: '30s' },
    pervu: { executor: 'per-vu-iterations', vus: 5, iterations: 3, exec: 'pervu', maxDuration: '30s' },
    // VUs to spare: a loaded CI machine must not turn late iterations into dropped ones
    rate: { executor: 'constant-arrival-rate', rate: 100, timeUnit: '1s', duration: '3s', preAllocatedVUs: 30, maxVUs: 30, exec: 'rate' },
  },
  // only the merged data can decide these: no agent alone has 615 iterations
  thresholds: { iterations: ['count==615'], checks: ['rate==1'], 'http_reqs{scenario:pervu}': ['count==15'] },
};
export function setup() { http.get(__ENV.TARGET + '/setup'); return { secret: 'from-setup' }; }
export function shared(data) { check(http.get(__ENV.TARGET + '/shared'), { 'setup data arrived': () => data.secret === 'from-setup' }); }
export function pervu() { http.get(__ENV.TARGET + '/pervu'); }
export function rate() { http.get(__ENV.TARGET + '/rate'); }
export function teardown(data) { http.get(__ENV.TARGET + '/teardown?s=' + data.secret); }
`;

test('three agents make exactly what one process makes: one setup and teardown, thresholds on the merged data, one summary', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'counted.js': COUNTED });
    const exported = path.join(dir, 'summary.json');
    const points = path.join(dir, 'points.json');
    const { coordinator, agents } = await startDistributed(['--instances', '3', '--summary-export', exported, '--out', `json=${points}`, '-e', `TARGET=${target.url}`, path.join(dir, 'counted.js')], 3);
    const { code } = await coordinator.closed;
    assert.equal(code, 0, coordinator.out.stderr);
    for (const a of agents) assert.equal((await a.closed).code, 0, `an agent exits with the run's code\n${a.out.stderr}`);
    const distributed = new Map(target.counts);
    assert.equal(distributed.get('/setup'), 1, 'setup() ran once');
    assert.equal(distributed.get('/teardown'), 1, 'teardown() ran once');
    assert.equal(distributed.get('/shared'), 300);
    assert.equal(distributed.get('/pervu'), 15);
    const rate = distributed.get('/rate') ?? 0;
    assert.ok(Math.abs(rate - 300) <= 1.5, `arrival rate within 0.5 % of 300: ${rate}`);
    for (let i = 0; i < 3; i++) assert.match(coordinator.out.stderr, new RegExp(`agent ${i} \\(.*\\) joined`));
    assert.match(coordinator.out.stdout, /✓ 'count==615' count=615/);

    // one summary over everyone: the server's counts, the whole test's VUs
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.iterations.count, 615);
    assert.equal(s.metrics.http_reqs.count, target.total(), 'every request the target saw is in the one summary');
    assert.equal(s.metrics.vus_max.value, 42, '7 + 5 + 30 VUs over the three agents');
    assert.equal(s.metrics.checks.passes, 300);
    // the coordinator's outputs get every agent's raw samples
    const lines = (await readFile(points, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.filter((l) => l.type === 'Point' && l.metric === 'http_reqs').length, target.total());

    // the same script in one process: the same counts for the iteration-based executors
    target.counts.clear();
    const single = await stampede(['run', '-e', `TARGET=${target.url}`, path.join(dir, 'counted.js')]);
    assert.equal(single.code, 0, single.stderr);
    for (const p of ['/setup', '/teardown', '/shared', '/pervu']) assert.equal(distributed.get(p), target.counts.get(p), p);
    assert.ok(Math.abs((target.counts.get('/rate') ?? 0) - rate) <= 3, `arrival rates within 0.5 %: ${target.counts.get('/rate')} vs ${rate}`);
  } finally {
    await target.close();
  }
});

test('abortOnFail on the merged data stops every agent within 2 s; each exits 99', async () => {
  const target = await startTarget({ '/fail': (_req, res) => { res.statusCode = 500; res.end('no'); } });
  try {
    const dir = await scriptDir({ 'abort.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 6, duration: '40s', thresholds: { http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }] } };
export default function () { http.get(__ENV.TARGET + '/fail'); sleep(0.05); }
` });
    const seen: { at: number; n: number }[] = [];
    const { coordinator, agents } = await startDistributed(['--instances', '3', '-e', `TARGET=${target.url}`, path.join(dir, 'abort.js')], 3);
    const started = Date.now();
    let crossedAt = 0;
    coordinator.child.stderr!.on('data', () => { if (!crossedAt && /was crossed and has abortOnFail/.test(coordinator.out.stderr)) crossedAt = Date.now(); });
    const count = setInterval(() => seen.push({ at: Date.now(), n: target.counts.get('/fail') ?? 0 }), 100);
    const { code } = await coordinator.closed;
    clearInterval(count);
    assert.equal(code, 99, coordinator.out.stderr);
    for (const a of agents) assert.equal((await a.closed).code, 99, a.out.stderr);
    assert.ok(crossedAt > 0, coordinator.out.stderr);
    assert.ok(Date.now() - started < 20_000, 'stopped long before the 40 s duration');
    // the target's count stops growing within 2 s of the verdict
    const final = target.counts.get('/fail') ?? 0;
    const twoSecondsLater = seen.find((s) => s.at >= crossedAt + 2000)?.n ?? final;
    assert.equal(twoSecondsLater, final, `requests kept coming more than 2 s after the threshold was crossed: ${twoSecondsLater} then ${final}`);
    assert.ok(final > 0);
  } finally {
    await target.close();
  }
});

test('kill -9 of an agent mid-run: the coordinator names it, keeps its data, stops the others (default) with exit 112', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'long.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 6, duration: '30s' };
export default function () { http.get(__ENV.TARGET + '/tick'); sleep(0.05); }
` });
    const exported = path.join(dir, 'summary.json');
    const { coordinator, agents } = await startDistributed(['--instances', '3', '--summary-export', exported, '-e', `TARGET=${target.url}`, path.join(dir, 'long.js')], 3);
    while ((target.counts.get('/tick') ?? 0) < 60) await new Promise((r) => setTimeout(r, 50));
    const victim = agents[1];
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    const { code, at } = await coordinator.closed;
    assert.equal(code, 112, coordinator.out.stderr);
    assert.ok(at - killedAt < 10_000, `the run ended ${at - killedAt} ms after the kill`);
    assert.match(coordinator.out.stderr, new RegExp(`agent \\d \\(.*pid ${victim.child.pid}.*\\) was lost [\\d.]+ s into the test`));
    assert.match(coordinator.out.stderr, /stopping the test: an agent was lost/);
    for (const a of [agents[0], agents[2]]) assert.equal((await a.closed).code, 112, a.out.stderr);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    // what the killed agent sent before it died is in the summary: no more than the target saw, and most of it
    assert.ok(s.metrics.http_reqs.count <= target.total() && s.metrics.http_reqs.count >= target.total() * 0.8, `summary ${s.metrics.http_reqs.count}, target ${target.total()}`);
  } finally {
    await target.close();
  }
});

test('--on-agent-loss continue: the other agents run to the end of the duration', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'short.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 4, duration: '6s' };
export default function () { http.get(__ENV.TARGET + '/tick'); sleep(0.1); }
` });
    const { coordinator, agents } = await startDistributed(['--instances', '2', '--on-agent-loss', 'continue', '-e', `TARGET=${target.url}`, path.join(dir, 'short.js')], 2);
    while ((target.counts.get('/tick') ?? 0) < 10) await new Promise((r) => setTimeout(r, 50));
    const killedAt = Date.now();
    agents[0].child.kill('SIGKILL');
    const { code, at } = await coordinator.closed;
    assert.equal(code, 112, coordinator.out.stderr);
    assert.match(coordinator.out.stderr, /the test goes on with 1 agent\(s\) \(--on-agent-loss continue\)/);
    assert.ok(at - killedAt > 3000, 'the other agent ran on to the end of the 6 s');
    assert.equal((await agents[1].closed).code, 112);
  } finally {
    await target.close();
  }
});

test('SIGTERM to an agent (a pod evicted) stops its share: the coordinator counts it as lost, exit 112', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'term.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 4, duration: '30s' };
export default function () { http.get(__ENV.TARGET + '/tick'); sleep(0.1); }
` });
    const { coordinator, agents } = await startDistributed(['--instances', '2', '-e', `TARGET=${target.url}`, path.join(dir, 'term.js')], 2);
    while ((target.counts.get('/tick') ?? 0) < 20) await new Promise((r) => setTimeout(r, 50));
    agents[1].child.kill('SIGTERM');
    const { code } = await coordinator.closed;
    assert.equal(code, 112, coordinator.out.stderr);
    assert.match(coordinator.out.stderr, /agent \d \(.*\) was lost [\d.]+ s into the test: interrupted on its own machine \(Ctrl-C or SIGTERM\)/);
    assert.match(agents[1].out.stderr, /SIGTERM: interrupting the running iterations; the last metrics go to the coordinator/);
    for (const a of agents) assert.equal((await a.closed).code, 112, a.out.stderr);
  } finally {
    await target.close();
  }
});

test('a wrong token is refused (exit 104); an agent that never comes is a clear timeout (exit 102)', async () => {
  const dir = await scriptDir({ 't.js': 'export default function () {}\n' });
  const coordinator = spawnStampede(['coordinator', '--listen', '127.0.0.1:0', '--instances', '1', '--token', 'right-secret', '--agent-timeout', '4s', path.join(dir, 't.js')]);
  const url = await coordinatorUrl(coordinator);
  const agent = spawnStampede(['agent', '--coordinator', url, '--token', 'wrong-secret']);
  const a = await agent.closed;
  assert.equal(a.code, 104, agent.out.stderr);
  assert.match(agent.out.stderr, /refused this agent's token \(401\)/);
  const c = await coordinator.closed;
  assert.equal(c.code, 102, coordinator.out.stderr);
  assert.match(coordinator.out.stderr, /only 0 of 1 agents joined within 4 s/);
  assert.match(coordinator.out.stderr, /stampede agent --coordinator ws:\/\/127\.0\.0\.1:\d+\/agent/);
});

test('over TLS with a token, the REST API on the coordinator shows every agent\'s VUs, pauses and resumes them, and stops them all (exit 103)', async () => {
  const target = await startTarget();
  const certs = await makeTestCerts();
  try {
    const dir = await scriptDir({ 'api.js': `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 4, duration: '40s' };
export default function () { http.get(__ENV.TARGET + '/tick'); sleep(0.1); }
` });
    const apiPort = await freePort();
    const coordinator = spawnStampede(['coordinator', '--listen', '127.0.0.1:0', '--instances', '2', '--token', 's3cret', '--tls-cert', certs.files.serverCert, '--tls-key', certs.files.serverKey,
      '--address', `127.0.0.1:${apiPort}`, '-e', `TARGET=${target.url}`, path.join(dir, 'api.js')]);
    const url = await coordinatorUrl(coordinator);
    assert.match(url, /^wss:\/\//);
    const agents = [0, 1].map(() => spawnStampede(['agent', '--coordinator', url, '--token', 's3cret', '--ca', certs.files.caCert, '--workers', '1']));
    while ((target.counts.get('/tick') ?? 0) < 20) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500)); // a progress report from each agent
    const status = await stampede(['status', '--address', `127.0.0.1:${apiPort}`]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^vus: 4$/m, status.stdout);
    assert.match(status.stdout, /^vus-max: 4$/m, status.stdout);
    // pause reaches every agent: the target's count stands still, and moves again after resume
    assert.equal((await stampede(['pause', '--address', `127.0.0.1:${apiPort}`])).code, 0);
    await new Promise((r) => setTimeout(r, 500)); // iterations under way finish
    const paused = target.counts.get('/tick');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(target.counts.get('/tick'), paused, 'no request while paused');
    assert.equal((await stampede(['resume', '--address', `127.0.0.1:${apiPort}`])).code, 0);
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok((target.counts.get('/tick') ?? 0) > (paused ?? 0), 'requests again after resume');
    const stop = await stampede(['stop', '--address', `127.0.0.1:${apiPort}`]);
    assert.equal(stop.code, 0, stop.stderr);
    const { code } = await coordinator.closed;
    assert.equal(code, 103, coordinator.out.stderr);
    for (const a of agents) assert.equal((await a.closed).code, 103, a.out.stderr);
  } finally {
    await target.close();
  }
});

test('three agents in their own network namespaces (separate hosts to the network) make exactly the whole test', { skip: netnsUnavailable() }, async () => {
  const hosts = makeHosts(3);
  // the target and the coordinator listen on the host's bridge address: the agents' traffic crosses their veth pairs
  const target = await startTarget({}, hosts.hostIp);
  try {
    const dir = await scriptDir({ 'counted.js': COUNTED });
    const exported = path.join(dir, 'summary.json');
    const coordinator = spawnStampede(['coordinator', '--listen', `${hosts.hostIp}:0`, '--instances', '3', '--token', 'ns-token', '--summary-export', exported, '-e', `TARGET=${target.url}`, path.join(dir, 'counted.js')]);
    const url = await coordinatorUrl(coordinator);
    const agents = [0, 1, 2].map((i) => spawnStampede(['agent', '--coordinator', url, '--token', 'ns-token', '--workers', '1', '--index', String(i)], {}, 90_000, hosts.prefix(i)));
    const { code } = await coordinator.closed;
    assert.equal(code, 0, coordinator.out.stderr);
    for (const a of agents) assert.equal((await a.closed).code, 0, a.out.stderr);
    // each agent came from its own address
    for (let i = 0; i < 3; i++) assert.match(coordinator.out.stderr, new RegExp(`agent ${i} \\(.*, ${hosts.ips[i].replace(/\./g, '\\.')}\\) joined`));
    assert.equal(target.counts.get('/setup'), 1);
    assert.equal(target.counts.get('/teardown'), 1);
    assert.equal(target.counts.get('/shared'), 300);
    assert.equal(target.counts.get('/pervu'), 15);
    assert.ok(Math.abs((target.counts.get('/rate') ?? 0) - 300) <= 1.5, `arrival rate: ${target.counts.get('/rate')}`);
    const s = JSON.parse(await readFile(exported, 'utf8'));
    assert.equal(s.metrics.http_reqs.count, target.total());
  } finally {
    await target.close();
    hosts.cleanup();
  }
});

test('an agent that dies before the test has all its agents frees its slot: a restarted agent takes it', async () => {
  const target = await startTarget();
  try {
    const dir = await scriptDir({ 'count.js': `import http from 'k6/http';\nexport const options = { vus: 2, iterations: 20 };\nexport default function () { http.get(__ENV.TARGET + '/hit'); }\n` });
    const coordinator = spawnStampede(['coordinator', '--listen', '127.0.0.1:0', '--instances', '2', '-e', `TARGET=${target.url}`, path.join(dir, 'count.js')]);
    const url = await coordinatorUrl(coordinator);
    const first = spawnStampede(['agent', '--coordinator', url, '--index', '0', '--workers', '1']);
    // the coordinator's readiness answer says how many joined
    const joined = async () => (await (await fetch(url.replace(/^ws/, 'http').replace(/\/agent$/, '/'))).text()).match(/(\d+) of 2 agents joined/)?.[1];
    const deadline = Date.now() + 30_000;
    while ((await joined()) !== '1' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await joined(), '1', 'the first agent joined');
    first.child.kill('SIGKILL');
    await first.closed;
    while ((await joined()) !== '0' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await joined(), '0', 'its slot is free again');
    const again = spawnStampede(['agent', '--coordinator', url, '--index', '0', '--workers', '1']);
    const other = spawnStampede(['agent', '--coordinator', url, '--index', '1', '--workers', '1']);
    const { code } = await coordinator.closed;
    assert.equal(code, 0, coordinator.out.stderr);
    for (const a of [again, other]) assert.equal((await a.closed).code, 0, a.out.stderr);
    assert.equal(target.counts.get('/hit'), 20);
  } finally {
    await target.close();
  }
});
