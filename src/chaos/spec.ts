/**
 * Reading a script's `options.proxies` and `options.chaos` into a chaos
 * plan: the fault proxies to start, and the faults on the run's clock —
 * each at `at` for `duration` on one proxy (`down`, a Toxiproxy toxic or
 * HTTP faults), or an `exec` step (a command, an optional `undo`). Problems
 * are pushed as `proxies.<name>.<field>: …` / `chaos.<name>.<field>: …`.
 */
import { didYouMean, parseDurationMs } from '../lib/index.ts';
import { childPath, isPlainObject, isSet, show } from '../config/values.ts';
import { MAX_FAULTS } from '../workers/control-block.ts';
import type { HttpFaultSpec, ProxySpec, ToxicSpec, ToxicStream, ToxicType } from './types.ts';

/** What a fault does while its window is open. */
export type FaultAction =
  | { kind: 'down' }
  | { kind: 'toxic'; toxic: Omit<ToxicSpec, 'name'> }
  | { kind: 'http'; http: HttpFaultSpec };

/** When the load counts as recovered after a fault (recovery.ts). */
export interface RecoverySpec {
  /** the rolling window the after-fault numbers are taken over */
  windowMs: number;
  /** error rate within this many percentage points of the baseline */
  errorRatePoints: number;
  /** p95 within this share of the baseline's (0.2: 20 %) */
  p95Share: number;
}

export interface FaultSpec {
  name: string;
  /** ms from the test's start */
  atMs: number;
  /** 0 for an exec step without a window */
  durationMs: number;
  proxy?: string;
  action?: FaultAction;
  exec?: { command: string; undo?: string };
  recovery: RecoverySpec;
}

export interface ChaosPlan {
  proxies: ProxySpec[];
  faults: FaultSpec[];
}

export const DEFAULT_RECOVERY: Readonly<RecoverySpec> = { windowMs: 10_000, errorRatePoints: 1, p95Share: 0.2 };
/** The shortest recovery window: one metrics batch period. */
export const MIN_RECOVERY_WINDOW_MS = 100;

const NAME = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;
const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$/;
const PROXY_FIELDS = ['listen', 'upstream', 'http'];
const FAULT_FIELDS = ['at', 'duration', 'proxy', 'fault', 'exec', 'undo', 'recovery'];
const RECOVERY_FIELDS = ['window', 'errorRate', 'p95'];

/** Toxiproxy's toxics: each attribute with its unit (a duration in ms, or a plain number). */
const TOXIC_ATTRIBUTES: Record<ToxicType, Record<string, 'ms' | 'number'>> = {
  latency: { latency: 'ms', jitter: 'ms' },
  bandwidth: { rate: 'number' },
  slow_close: { delay: 'ms' },
  timeout: { timeout: 'ms' },
  reset_peer: { timeout: 'ms' },
  slicer: { average_size: 'number', size_variation: 'number', delay: 'number' },
  limit_data: { bytes: 'number' },
};
const HTTP_FIELDS = ['averageDelay', 'delayVariation', 'errorRate', 'errorCode', 'errorBody', 'exclude'];
const FAULT_TYPES = ['down', 'http', ...Object.keys(TOXIC_ATTRIBUTES)];

function duration(value: unknown, where: string, problems: string[]): number | undefined {
  const ms = parseDurationMs(value, { negative: false, bare: 'ms' });
  if (ms === undefined) problems.push(`${where}: ${show(value)} is not a duration (e.g. 30s, 200ms)`);
  return ms;
}

function unknownFields(raw: Record<string, unknown>, known: readonly string[], where: string, problems: string[]): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) problems.push(`${childPath(where, key)}: unknown field${didYouMean(key, known) || `; use ${known.join(', ')}`}`);
  }
}

function readProxy(name: string, raw: unknown, problems: string[]): ProxySpec | undefined {
  const where = childPath('proxies', name);
  if (!NAME.test(name)) { problems.push(`${where}: "${name}" cannot name a proxy; use letters, digits, _ and -`); return undefined; }
  if (!isPlainObject(raw)) { problems.push(`${where}: must be { listen: '127.0.0.1:18000', upstream: '127.0.0.1:3000' }, got ${show(raw)}`); return undefined; }
  unknownFields(raw, PROXY_FIELDS, where, problems);
  const address = (field: 'listen' | 'upstream'): string | undefined => {
    const v = raw[field];
    if (typeof v === 'string' && HOST_PORT.test(v) && Number(HOST_PORT.exec(v)![2]) <= 65535) return v;
    problems.push(`${where}.${field}: ${isSet(v) ? `${show(v)} is not host:port` : 'required, host:port'} (e.g. 127.0.0.1:${field === 'listen' ? '18000' : '3000'})`);
    return undefined;
  };
  const listen = address('listen');
  const upstream = address('upstream');
  if (isSet(raw.http) && typeof raw.http !== 'boolean') problems.push(`${where}.http: must be true or false, got ${show(raw.http)}`);
  if (!listen || !upstream) return undefined;
  return { name, listen, upstream, enabled: true, http: raw.http === true ? true : undefined };
}

function readToxic(type: ToxicType, raw: Record<string, unknown>, where: string, problems: string[]): FaultAction | undefined {
  const units = TOXIC_ATTRIBUTES[type];
  unknownFields(raw, ['type', 'stream', 'toxicity', ...Object.keys(units)], where, problems);
  const attributes: Record<string, number> = {};
  for (const [attr, unit] of Object.entries(units)) {
    const v = raw[attr];
    if (!isSet(v)) continue;
    const n = unit === 'ms' ? duration(v, `${where}.${attr}`, problems) : typeof v === 'number' && v >= 0 ? v : undefined;
    if (n === undefined && unit === 'number') problems.push(`${where}.${attr}: must be a number >= 0, got ${show(v)}`);
    if (n !== undefined) attributes[attr] = n;
  }
  const stream = raw.stream ?? 'downstream';
  if (stream !== 'upstream' && stream !== 'downstream') problems.push(`${where}.stream: upstream or downstream, got ${show(stream)}`);
  const toxicity = raw.toxicity ?? 1;
  if (typeof toxicity !== 'number' || toxicity < 0 || toxicity > 1) problems.push(`${where}.toxicity: a share of connections between 0 and 1, got ${show(toxicity)}`);
  return { kind: 'toxic', toxic: { type, stream: stream as ToxicStream, toxicity: Number(toxicity), attributes } };
}

function readHttpFault(raw: Record<string, unknown>, where: string, problems: string[]): FaultAction {
  unknownFields(raw, ['type', ...HTTP_FIELDS], where, problems);
  const ms = (field: string) => (isSet(raw[field]) ? duration(raw[field], `${where}.${field}`, problems) ?? 0 : 0);
  const errorRate = raw.errorRate ?? 0;
  if (typeof errorRate !== 'number' || errorRate < 0 || errorRate > 1) problems.push(`${where}.errorRate: a share of requests between 0 and 1, got ${show(errorRate)}`);
  const errorCode = raw.errorCode ?? 500;
  if (typeof errorCode !== 'number' || !Number.isInteger(errorCode) || errorCode < 100 || errorCode > 599) problems.push(`${where}.errorCode: an HTTP status 100–599, got ${show(errorCode)}`);
  const exclude = raw.exclude ?? [];
  if (!Array.isArray(exclude) || exclude.some((p) => typeof p !== 'string')) problems.push(`${where}.exclude: a list of paths like ['/health', '/static/*'], got ${show(exclude)}`);
  return {
    kind: 'http',
    http: {
      averageDelayMs: ms('averageDelay'), delayVariationMs: ms('delayVariation'),
      errorRate: Number(errorRate), errorCode: Number(errorCode), errorBody: isSet(raw.errorBody) ? String(raw.errorBody) : '',
      exclude: Array.isArray(exclude) ? exclude.map(String) : [],
    },
  };
}

/** A fault's `fault` object (options.chaos, or stampede/chaos's inject()); problems are pushed under `where`. */
export function readAction(raw: unknown, where: string, problems: string[]): FaultAction | undefined {
  if (!isPlainObject(raw) || typeof raw.type !== 'string') {
    problems.push(`${where}: must be { type: ${FAULT_TYPES.map((t) => `'${t}'`).join(' | ')}, … }, got ${show(raw)}`);
    return undefined;
  }
  if (raw.type === 'down') { unknownFields(raw, ['type'], where, problems); return { kind: 'down' }; }
  if (raw.type === 'http') return readHttpFault(raw, where, problems);
  if (Object.hasOwn(TOXIC_ATTRIBUTES, raw.type)) return readToxic(raw.type as ToxicType, raw, where, problems);
  problems.push(`${where}.type: unknown fault "${raw.type}"${didYouMean(raw.type, FAULT_TYPES) || `; use ${FAULT_TYPES.join(', ')}`}`);
  return undefined;
}

function readRecovery(raw: unknown, where: string, problems: string[]): RecoverySpec {
  if (!isSet(raw)) return { ...DEFAULT_RECOVERY };
  if (!isPlainObject(raw)) { problems.push(`${where}: must be { window: '10s', errorRate: 1, p95: 0.2 }, got ${show(raw)}`); return { ...DEFAULT_RECOVERY }; }
  unknownFields(raw, RECOVERY_FIELDS, where, problems);
  let windowMs = isSet(raw.window) ? duration(raw.window, `${where}.window`, problems) ?? DEFAULT_RECOVERY.windowMs : DEFAULT_RECOVERY.windowMs;
  // the load is measured per metrics batch (100 ms): a shorter window would hold no whole batch
  if (windowMs < MIN_RECOVERY_WINDOW_MS) {
    problems.push(`${where}.window: at least ${MIN_RECOVERY_WINDOW_MS}ms (the load is measured per 100 ms metrics batch), got ${show(raw.window)}`);
    windowMs = DEFAULT_RECOVERY.windowMs;
  }
  const share = (field: 'errorRate' | 'p95', fallback: number, what: string) => {
    const v = raw[field];
    if (!isSet(v)) return fallback;
    if (typeof v === 'number' && v >= 0) return v;
    problems.push(`${where}.${field}: ${what}, got ${show(v)}`);
    return fallback;
  };
  return {
    windowMs,
    errorRatePoints: share('errorRate', DEFAULT_RECOVERY.errorRatePoints, 'percentage points of error rate above the baseline (1 = one point)'),
    p95Share: share('p95', DEFAULT_RECOVERY.p95Share, 'how much slower than the baseline p95 still counts as recovered (0.2 = 20 %)'),
  };
}

function readFault(name: string, raw: unknown, proxies: ReadonlySet<string>, problems: string[]): FaultSpec | undefined {
  const where = childPath('chaos', name);
  if (!NAME.test(name)) { problems.push(`${where}: "${name}" cannot name a fault; use letters, digits, _ and -`); return undefined; }
  if (!isPlainObject(raw)) { problems.push(`${where}: must be { at: '60s', duration: '3m', proxy: 'redis', fault: { type: 'down' } } or { at: '8m', exec: 'command' }, got ${show(raw)}`); return undefined; }
  unknownFields(raw, FAULT_FIELDS, where, problems);
  const atMs = isSet(raw.at) ? duration(raw.at, `${where}.at`, problems) : (problems.push(`${where}.at: required, when the fault starts (e.g. '60s' after the test's start)`), undefined);
  const durationMs = isSet(raw.duration) ? duration(raw.duration, `${where}.duration`, problems) ?? 0 : 0;
  const exec = isSet(raw.exec) ? { command: String(raw.exec), undo: isSet(raw.undo) ? String(raw.undo) : undefined } : undefined;
  let action: FaultAction | undefined;
  let proxy: string | undefined;
  if (isSet(raw.fault) || isSet(raw.proxy)) {
    proxy = typeof raw.proxy === 'string' ? raw.proxy : undefined;
    if (!proxy) problems.push(`${where}.proxy: required with fault, the name of a proxy in options.proxies`);
    else if (!proxies.has(proxy)) problems.push(`${where}.proxy: no proxy "${proxy}" in options.proxies${didYouMean(proxy, [...proxies])}`);
    action = readAction(raw.fault, `${where}.fault`, problems);
    if (durationMs <= 0) problems.push(`${where}.duration: required with fault, how long the fault lasts (e.g. '3m')`);
  }
  if (!isSet(raw.fault) && !isSet(raw.proxy) && !exec) problems.push(`${where}: give a fault on a proxy (proxy + fault) or a command (exec)`);
  if (atMs === undefined) return undefined;
  return { name, atMs, durationMs, proxy, action, exec, recovery: readRecovery(raw.recovery, `${where}.recovery`, problems) };
}

/** Reads options.proxies and options.chaos; undefined when neither is set. */
export function chaosPlanFrom(proxiesOption: unknown, chaosOption: unknown, problems: string[]): ChaosPlan | undefined {
  if (!isSet(proxiesOption) && !isSet(chaosOption)) return undefined;
  const proxies: ProxySpec[] = [];
  if (isSet(proxiesOption)) {
    if (!isPlainObject(proxiesOption)) problems.push(`proxies: must be an object of proxies by name, e.g. { api: { listen: '127.0.0.1:18000', upstream: '127.0.0.1:3000' } }, got ${show(proxiesOption)}`);
    else for (const [name, raw] of Object.entries(proxiesOption)) { const p = readProxy(name, raw, problems); if (p) proxies.push(p); }
  }
  const faults: FaultSpec[] = [];
  if (isSet(chaosOption)) {
    if (!isPlainObject(chaosOption)) problems.push(`chaos: must be an object of faults by name, e.g. { outage: { at: '60s', duration: '3m', proxy: 'redis', fault: { type: 'down' } } }, got ${show(chaosOption)}`);
    else {
      const names = new Set(isPlainObject(proxiesOption) ? Object.keys(proxiesOption) : []);
      for (const [name, raw] of Object.entries(chaosOption)) { const f = readFault(name, raw, names, problems); if (f) faults.push(f); }
    }
  }
  if (faults.length > MAX_FAULTS) problems.push(`chaos: ${faults.length} faults; at most ${MAX_FAULTS} in one test (each has a bit in the workers' shared control block)`);
  // a proxy that gets HTTP faults parses HTTP from the start (its connections then carry whole requests)
  for (const p of proxies) if (faults.some((f) => f.proxy === p.name && f.action?.kind === 'http')) p.http = true;
  return { proxies, faults };
}
