/**
 * Samples → InfluxDB line protocol, in k6's schema: the measurement is the
 * metric name, the tags are the sample's tags minus those configured as
 * fields (K6_INFLUXDB_TAGS_AS_FIELDS), the fields are `value` (a float) plus
 * those moved tags (typed int/bool/float/string), the timestamp is the
 * sample's time in the configured precision.
 *
 * Samples of one series (measurement + tag set) that share a timestamp would
 * overwrite each other in InfluxDB; Stampede's clock has millisecond
 * resolution, so at ns/us precision the encoder gives the second, third, …
 * sample of a series within one timestamp the next free nanosecond
 * (microsecond) instead. Every sample then stays a point, and no time moves
 * by more than the samples that share its millisecond.
 */
import type { RawPoint } from '../../metrics/index.ts';
import type { FieldRule, Precision } from './config.ts';

/**
 * Measurement names: commas and spaces escaped. Tag keys, tag values and
 * field keys: commas, equals signs and spaces. Line breaks cannot occur in
 * a line, so they become the two characters `\n`. InfluxDB 1.x reads a
 * backslash before one of those characters (or at the end) as an escape,
 * so such a backslash cannot be stored and is left out.
 */
const MEASUREMENT_SPECIAL = /[, ]/;
const KEY_SPECIAL = /[,= ]/;

function escapeWith(text: string, special: RegExp): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\\') {
      const next = text[i + 1];
      if (next !== undefined && !special.test(next) && next !== '\n' && next !== '\r') out += c;
    } else if (special.test(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

export function escapeMeasurement(name: string): string {
  return /[, \\\n\r]/.test(name) ? escapeWith(name, MEASUREMENT_SPECIAL) : name;
}

export function escapeKey(text: string): string {
  return /[,= \\\n\r]/.test(text) ? escapeWith(text, KEY_SPECIAL) : text;
}

/** A string field value, quoted: backslashes and double quotes escaped; line breaks are allowed inside quotes. */
export function quoteString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A float field (no suffix); undefined for NaN and infinities, which line protocol cannot carry. */
export function formatFloat(v: number): string | undefined {
  return Number.isFinite(v) ? String(v) : undefined;
}

const INT64_TEXT = /^[+-]?\d{1,18}$/;

/** A tag's text as the field type asked for; undefined when it does not parse (the field is then left out). */
export function formatField(text: string, kind: FieldRule['kind']): string | undefined {
  switch (kind) {
    case 'int': return INT64_TEXT.test(text) ? `${BigInt(text)}i` : undefined;
    case 'float': return text.trim() === '' ? undefined : formatFloat(Number(text));
    case 'bool': {
      if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return 'true';
      if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return 'false';
      return undefined;
    }
    case 'string': return quoteString(text);
  }
}

/** Units of the fine precisions in one millisecond, and milliseconds in one unit of the others. */
const UNITS_PER_MS: Partial<Record<Precision, number>> = { ns: 1e6, us: 1e3 };
const MS_PER_UNIT: Partial<Record<Precision, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * The timestamp in `precision` units as decimal text (ns timestamps pass
 * 2^53, so they are joined from the millisecond and the sub-millisecond
 * part). `offset` adds units within the millisecond (capped so it never
 * spills into the next one).
 */
export function formatTimestamp(ms: number, precision: Precision, offset = 0): string {
  const perMs = UNITS_PER_MS[precision];
  if (perMs === undefined) return String(Math.floor(ms / MS_PER_UNIT[precision]!));
  let whole = Math.floor(ms);
  let sub = Math.round((ms - whole) * perMs);
  if (sub >= perMs) { whole += 1; sub = 0; }
  sub = Math.min(sub + offset, perMs - 1);
  return `${whole}${String(sub).padStart(perMs === 1e6 ? 6 : 3, '0')}`;
}

/**
 * Remembers how many samples of each series took each timestamp, for the
 * last few seconds of sample time only (two generations, swapped as time
 * moves on), so its memory stays bounded by the series active lately.
 */
export class TimestampSlots {
  #current = new Map<string, number>();
  #previous = new Map<string, number>();
  #generationStart = -Infinity;
  readonly #generationMs: number;

  constructor(generationMs = 5_000) {
    this.#generationMs = generationMs;
  }

  /** How many samples took `key` before this one (0 for the first). */
  take(key: string, nowMs: number): number {
    if (nowMs - this.#generationStart >= this.#generationMs) {
      this.#previous = this.#current;
      this.#current = new Map();
      this.#generationStart = nowMs;
    }
    const seen = this.#current.get(key) ?? this.#previous.get(key) ?? 0;
    this.#current.set(key, seen + 1);
    return seen;
  }
}

/** A tag set's share of a line: `,k=v,…` for the series and `,k=v,…` for the fields. */
interface EncodedTags {
  tags: string;
  fields: string;
}

/** Encodes samples one line each; samples that cannot be written (a NaN value) give undefined. */
export class LineEncoder {
  readonly #fieldKinds: ReadonlyMap<string, FieldRule['kind']>;
  readonly #precision: Precision;
  readonly #slots = new TimestampSlots();
  readonly #unique: boolean;
  /** samples of one request share their tags object (also across postMessage, within a batch), so it is encoded once */
  #byTags = new WeakMap<object, EncodedTags>();
  readonly #measurements = new Map<string, string>();

  constructor(opts: { tagsAsFields: readonly FieldRule[]; precision: Precision }) {
    this.#fieldKinds = new Map(opts.tagsAsFields.map((r) => [r.tag, r.kind]));
    this.#precision = opts.precision;
    this.#unique = UNITS_PER_MS[opts.precision] !== undefined;
  }

  encode(p: RawPoint, nowMs: number = Date.now()): string | undefined {
    const value = formatFloat(p.value);
    if (value === undefined) return undefined;
    let encoded = this.#byTags.get(p.tags);
    if (encoded === undefined) {
      encoded = this.#encodeTags(p.tags);
      this.#byTags.set(p.tags, encoded);
    }
    let measurement = this.#measurements.get(p.metric);
    if (measurement === undefined) {
      measurement = escapeMeasurement(p.metric);
      if (this.#measurements.size < 10_000) this.#measurements.set(p.metric, measurement);
    }
    const series = measurement + encoded.tags;
    const offset = this.#unique ? this.#slots.take(`${p.time} ${series}`, nowMs) : 0;
    return `${series} value=${value}${encoded.fields} ${formatTimestamp(p.time, this.#precision, offset)}`;
  }

  #encodeTags(tags: RawPoint['tags']): EncodedTags {
    let fields = '';
    const pairs: string[] = [];
    for (const key in tags) {
      const text = tags[key];
      const kind = this.#fieldKinds.get(key);
      if (kind !== undefined) {
        const field = formatField(text, kind);
        if (field !== undefined && key !== 'value' && key !== 'time' && key !== '') fields += `,${escapeKey(key)}=${field}`;
        continue;
      }
      // InfluxDB refuses empty tag values and a tag called time
      if (text === '' || key === '' || key === 'time') continue;
      pairs.push(`${escapeKey(key)}=${escapeKey(text)}`);
    }
    pairs.sort(); // one tag set, one series text, whatever order the tags came in
    return { tags: pairs.length === 0 ? '' : `,${pairs.join(',')}`, fields };
  }
}
