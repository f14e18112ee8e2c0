/**
 * The statsd / datadog output's settings, read from the environment with
 * k6's names and defaults (K6_STATSD_ADDR localhost:8125, NAMESPACE `k6.`,
 * PUSH_INTERVAL 1s, BUFFER_SIZE 20, ENABLE_TAGS false, TAG_BLOCKLIST
 * vu,iter,url). `datadog` is k6's DogStatsD flavour: tags always on, and
 * its legacy K6_DATADOG_* names are read before the K6_STATSD_* ones.
 * Every bad value is reported at once, naming the variable (exit 104).
 */
import { ConfigError } from '../../errors/index.ts';
import { parseDurationMs } from '../../lib/index.ts';
import { envSetting, parseGoBool, type EnvSetting, type OutputEnv } from '../env.ts';

export type StatsdFlavour = 'statsd' | 'datadog';

export interface StatsdAddress {
  host: string;
  port: number;
  /** as the user wrote it, for messages and the output's description */
  text: string;
  /** the variable (or `--out statsd=`) it came from, for messages */
  source: string;
}

export interface StatsdConfig {
  flavour: StatsdFlavour;
  addr: StatsdAddress;
  /** prefix of every metric name (`k6.`) */
  namespace: string;
  pushIntervalMs: number;
  /** most lines packed into one datagram (k6's buffer size: commands per packet) */
  bufferSize: number;
  /** send DogStatsD tags (`|#k:v,…`) */
  enableTags: boolean;
  /** tags never sent */
  tagBlocklist: ReadonlySet<string>;
}

export const STATSD_DEFAULTS = {
  addr: 'localhost:8125',
  namespace: 'k6.',
  pushInterval: '1s',
  bufferSize: 20,
  tagBlocklist: 'vu,iter,url',
} as const;

type Env = OutputEnv;

type Found = EnvSetting;

/** The first set variable among `keys` (each tried as STAMPEDE_<key>, then K6_<key>). */
function lookup(env: Env, keys: readonly string[]): Found | undefined {
  for (const key of keys) {
    const found = envSetting(env, key, { keepEmpty: true });
    if (found) return found;
  }
  return undefined;
}

/** `host:port`, `[ipv6]:port` or `:port` (local host), as Go's net.SplitHostPort reads it; a problem text otherwise. */
export function parseHostPort(text: string): { host: string; port: number } | string {
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) return 'missing port (use host:port, e.g. localhost:8125)';
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) return 'too many colons (write an IPv6 address in brackets: [::1]:8125)';
    if (host.includes('[') || host.includes(']')) return 'unbalanced brackets (use [::1]:8125)';
  }
  if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return `port ${JSON.stringify(portText)} is not a number from 1 to 65535`;
  return { host: host === '' ? '127.0.0.1' : host, port: Number(portText) };
}

/** Reads the settings; throws one ConfigError listing every problem. */
export function parseStatsdConfig(env: Env, arg: string, flavour: StatsdFlavour): StatsdConfig {
  const names = (key: string) => (flavour === 'datadog' ? [`DATADOG_${key}`, `STATSD_${key}`] : [`STATSD_${key}`]);
  const problems: string[] = [];

  const addrFound: Found = arg !== '' ? { name: `--out ${flavour}`, value: arg } : lookup(env, names('ADDR')) ?? { name: 'K6_STATSD_ADDR', value: STATSD_DEFAULTS.addr };
  const hostPort = parseHostPort(addrFound.value.trim());
  if (typeof hostPort === 'string') problems.push(`${addrFound.name}: ${JSON.stringify(addrFound.value)} is not a valid address: ${hostPort}`);
  const addr: StatsdAddress = typeof hostPort === 'string'
    ? { host: '', port: 0, text: addrFound.value, source: addrFound.name }
    : { ...hostPort, text: addrFound.value.trim(), source: addrFound.name };

  const namespace = lookup(env, names('NAMESPACE'))?.value ?? STATSD_DEFAULTS.namespace;

  let pushIntervalMs = 1000;
  const interval = lookup(env, names('PUSH_INTERVAL'));
  if (interval) {
    const ms = parseDurationMs(/^\d+$/.test(interval.value.trim()) ? Number(interval.value) : interval.value);
    if (ms === undefined || ms <= 0) problems.push(`${interval.name}: ${JSON.stringify(interval.value)} is not a positive duration (use 1s, 500ms or a number of milliseconds)`);
    else pushIntervalMs = ms;
  }

  let bufferSize: number = STATSD_DEFAULTS.bufferSize;
  const buffer = lookup(env, names('BUFFER_SIZE'));
  if (buffer) {
    const text = buffer.value.trim();
    if (!/^\d+$/.test(text) || Number(text) < 1) problems.push(`${buffer.name}: ${JSON.stringify(buffer.value)} is not a positive whole number (the most metric lines sent in one UDP packet)`);
    else bufferSize = Number(text);
  }

  let enableTags = flavour === 'datadog';
  const tags = lookup(env, ['STATSD_ENABLE_TAGS']);
  if (tags) {
    const on = parseGoBool(tags.value.trim());
    if (on === undefined) problems.push(`${tags.name}: ${JSON.stringify(tags.value)} is not true or false`);
    else if (flavour === 'statsd') enableTags = on;
  }

  const blockText = lookup(env, flavour === 'datadog' ? ['DATADOG_TAG_BLACKLIST', 'STATSD_TAG_BLOCKLIST'] : ['STATSD_TAG_BLOCKLIST'])?.value ?? STATSD_DEFAULTS.tagBlocklist;
  const tagBlocklist = new Set(blockText.split(',').map((t) => t.trim()).filter((t) => t !== ''));

  if (problems.length > 0) throw new ConfigError(problems, `see docs/outputs/statsd.md for the ${flavour} output's variables`);
  return { flavour, addr, namespace, pushIntervalMs, bufferSize, enableTags, tagBlocklist };
}
