import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeProbeSpecs, probeEveryFromFlag, probeSpecFromFlag, probeSpecsFrom, PROBE_DEFAULT_EVERY, PROBE_MIN_EVERY_MS } from './spec.ts';
import type { ProbeSpec } from './types.ts';

/** The problems reading `probes` gives, failing when any probe still came back. */
function problemsOf(probes: unknown): string[] {
  const problems: string[] = [];
  assert.deepEqual(probeSpecsFrom(probes, problems), []);
  return problems;
}

/** The one spec a probe object gives, failing on any problem. */
function specOf(probe: Record<string, unknown>): ProbeSpec {
  const problems: string[] = [];
  const specs = probeSpecsFrom({ p: probe }, problems);
  assert.deepEqual(problems, []);
  assert.equal(specs.length, 1);
  return specs[0];
}

test('options.probes: every source reads into a spec; defaults for every, timeout, drain.timeout, bullmq prefix', () => {
  const problems: string[] = [];
  const specs = probeSpecsFrom({
    queue: { redis: 'redis://127.0.0.1:6379', command: ['LLEN', 'jobs'], every: '1s', drain: { until: 'value == 0' } },
    approvals: { redis: 'rediss://cache:6380', bullmq: 'action-executor', every: '2s' },
    redis_memory: { redis: 'redis://cache', info: 'memory.used_memory' },
    pg_conns: { postgres: 'postgresql://u:p@db/app', query: 'select count(*) from pg_stat_activity', every: 5000 },
    api_errors: { prometheus: 'https://prom:9090', query: 'sum(up)', every: '15s', headers: { Authorization: 'Bearer t' }, tls: { insecureSkipVerify: true } },
    health: { http: 'http://api/health', json: 'queue.depth', every: '500ms', timeout: '2s' },
    scrape: { http: 'https://api/metrics', metric: 'queue_depth', tls: { ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' } },
  }, problems);
  assert.deepEqual(problems, []);
  assert.deepEqual(specs, [
    { name: 'queue', source: { kind: 'redis', url: 'redis://127.0.0.1:6379', command: ['LLEN', 'jobs'] }, everyMs: 1000, timeoutMs: 1000, drain: { until: 'value == 0', timeoutMs: 300_000 } },
    { name: 'approvals', source: { kind: 'redis', url: 'rediss://cache:6380', bullmq: 'action-executor', prefix: 'bull' }, everyMs: 2000, timeoutMs: 2000 },
    { name: 'redis_memory', source: { kind: 'redis', url: 'redis://cache', info: 'memory.used_memory' }, everyMs: 5000, timeoutMs: 5000 },
    { name: 'pg_conns', source: { kind: 'postgres', url: 'postgresql://u:p@db/app', query: 'select count(*) from pg_stat_activity' }, everyMs: 5000, timeoutMs: 5000 },
    { name: 'api_errors', source: { kind: 'prometheus', url: 'https://prom:9090', query: 'sum(up)', headers: { Authorization: 'Bearer t' }, tls: { insecureSkipVerify: true } }, everyMs: 15_000, timeoutMs: 10_000 },
    { name: 'health', source: { kind: 'http', url: 'http://api/health', json: 'queue.depth' }, everyMs: 500, timeoutMs: 2000 },
    { name: 'scrape', source: { kind: 'http', url: 'https://api/metrics', metric: 'queue_depth', tls: { ca: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' } }, everyMs: 5000, timeoutMs: 5000 },
  ]);
  assert.equal(PROBE_DEFAULT_EVERY, '5s');
  assert.deepEqual(probeSpecsFrom(undefined, problems), []);
  assert.deepEqual(probeSpecsFrom(null, problems), []);
  assert.deepEqual(probeSpecsFrom({}, problems), []);
  assert.deepEqual(problems, []);
});

test('redis: a command string is split on spaces; a custom bullmq prefix; drain timeout; a plain http body', () => {
  assert.deepEqual(specOf({ redis: 'redis://h', command: ' ZCARD   delayed ' }).source, { kind: 'redis', url: 'redis://h', command: ['ZCARD', 'delayed'] });
  assert.deepEqual(specOf({ redis: 'redis://h', bullmq: 'emails', prefix: 'myapp' }).source, { kind: 'redis', url: 'redis://h', bullmq: 'emails', prefix: 'myapp' });
  assert.deepEqual(specOf({ redis: 'redis://h', info: 'used_memory', drain: { until: 'value<1e6', timeout: '30s' } }).drain, { until: 'value<1e6', timeoutMs: 30_000 });
  assert.deepEqual(specOf({ http: 'http://h/count' }).source, { kind: 'http', url: 'http://h/count' });
});

test('a probe names exactly one source; a missing one hints at a misspelling or an unset variable', () => {
  assert.deepEqual(problemsOf({
    queue: { command: ['LLEN', 'jobs'] },
    a: { every: '1s' },
    b: { reddis: 'redis://h', command: ['LLEN', 'x'] },
    c: { redis: 'redis://h', http: 'http://h', command: ['LLEN', 'x'] },
    d: { json: 'x.y' },
  }), [
    'probes.queue: give one source: redis, postgres, prometheus or http (no redis URL: is REDIS_URL set?)',
    'probes.a: give one source: redis, postgres, prometheus or http',
    'probes.b: give one source: redis, postgres, prometheus or http ("reddis": did you mean "redis"?)',
    'probes.c: give one source, got redis and http',
    'probes.d: give one source: redis, postgres, prometheus or http (no http URL: is an environment variable unset?)',
  ]);
});

test('URLs: unset variables are named, schemes are checked, passwords never shown', () => {
  const problems = problemsOf({
    a: { redis: undefined, command: ['LLEN', 'x'] },
    b: { redis: '', command: ['LLEN', 'x'] },
    c: { redis: 'undefined', command: ['LLEN', 'x'] },
    d: { postgres: null, query: 'select 1' },
    e: { http: 'undefined/health' },
    f: { redis: 'redis://undefined:6379', command: ['LLEN', 'x'] },
    g: { redis: 'http://user:hunter2@h:6379', command: ['LLEN', 'x'] },
    h: { postgres: 'mysql://root:hunter2@db/app', query: 'select 1' },
    i: { prometheus: 'prom:9090', query: 'up' },
    j: { http: 5 },
    k: { prometheus: '   ', query: 'up' },
  });
  assert.deepEqual(problems, [
    'probes.a.redis: no URL (is REDIS_URL set?)',
    'probes.b.redis: "" is empty (is REDIS_URL set?)',
    'probes.c.redis: "undefined" is not a URL (is REDIS_URL set?)',
    'probes.d.postgres: no URL (is DATABASE_URL set?)',
    'probes.e.http: "undefined/health" is not a URL; use http://… or https://… (is an environment variable unset?)',
    'probes.f.redis: "redis://undefined:6379" has "undefined" in it (is REDIS_URL set?)',
    'probes.g.redis: "http://user:***@h:6379" is not a redis URL; use redis://host:6379 or rediss://…',
    'probes.h.postgres: "mysql://root:***@db/app" is not a postgres URL; use postgres://user:password@host:5432/db',
    'probes.i.prometheus: "prom:9090" is not a prometheus URL; use http://host:9090 or https://…',
    'probes.j.http: must be a URL string like http://… or https://…, got 5',
    'probes.k.prometheus: "   " is empty (is PROMETHEUS_URL set?)',
  ]);
  assert.ok(problems.every((p) => !p.includes('hunter2')));
});

test('probe names must fit in a metric name; probes must be objects; probes must be an object', () => {
  assert.deepEqual(problemsOf({ 'my-queue': { http: 'http://h' }, '9lives': { http: 'http://h' }, 'a b': { http: 'http://h' }, q: 'redis://h LLEN x' }), [
    'probes.my-queue: "my-queue" cannot name a probe; use letters, digits and _, not starting with a digit (the metric is probe_<name>)',
    'probes.9lives: "9lives" cannot name a probe; use letters, digits and _, not starting with a digit (the metric is probe_<name>)',
    'probes["a b"]: "a b" cannot name a probe; use letters, digits and _, not starting with a digit (the metric is probe_<name>)',
    'probes.q: must be an object like { redis: \'redis://…\', command: [\'LLEN\', \'jobs\'] }, got "redis://h LLEN x"',
  ]);
  assert.deepEqual(problemsOf([1]), ["probes: must be an object of probes by name, e.g. { queue: { redis: 'redis://…', command: ['LLEN', 'jobs'] } }, got [1]"]);
  assert.deepEqual(specOf({ http: 'http://h' }).name, 'p');
  const problems: string[] = [];
  assert.deepEqual(probeSpecsFrom({ _ok_1: { http: 'http://h' } }, problems).map((s) => s.name), ['_ok_1']);
});

test('every and timeout: durations, at least the minimum; a good probe still comes back beside a bad one', () => {
  const problems: string[] = [];
  const specs = probeSpecsFrom({
    a: { http: 'http://h', every: 'fast' },
    b: { http: 'http://h', every: '50ms' },
    c: { http: 'http://h', every: '0s' },
    d: { http: 'http://h', timeout: '-1s' },
    e: { http: 'http://h', timeout: 0 },
    ok: { http: 'http://h', every: '100ms' },
    long: { http: 'http://h', every: '1m' },
  }, problems);
  assert.deepEqual(problems, [
    'probes.a.every: "fast" is not a duration (e.g. 1s, 500ms)',
    'probes.b.every: "50ms" is too often; the minimum is 100ms',
    'probes.c.every: must be more than 0, got "0s"',
    'probes.d.timeout: "-1s" is not a duration (e.g. 1s, 500ms)',
    'probes.e.timeout: must be more than 0, got 0',
  ]);
  assert.deepEqual(specs.map((s) => [s.name, s.everyMs, s.timeoutMs]), [['ok', PROBE_MIN_EVERY_MS, 100], ['long', 60_000, 10_000]]);
});

test('redis: one of command, info or bullmq, each well formed', () => {
  assert.deepEqual(problemsOf({
    a: { redis: 'redis://h' },
    b: { redis: 'redis://h', command: ['LLEN', 'x'], info: 'used_memory' },
    c: { redis: 'redis://h', command: [] },
    d: { redis: 'redis://h', command: ['LLEN', 3] },
    e: { redis: 'redis://h', command: '  ' },
    approvals: { redis: 'redis://h', bullmq: '' },
    g: { redis: 'redis://h', bullmq: true },
    h: { redis: 'redis://h', info: 'memory used' },
    i: { redis: 'redis://h', command: ['GET', 'x'], prefix: 'bull' },
    j: { redis: 'redis://h', bullmq: 'q', prefix: '' },
  }), [
    "probes.a: redis needs one of command, info or bullmq (e.g. command: ['LLEN', 'jobs'])",
    'probes.b: redis takes one of command, info or bullmq, got command and info',
    "probes.c.command: a list of strings like ['LLEN', 'jobs']",
    "probes.d.command: a list of strings like ['LLEN', 'jobs']",
    "probes.e.command: a list of strings like ['LLEN', 'jobs']",
    "probes.approvals: redis with bullmq needs a queue name, e.g. bullmq: 'emails'",
    "probes.g: redis with bullmq needs a queue name, e.g. bullmq: 'emails'",
    "probes.h.info: a field of INFO like 'memory.used_memory' or 'used_memory', got \"memory used\"",
    'probes.i.prefix: only goes with bullmq',
    "probes.j.prefix: the queues' key prefix, e.g. 'bull', got \"\"",
  ]);
});

test('postgres, prometheus and http fields', () => {
  assert.deepEqual(problemsOf({
    a: { postgres: 'postgres://h/db' },
    b: { prometheus: 'http://h:9090', query: '' },
    c: { http: 'http://h', json: 'a', metric: 'b' },
    d: { http: 'http://h', metric: 'queue-depth' },
    e: { http: 'http://h', json: 3 },
    f: { prometheus: 'http://h', query: 'up', headers: { Authorization: 'Bearer undefined', 'X-Team': 7 } },
    g: { http: 'http://h', headers: 'Bearer x' },
    h: { http: 'https://h', tls: { ca: '/etc/ca.pem', insecureSkipVerify: 'yes', verify: false } },
    i: { prometheus: 'http://h', query: 'up', tls: true },
  }), [
    "probes.a.query: required: the SQL whose result is the value, e.g. 'select count(*) from jobs'",
    "probes.b.query: required: the PromQL to evaluate, e.g. 'sum(up)', got \"\"",
    'probes.c: http takes json or metric, not both',
    "probes.d.metric: a Prometheus metric name like 'queue_depth', got \"queue-depth\"",
    "probes.e.json: a path into the JSON body, e.g. 'queue.depth', got 3",
    'probes.f.headers.X-Team: must be a string, got 7',
    'probes.g.headers: must be an object of string values, got "Bearer x"',
    'probes.h.tls.verify: unknown field; tls takes ca and insecureSkipVerify',
    'probes.h.tls.ca: must be PEM text (-----BEGIN CERTIFICATE-----…); read a file with open() in the init context',
    'probes.h.tls.insecureSkipVerify: must be true or false, got "yes"',
    'probes.i.tls: must be { ca, insecureSkipVerify }, got true',
  ]);
  // a header's value (often a token) is never shown, only that a variable looks unset
  assert.deepEqual(problemsOf({ f: { prometheus: 'http://h', query: 'up', headers: { Authorization: 'Bearer undefined' } } }),
    ['probes.f.headers.Authorization: ends in "undefined" (is an environment variable unset?)']);
});

test('unknown fields: did you mean, else the fields the source takes', () => {
  assert.deepEqual(problemsOf({
    a: { redis: 'redis://h', command: ['LLEN', 'x'], evry: '1s' },
    b: { redis: 'redis://h', command: ['LLEN', 'x'], query: 'select 1' },
    c: { http: 'http://h', jsonpath: 'a.b' },
    d: { postgres: 'postgres://h/db', query: 'select 1', drain: { until: 'value == 0', timout: '1m' } },
  }), [
    'probes.a.evry: unknown field; did you mean "every"?',
    'probes.b.query: unknown field; a redis probe takes redis, command, info, bullmq, prefix, every, timeout and drain',
    'probes.c.jsonpath: unknown field; an http probe takes http, json, metric, headers, tls, every, timeout and drain',
    'probes.d.drain.timout: unknown field; did you mean "timeout"?',
  ]);
});

test('drain: until is a condition, timeout a duration', () => {
  assert.deepEqual(problemsOf({
    a: { http: 'http://h', drain: { until: 'value = 0' } },
    b: { http: 'http://h', drain: {} },
    c: { http: 'http://h', drain: { until: 'value == 0', timeout: 'soon' } },
    d: { http: 'http://h', drain: 'value == 0' },
    e: { http: 'http://h', drain: { until: 0 } },
    f: { http: 'http://h', drain: { until: 'value == 0', after: 7 } },
  }), [
    'probes.a.drain.until: "value = 0" is not a condition like "value == 0" or "value < 10"',
    "probes.b.drain.until: required, a condition like 'value == 0'",
    'probes.c.drain.timeout: "soon" is not a duration (e.g. 1s, 500ms)',
    "probes.d.drain: must be { until: 'value == 0', timeout: '5m' }, got \"value == 0\"",
    "probes.e.drain.until: required, a condition like 'value == 0', got 0",
    'probes.f.drain.after: the name of a fault in options.chaos, got 7',
  ]);
  assert.deepEqual(specOf({ http: 'http://h', drain: { until: 'value == 0', after: 'outage' } }).drain, { until: 'value == 0', timeoutMs: 300_000, after: 'outage' });
});

test('--probe: the scheme picks the source; the rest is the command, query or body selector', () => {
  const problems: string[] = [];
  const flag = (text: string, every?: number) => probeSpecFromFlag(text, every, problems);
  assert.deepEqual(flag('queue=redis://127.0.0.1:6379 LLEN jobs', 1000),
    { name: 'queue', source: { kind: 'redis', url: 'redis://127.0.0.1:6379', command: ['LLEN', 'jobs'] }, everyMs: 1000, timeoutMs: 1000 });
  assert.deepEqual(flag('mem=rediss://h INFO memory.used_memory')?.source, { kind: 'redis', url: 'rediss://h', info: 'memory.used_memory' });
  assert.deepEqual(flag('mem=redis://h info used_memory')?.source, { kind: 'redis', url: 'redis://h', info: 'used_memory' });
  assert.deepEqual(flag('jobs=redis://h BULLMQ emails')?.source, { kind: 'redis', url: 'redis://h', bullmq: 'emails', prefix: 'bull' });
  assert.deepEqual(flag('jobs=redis://h BULLMQ emails prefix=app')?.source, { kind: 'redis', url: 'redis://h', bullmq: 'emails', prefix: 'app' });
  assert.deepEqual(flag('pg=postgres://u:p@db/app select count(*)  from jobs where state = \'new\'')?.source,
    { kind: 'postgres', url: 'postgres://u:p@db/app', query: 'select count(*)  from jobs where state = \'new\'' });
  assert.deepEqual(flag('errs=prometheus+https://prom:9090 sum(rate(http_requests_total{code=~"5.."}[1m]))')?.source,
    { kind: 'prometheus', url: 'https://prom:9090', query: 'sum(rate(http_requests_total{code=~"5.."}[1m]))' });
  assert.deepEqual(flag('up=prometheus+http://prom:9090 up')?.source, { kind: 'prometheus', url: 'http://prom:9090', query: 'up' });
  assert.deepEqual(flag('health=https://api/health json=queue.depth')?.source, { kind: 'http', url: 'https://api/health', json: 'queue.depth' });
  assert.deepEqual(flag('depth=http://api/metrics metric=queue_depth')?.source, { kind: 'http', url: 'http://api/metrics', metric: 'queue_depth' });
  assert.deepEqual(flag(' n = http://api/n ')?.source, { kind: 'http', url: 'http://api/n' });
  assert.equal(flag('d=http://h')?.everyMs, 5000);
  assert.deepEqual(problems, []);
});

test('--probe: problems name the flag, redacted', () => {
  const problems: string[] = [];
  const bad = ['redis://h LLEN jobs', '=redis://h LLEN x', 'my-q=redis://h LLEN x', 'q=redis://:hunter2@h', 'q=redis://h INFO', 'q=redis://h BULLMQ',
    'q=postgres://u:hunter2@h/db', 'q=prometheus+http://h:9090', 'q=http://h json=', 'q=http://h jq=.a', 'q=ftp://h/x', 'q=redis://h LLEN x'];
  for (const text of bad) assert.equal(probeSpecFromFlag(text, text === 'q=redis://h LLEN x' ? 50 : undefined, problems), undefined, text);
  assert.deepEqual(problems, [
    '--probe "redis://h LLEN jobs": write name=URL …, e.g. --probe \'queue=redis://127.0.0.1:6379 LLEN jobs\'',
    '--probe "=redis://h LLEN x": write name=URL …, e.g. --probe \'queue=redis://127.0.0.1:6379 LLEN jobs\'',
    '--probe "my-q=redis://h LLEN x": "my-q" cannot name a probe; use letters, digits and _, not starting with a digit (the metric is probe_<name>)',
    '--probe "q=redis://:***@h": give a command after the URL: LLEN jobs, INFO memory.used_memory or BULLMQ queue-name',
    '--probe "q=redis://h INFO": write INFO section.field, e.g. INFO memory.used_memory',
    '--probe "q=redis://h BULLMQ": write BULLMQ queue-name [prefix=bull]',
    '--probe "q=postgres://u:***@h/db": give the SQL after the URL, e.g. postgres://… select count(*) from jobs',
    '--probe "q=prometheus+http://h:9090": give the PromQL after the URL, e.g. prometheus+http://host:9090 sum(up)',
    '--probe "q=http://h json=": after an http(s) URL write nothing, json=path.to.number or metric=metric_name',
    '--probe "q=http://h jq=.a": after an http(s) URL write nothing, json=path.to.number or metric=metric_name',
    '--probe "q=ftp://h/x": the URL must start with redis://, rediss://, postgres://, prometheus+http(s):// or http(s)://',
    '--probe "q=redis://h LLEN x": "50ms" is too often; the minimum is 100ms',
  ]);
  assert.ok(problems.every((p) => !p.includes('hunter2')));
  const urlProblem: string[] = [];
  probeSpecFromFlag('q=redis://undefined LLEN x', undefined, urlProblem);
  assert.deepEqual(urlProblem, ['--probe "q=redis://undefined LLEN x": "redis://undefined" has "undefined" in it (is REDIS_URL set?)']);
});

test('--probe-every: a duration of at least the minimum', () => {
  const problems: string[] = [];
  assert.equal(probeEveryFromFlag('1s', problems), 1000);
  assert.equal(probeEveryFromFlag('250', problems), 250);
  assert.equal(probeEveryFromFlag('fast', problems), undefined);
  assert.equal(probeEveryFromFlag('10ms', problems), undefined);
  assert.equal(probeEveryFromFlag('0', problems), undefined);
  assert.deepEqual(problems, [
    '--probe-every: "fast" is not a duration (e.g. 1s, 500ms)',
    '--probe-every: "10ms" is too often; the minimum is 100ms',
    '--probe-every: "0" is not a duration (e.g. 1s, 500ms)',
  ]);
});

test('merge: a flag replaces the option of its name in place; new flags follow', () => {
  const spec = (name: string, everyMs: number): ProbeSpec => ({ name, source: { kind: 'http', url: 'http://h' }, everyMs, timeoutMs: everyMs });
  assert.deepEqual(mergeProbeSpecs([spec('a', 1000), spec('b', 1000), spec('c', 1000)], [spec('d', 2000), spec('b', 3000)]),
    [spec('a', 1000), spec('b', 3000), spec('c', 1000), spec('d', 2000)]);
  assert.deepEqual(mergeProbeSpecs([], [spec('a', 1000)]), [spec('a', 1000)]);
  assert.deepEqual(mergeProbeSpecs([spec('a', 1000)], []), [spec('a', 1000)]);
});
