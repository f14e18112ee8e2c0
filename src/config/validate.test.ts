import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../errors/index.ts';
import type { Options, ScenarioConfig } from './options.ts';
import { resolveOptions } from './validate.ts';

/** The problems of the ConfigError that resolveOptions throws. */
function problemsOf(options: Options, extra: string[] = []): string[] {
  try {
    resolveOptions(options, extra);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.exitCode, 104);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

function pick(s: ScenarioConfig, keys: (keyof ScenarioConfig)[]): Partial<ScenarioConfig> {
  return Object.fromEntries(keys.map((k) => [k, s[k]]));
}

test('shortcut options become one "default" scenario, as in k6', () => {
  const cases: [string, Options, Partial<ScenarioConfig>][] = [
    ['nothing', {}, { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDurationMs: 600_000 }],
    ['iterations', { iterations: 10 }, { executor: 'shared-iterations', vus: 1, iterations: 10, maxDurationMs: 600_000 }],
    ['iterations + vus', { iterations: 10, vus: 5 }, { executor: 'shared-iterations', vus: 5, iterations: 10 }],
    ['iterations + duration', { iterations: 10, duration: '2m' }, { executor: 'shared-iterations', vus: 1, iterations: 10, maxDurationMs: 120_000 }],
    ['duration', { duration: '30s' }, { executor: 'constant-vus', vus: 1, durationMs: 30_000 }],
    ['duration + vus', { duration: 45_000, vus: 20 }, { executor: 'constant-vus', vus: 20, durationMs: 45_000 }],
    ['stages', { stages: [{ duration: '10s', target: 5 }] }, { executor: 'ramping-vus', startVUs: 1, stages: [{ durationMs: 10_000, target: 5 }], gracefulRampDownMs: 30_000, durationMs: 10_000 }],
    ['stages + vus', { vus: 0, stages: [{ duration: '1m', target: 5 }, { duration: '30s', target: 0 }] }, { executor: 'ramping-vus', startVUs: 0, durationMs: 90_000 }],
    ['vus alone (k6: ignored, with a warning)', { vus: 4 }, { executor: 'per-vu-iterations', vus: 1, iterations: 1 }],
  ];
  for (const [name, options, expected] of cases) {
    const resolved = resolveOptions(options);
    assert.equal(resolved.scenarioConfigs.length, 1, name);
    const s = resolved.scenarioConfigs[0];
    assert.equal(s.name, 'default', name);
    assert.deepEqual(pick(s, Object.keys(expected) as (keyof ScenarioConfig)[]), expected, name);
    assert.equal(s.gracefulStopMs, 30_000, name);
    assert.equal(s.exec, 'default', name);
    assert.deepEqual(Object.keys(resolved.scenarios), ['default'], name);
  }
});

test('explicit scenarios are kept in declaration order; vus next to them is ignored with a warning', () => {
  const resolved = resolveOptions({
    vus: 10,
    scenarios: {
      warm: { executor: 'constant-vus', vus: 2, duration: '10s' },
      peak: { executor: 'constant-arrival-rate', rate: 50, duration: '1m', preAllocatedVUs: 20, startTime: '10s', exec: 'peak', tags: { phase: 'peak' } },
    },
  });
  assert.deepEqual(resolved.scenarioConfigs.map((s) => s.name), ['warm', 'peak']);
  assert.deepEqual(pick(resolved.scenarioConfigs[1], ['rate', 'timeUnitMs', 'durationMs', 'preAllocatedVUs', 'maxVUs', 'startTimeMs', 'exec', 'tags']), {
    rate: 50, timeUnitMs: 1000, durationMs: 60_000, preAllocatedVUs: 20, maxVUs: 20, startTimeMs: 10_000, exec: 'peak', tags: { phase: 'peak' },
  });
  assert.deepEqual(resolved.warnings, ['vus: ignored because scenarios are defined; set vus (or preAllocatedVUs…) inside each scenario']);
});

test('defaults are filled in', () => {
  const r = resolveOptions({});
  assert.deepEqual(r.summaryTrendStats, ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']);
  assert.equal(r.setupTimeoutMs, 60_000);
  assert.equal(r.teardownTimeoutMs, 60_000);
  assert.equal(r.minIterationDurationMs, 0);
  assert.deepEqual(r.thresholds, {});
  assert.equal(r.batch, 20);
  assert.equal(r.batchPerHost, 6);
  assert.equal(r.maxRedirects, undefined, 'unset: the engine follows 10 redirects and warns when that stops a chain');
  assert.deepEqual(r.warnings, []);
  const custom = resolveOptions({ setupTimeout: '2m', teardownTimeout: 500, minIterationDuration: '1s', summaryTrendStats: ['p(99.9)', 'count'], summaryTimeUnit: 'ms' });
  assert.deepEqual([custom.setupTimeoutMs, custom.teardownTimeoutMs, custom.minIterationDurationMs], [120_000, 500, 1000]);
  assert.deepEqual(custom.summaryTrendStats, ['p(99.9)', 'count']);
});

test('thresholds are normalised to arrays', () => {
  const r = resolveOptions({ thresholds: { http_req_duration: 'p(95)<500', checks: ['rate>0.9', { threshold: 'rate>0.5', abortOnFail: true, delayAbortEval: '10s' }] } });
  assert.deepEqual(r.thresholds, { http_req_duration: ['p(95)<500'], checks: ['rate>0.9', { threshold: 'rate>0.5', abortOnFail: true, delayAbortEval: '10s' }] });
});

test('every problem is reported at once, each with its option path', () => {
  assert.deepEqual(problemsOf({
    scenarios: {
      spike: { executor: 'ramping-vus', stages: [{ duration: '10s', target: 5 }, { duration: '5s', target: -1 }] },
      a: { executor: 'constant-arrival-rate', rat: 5, rate: 5, duration: '1m', preAllocatedVUs: 1 } as never,
      b: { executor: 'constant-vu' },
      c: { executor: 'shared-iterations', vus: 10, iterations: 5 },
    },
    summaryTimeUnit: 'sec',
  }), [
    'summaryTimeUnit: must be one of s, ms, us, got "sec"',
    'scenarios.spike.stages[1].target: must be >= 0, got -1',
    'scenarios.a.rat: unknown option; did you mean "rate"?',
    'scenarios.b.executor: unknown executor "constant-vu"; did you mean "constant-vus"?',
    'scenarios.c.iterations: must be >= vus (10), got 5',
  ]);
});

test('shortcut problems name the shortcut options', () => {
  const cases: [Options, string[]][] = [
    [{ vus: 'ten' as never, duration: '30s' }, ['vus: must be a non-negative integer, got "ten"']],
    [{ duration: '1x' }, ['duration: invalid duration "1x"; use e.g. 30s, 1m30s, 500ms']],
    [{ duration: '0s' }, ['duration: must be > 0; for a test without an end use the externally-controlled executor']],
    [{ duration: '500ms' }, ['duration: must be at least 1s, got 500ms']],
    [{ iterations: 3, duration: '500ms' }, ['duration: must be at least 1s, got 500ms']],
    [{ iterations: 2, vus: 5 }, ['iterations: must be >= vus (5), got 2']],
    [{ vus: 0, duration: '10s' }, ['vus: must be > 0, got 0']],
    [{ stages: [{ duration: '10s', target: 0 }], vus: 0 }, ['stages: either startVUs or one of the stage targets must be > 0']],
    [{ stages: [{ duration: '10s' } as never] }, ['stages[0].target: required']],
  ];
  for (const [options, expected] of cases) assert.deepEqual(problemsOf(options), expected, JSON.stringify(options));
});

test('vus alone: a bad vus is one problem, not also one on the iterations derived from it', () => {
  const cases: [Options, string[]][] = [
    [{ vus: -1 }, ['vus: must be >= 0, got -1']],
    [{ vus: 1.5 }, ['vus: must be a non-negative integer, got 1.5']],
    [{ vus: 'ten' as never }, ['vus: must be a non-negative integer, got "ten"']],
    [{ vus: -1, iterations: 3 }, ['vus: must be >= 0, got -1']],
    [{ vus: -1, duration: '10s' }, ['vus: must be >= 0, got -1']],
    [{ vus: 3, iterations: -1 }, ['iterations: must be >= 0, got -1']],
  ];
  for (const [options, expected] of cases) assert.deepEqual(problemsOf(options), expected, JSON.stringify(options));
});

test('vus without iterations, duration or stages: k6 warns it is ignored and runs 1 VU x 1 iteration', () => {
  const r = resolveOptions({ vus: 5 });
  assert.deepEqual(r.warnings, ['the `vus=5` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`']);
  assert.equal(r.scenarioConfigs[0].executor, 'per-vu-iterations');
  assert.deepEqual(resolveOptions({ vus: 1 }).warnings, []);
  assert.equal(resolveOptions({ vus: 0 }).scenarioConfigs[0].executor, 'per-vu-iterations');
  assert.deepEqual(resolveOptions({ vus: 5, iterations: 5 }).warnings, []);
});

test('conflicting shortcuts in one layer are errors, as in k6', () => {
  assert.deepEqual(problemsOf({ iterations: 10, stages: [{ duration: '1s', target: 1 }] }), [
    'iterations: cannot be used together with stages in the same options; set one of them, or describe the load with scenarios',
  ]);
  assert.deepEqual(problemsOf({ duration: '10s', scenarios: { a: { executor: 'constant-vus', duration: '1s', vus: 'x' as never } } }), [
    'duration: cannot be used together with scenarios in the same options; set duration inside a scenario instead',
    'scenarios.a.vus: must be a non-negative integer, got "x"',
  ]);
});

test('type checks on top-level options', () => {
  assert.deepEqual(problemsOf({
    noSummary: 'yes' as never, maxRedirects: -1, userAgent: 5 as never, tags: { env: 1 as never }, systemTags: 'status' as never,
    summaryTrendStats: ['avg', 'p95', 'p(101)'], summaryMode: 'short', setupTimeout: '0s', teardownTimeout: 'soon', minIterationDuration: '-1s',
    thresholds: { http_req_duration: 5 as never },
  }), [
    'noSummary: must be true or false, got "yes"',
    'maxRedirects: must be >= 0, got -1',
    'userAgent: must be a string, got 5',
    'tags.env: must be a string, got 1',
    'systemTags: must be a list of strings, got "status"',
    'summaryTrendStats[1]: unknown stat "p95"; use avg, min, med, max, count or p(N) such as p(99.9)',
    'summaryTrendStats[2]: unknown stat "p(101)"; use avg, min, med, max, count or p(N) such as p(99.9)',
    'summaryMode: must be one of compact, full, disabled, legacy, got "short"',
    'thresholds.http_req_duration: must be an expression like "p(95)<500" or { threshold, abortOnFail?, delayAbortEval? }, got 5',
    'setupTimeout: must be > 0, got 0s',
    'teardownTimeout: invalid duration "soon"; use e.g. 30s, 1m30s, 500ms',
    'minIterationDuration: must be >= 0, got -1s',
  ]);
});

test('problems from other layers are reported in the same error, first', () => {
  assert.deepEqual(problemsOf({ duration: '1x' }, ['K6_VUS: must be a non-negative integer, got "ten"']), [
    'K6_VUS: must be a non-negative integer, got "ten"',
    'duration: invalid duration "1x"; use e.g. 30s, 1m30s, 500ms',
  ]);
});

test('what k6 ignores silently becomes a warning', () => {
  const r = resolveOptions({ vu: 10, iteration: 5, browser: true, cloud: { name: 'x' }, stages: [], thresholds: { a: [{ threshold: 'rate<1', abortOnFial: true } as never] } });
  assert.deepEqual(r.warnings, [
    'vu: unknown option, ignored; did you mean "vus"?',
    'iteration: unknown option, ignored; did you mean "iterations"?',
    'browser: unknown option, ignored',
    'thresholds.a[0].abortOnFial: unknown threshold option, ignored; did you mean "abortOnFail"?',
    'stages: explicitly set to an empty list; running 1 iteration with 1 VU',
  ]);
  assert.equal(r.scenarioConfigs[0].executor, 'per-vu-iterations');
});

test('the result is plain data that survives structured cloning', () => {
  const r = resolveOptions({ duration: '10s', thresholds: { checks: 'rate>0.9' } });
  assert.deepEqual(structuredClone(r), r);
});

test('TLS and dns options are read before the run: bad values are problems at their option paths, good ones come back parsed', () => {
  assert.deepEqual(problemsOf({ tlsVersion: 'tls9', dns: { select: 'nearest' }, tlsCipherSuites: ['TLS_NOPE'] }), [
    'tlsVersion: unknown TLS version "tls9"; use tls1.0, tls1.1, tls1.2 or tls1.3',
    'tlsCipherSuites[0]: unknown cipher suite "TLS_NOPE"',
    'dns.select: unknown value "nearest"; use first, random, roundRobin',
  ]);
  const r = resolveOptions({ tlsVersion: { min: 'tls1.2' }, dns: 'ttl=0,policy=onlyIPv4' });
  assert.deepEqual(r.tlsSettings, { minVersion: 'TLSv1.2' });
  assert.deepEqual(r.dnsSettings, { ttlMs: 0, policy: 'onlyIPv4' });
  const none = resolveOptions({});
  assert.equal(none.tlsSettings, undefined);
  assert.equal(none.dnsSettings, undefined);
  assert.deepEqual(structuredClone(r), r, 'plain data for the workers');
});

test('rps > 0 brings the shared limiter state every worker draws from; 0 means unlimited', () => {
  const r = resolveOptions({ rps: 20 });
  assert.ok(r.rpsLimiter instanceof SharedArrayBuffer);
  assert.equal(resolveOptions({ rps: 0 }).rpsLimiter, undefined);
  assert.equal(resolveOptions({}).rpsLimiter, undefined);
  assert.deepEqual(problemsOf({ rps: -1 }), ['rps: must be >= 0, got -1']);
});

test('noThresholds: thresholds are checked but none is evaluated; summaryMode disabled turns the summary off', () => {
  const r = resolveOptions({ noThresholds: true, thresholds: { http_req_duration: ['p(95)<200'] } });
  assert.deepEqual(r.thresholds, {});
  assert.equal(problemsOf({ noThresholds: true, thresholds: { http_req_duration: 5 as never } }).length, 1);
  assert.equal(resolveOptions({ summaryMode: 'disabled' }).noSummary, true);
  assert.equal(resolveOptions({ summaryMode: 'compact' }).noSummary, undefined);
});

test('every known option Stampede does not act on warns, saying why', () => {
  const r = resolveOptions({
    blacklistIPs: ['10.0.0.0/8'], localIPs: '192.168.0.1', executionSegment: '0:1/2', executionSegmentSequence: '0,1/2,1',
    metricSamplesBufferSize: 1000, consoleOutput: 'x.log', linger: true, noColor: true, address: 'localhost:6565',
    logOutput: 'stdout', logFormat: 'json', out: 'json=x.json', includeSystemEnvVars: false, compatibilityMode: 'base',
    quiet: true, verbose: true, summaryExport: 'x.json', summaryMode: 'full', noUsageReport: true, cloud: { name: 'x' }, ext: {},
  });
  assert.deepEqual(r.warnings.map((w) => w.slice(0, w.indexOf(':'))), [
    'blacklistIPs', 'localIPs', 'metricSamplesBufferSize', 'consoleOutput',
    'linger', 'noColor', 'address', 'logOutput', 'logFormat', 'out', 'includeSystemEnvVars', 'compatibilityMode', 'quiet', 'verbose',
    'summaryExport', 'summaryMode',
  ], 'noUsageReport (Stampede reports nothing) and cloud/ext (k6 run ignores them too) need no warning');
  assert.ok(r.warnings.includes('blacklistIPs: not supported: requests to these IP ranges are not blocked (blockHostnames is)'));
  assert.ok(r.warnings.includes('summaryExport: not written from options or K6_SUMMARY_EXPORT; use --summary-export "x.json"'));
  assert.ok(r.warnings.includes('summaryMode: "full" is not supported yet; the compact summary is printed'));
});

test('exemplars: a count of at most 100 per name; exemplarHeaders a list of names', () => {
  assert.deepEqual(problemsOf({ exemplars: 500 }), ['exemplars: at most 100 per request name, got 500']);
  assert.equal(problemsOf({ exemplars: -1 }).length, 1);
  assert.equal(problemsOf({ exemplarHeaders: 'X-Request-Id' as unknown as string[] }).length, 1);
  assert.equal(resolveOptions({ exemplars: 0, exemplarHeaders: ['X-Correlation-Id'] }, []).exemplars, 0);
});
