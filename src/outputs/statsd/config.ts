/**
 * The statsd / datadog output's settings, declared to the shared reader
 * (../settings.ts) with k6's names and defaults (K6_STATSD_ADDR
 * localhost:8125, NAMESPACE `k6.`, PUSH_INTERVAL 1s, BUFFER_SIZE 20,
 * ENABLE_TAGS false, TAG_BLOCKLIST vu,iter,url). `datadog` is k6's
 * DogStatsD flavour: tags always on, and its legacy K6_DATADOG_* names are
 * read before the K6_STATSD_* ones. An empty NAMESPACE or TAG_BLOCKLIST
 * means none. Every bad value is reported at once, naming the variable
 * (exit 104).
 */
import { ConfigError } from '../../errors/index.ts';
import { readSettings, type OutputEnv, type Parser, type Schema } from '../settings.ts';

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

const hostPort: Parser<Omit<StatsdAddress, 'source'>> = (text, source, problems) => {
  const parsed = parseHostPort(text);
  if (typeof parsed !== 'string') return { ...parsed, text };
  problems.push(`${source}: ${JSON.stringify(text)} is not a valid address: ${parsed}`);
  return undefined;
};

/** K6_STATSD_BUFFER_SIZE: a positive whole number, with a word on what it counts. */
const linesPerDatagram: Parser<number> = (text, source, problems) => {
  if (/^\d+$/.test(text) && Number(text) > 0 && Number.isSafeInteger(Number(text))) return Number(text);
  problems.push(`${source}: ${JSON.stringify(text)} is not a positive whole number (the most metric lines sent in one UDP packet)`);
  return undefined;
};

/** k6's variables and defaults, in the order problems are reported. */
function settingsOf(flavour: StatsdFlavour) {
  const keys = (key: string) => (flavour === 'datadog' ? [`DATADOG_${key}`, `STATSD_${key}`] : [`STATSD_${key}`]);
  return {
    addr: { arg: true, env: keys('ADDR'), type: hostPort, default: { host: 'localhost', port: 8125, text: 'localhost:8125' } },
    namespace: { env: keys('NAMESPACE'), type: 'string', default: 'k6.', keepEmpty: true },
    pushIntervalMs: { env: keys('PUSH_INTERVAL'), type: 'duration', default: 1000 },
    bufferSize: { env: keys('BUFFER_SIZE'), type: linesPerDatagram, default: 20 },
    enableTags: { env: 'STATSD_ENABLE_TAGS', type: 'bool', default: false },
    tagBlocklist: {
      env: flavour === 'datadog' ? ['DATADOG_TAG_BLACKLIST', 'STATSD_TAG_BLOCKLIST'] : ['STATSD_TAG_BLOCKLIST'],
      type: 'list',
      default: ['vu', 'iter', 'url'],
      keepEmpty: true,
    },
  } satisfies Schema;
}

/** Reads the settings; throws one ConfigError listing every problem. */
export function parseStatsdConfig(env: OutputEnv, arg: string, flavour: StatsdFlavour): StatsdConfig {
  const problems: string[] = [];
  const { values: s, sources } = readSettings(settingsOf(flavour), { env, out: { name: flavour, arg } }, problems);
  if (problems.length > 0) throw new ConfigError(problems, `see docs/outputs/statsd.md for the ${flavour} output's variables`);
  return {
    flavour,
    addr: { ...s.addr, source: sources.addr ?? 'K6_STATSD_ADDR' },
    namespace: s.namespace,
    pushIntervalMs: s.pushIntervalMs,
    bufferSize: s.bufferSize,
    enableTags: flavour === 'datadog' || s.enableTags,
    tagBlocklist: new Set(s.tagBlocklist),
  };
}
