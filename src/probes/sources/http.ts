/**
 * The `http` probe source: GETs any endpoint and finds one number in the
 * answer. With `json`, the number at a dotted path (json-path.ts); with
 * `metric`, every sample of that name in a Prometheus text-format answer
 * (prom-text.ts), one reading per label set, labels as tags, NaN/±Inf
 * samples skipped; with neither, the whole body is the number.
 */
import type { ProbeReading, ProbeSource, ProbeSourceSpec } from '../types.ts';
import { openHttpGetter } from './fetch-json.ts';
import { parseJsonPath, readJsonPath } from './json-path.ts';
import { parsePrometheusText } from './prom-text.ts';

type HttpSpec = Extract<ProbeSourceSpec, { kind: 'http' }>;

export async function openHttpProbe(spec: HttpSpec, opts: { timeoutMs: number }): Promise<ProbeSource> {
  if (spec.json !== undefined && spec.metric !== undefined) {
    throw new Error('an http probe reads either a json path or a metric, not both');
  }
  if (spec.json !== undefined) parseJsonPath(spec.json); // a malformed path fails at open, not at every read
  const http = openHttpGetter({ url: spec.url, headers: spec.headers, tls: spec.tls, timeoutMs: opts.timeoutMs });
  const where = `GET ${http.shownUrl}`;

  return {
    async read(signal) {
      const answer = await http.get(signal);
      if (answer.status < 200 || answer.status >= 300) {
        throw new Error(`${where} answered ${answer.status}${answer.body.trim() === '' ? '' : `: ${snippet(answer.body)}`}`);
      }
      try {
        if (spec.json !== undefined) return [{ value: readJsonPath(parseJson(answer.body), spec.json) }];
        if (spec.metric !== undefined) return metricReadings(answer.body, spec.metric);
        return [{ value: wholeBody(answer.body) }];
      } catch (err) {
        throw new Error(`${where}: ${(err as Error).message}`);
      }
    },
    close: () => http.close(),
  };
}

function snippet(text: string): string {
  const one = text.trim().replace(/\s+/g, ' ');
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error(`the answer is not JSON: ${snippet(body) || '(empty)'}`);
  }
}

function wholeBody(body: string): number {
  const text = body.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new Error(`the answer is not a number: ${snippet(body) || '(empty)'} (set json: to a path, or metric: to a Prometheus metric name)`);
  }
  return value;
}

function metricReadings(body: string, metric: string): ProbeReading[] {
  let samples;
  try {
    samples = parsePrometheusText(body);
  } catch (err) {
    throw new Error(`the answer is not Prometheus text format: ${(err as Error).message}`);
  }
  const mine = samples.filter((s) => s.name === metric);
  if (mine.length === 0) {
    const names = [...new Set(samples.map((s) => s.name))];
    const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? `, … ${names.length - 20} more` : '');
    throw new Error(`metric ${metric}: not in the answer (${names.length === 0 ? 'no samples' : `metrics: ${shown}`})`);
  }
  return mine
    .filter((s) => Number.isFinite(s.value))
    .map((s) => (Object.keys(s.labels).length === 0 ? { value: s.value } : { value: s.value, tags: s.labels }));
}
