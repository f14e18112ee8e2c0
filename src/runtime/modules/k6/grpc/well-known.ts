/**
 * The Protobuf JSON mapping of Google's well-known types, which proto-loader
 * leaves as plain messages: Timestamp ↔ RFC 3339 string, Duration ↔ "1.5s",
 * wrappers ↔ their bare value, Struct/Value/ListValue ↔ JSON values,
 * FieldMask ↔ "a.b,c", Empty ↔ {}. Both directions, in protobufjs's object
 * form (int64 as strings, as proto-loader is set up).
 */

const WRAPPERS = new Set([
  'google.protobuf.DoubleValue', 'google.protobuf.FloatValue', 'google.protobuf.Int64Value', 'google.protobuf.UInt64Value',
  'google.protobuf.Int32Value', 'google.protobuf.UInt32Value', 'google.protobuf.BoolValue', 'google.protobuf.StringValue',
  'google.protobuf.BytesValue',
]);

const SPECIAL = new Set([
  'google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.Struct', 'google.protobuf.Value',
  'google.protobuf.ListValue', 'google.protobuf.FieldMask', 'google.protobuf.Empty',
]);

/** Whether `fullName` has a JSON form of its own. */
export function isWellKnown(fullName: string): boolean {
  return WRAPPERS.has(fullName) || SPECIAL.has(fullName);
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;
const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nanosOf(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(fraction.padEnd(9, '0'));
}

/** Nanoseconds as protojson prints them: no digits, or 3, 6 or 9. */
function fractionOf(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos).padStart(9, '0');
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

function snakeToCamel(path: string): string {
  return path.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function camelToSnake(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

type ValueNames = readonly [nullValue: string, numberValue: string, stringValue: string, boolValue: string, structValue: string, listValue: string];
const CAMEL: ValueNames = ['nullValue', 'numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue'];
const SNAKE: ValueNames = ['null_value', 'number_value', 'string_value', 'bool_value', 'struct_value', 'list_value'];

/**
 * How the loaded types spell Value and Struct in protobufjs's object form:
 * Value's fields are lowerCamelCase when parsed from .proto files and as
 * in the descriptor for protosets (snake_case from protoc); Struct's
 * `fields` map is an object, or a list of { key, value } for protosets.
 */
export interface WellKnownForm {
  snakeCaseValue: boolean;
  mapEntries: boolean;
}

interface Form {
  names: ValueNames;
  entries: boolean;
}

function valueFromJson(v: unknown, f: Form): Record<string, unknown> {
  const n = f.names;
  if (v === null || v === undefined) return { [n[0]]: 'NULL_VALUE' };
  if (typeof v === 'number') return { [n[1]]: v };
  if (typeof v === 'string') return { [n[2]]: v };
  if (typeof v === 'boolean') return { [n[3]]: v };
  if (Array.isArray(v)) return { [n[5]]: { values: v.map((x) => valueFromJson(x, f)) } };
  if (typeof v === 'object') return { [n[4]]: structFromJson(v as Record<string, unknown>, f) };
  throw new Error(`cannot encode ${typeof v} as google.protobuf.Value`);
}

function structFromJson(o: Record<string, unknown>, f: Form): Record<string, unknown> {
  const entries = Object.entries(o).map(([k, v]) => [k, valueFromJson(v, f)] as const);
  return { fields: f.entries ? entries.map(([key, value]) => ({ key, value })) : Object.fromEntries(entries) };
}

function valueToJson(v: unknown): unknown {
  if (!isPlainObject(v)) return null;
  for (const n of [CAMEL, SNAKE]) {
    if (n[1] in v) return v[n[1]];
    if (n[2] in v) return v[n[2]];
    if (n[3] in v) return v[n[3]];
    if (n[4] in v) return structToJson(v[n[4]]);
    if (n[5] in v) return listToJson(v[n[5]]);
  }
  return null;
}

function structToJson(s: unknown): Record<string, unknown> | null {
  if (!isPlainObject(s)) return null;
  const out: Record<string, unknown> = {};
  if (Array.isArray(s.fields)) {
    for (const e of s.fields as { key?: unknown; value?: unknown }[]) out[String(e.key)] = valueToJson(e.value);
  } else if (isPlainObject(s.fields)) {
    for (const [k, v] of Object.entries(s.fields)) out[k] = valueToJson(v);
  }
  return out;
}

function listToJson(l: unknown): unknown[] | null {
  if (!isPlainObject(l)) return null;
  return Array.isArray(l.values) ? l.values.map(valueToJson) : [];
}

/**
 * A script's JSON value for well-known type `fullName` → protobufjs object
 * form. Objects already in message form pass through, except for Struct,
 * whose JSON form is any object.
 */
export function wellKnownFromJson(fullName: string, v: unknown, form: WellKnownForm): unknown {
  const n: Form = { names: form.snakeCaseValue ? SNAKE : CAMEL, entries: form.mapEntries };
  if (WRAPPERS.has(fullName)) return isPlainObject(v) && 'value' in v ? v : { value: v };
  switch (fullName) {
    case 'google.protobuf.Timestamp': {
      if (v instanceof Date) return { seconds: String(Math.floor(v.getTime() / 1000)), nanos: (v.getTime() % 1000) * 1_000_000 };
      if (typeof v !== 'string') return v;
      const m = TIMESTAMP.exec(v);
      if (!m) throw new Error(`invalid google.protobuf.Timestamp value ${JSON.stringify(v)} (want RFC 3339, e.g. "2024-01-02T15:04:05Z")`);
      const ms = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
      if (Number.isNaN(ms)) throw new Error(`invalid google.protobuf.Timestamp value ${JSON.stringify(v)}`);
      return { seconds: String(Math.floor(ms / 1000)), nanos: nanosOf(m[2]) };
    }
    case 'google.protobuf.Duration': {
      if (typeof v !== 'string') return v;
      const m = DURATION.exec(v);
      if (!m) throw new Error(`invalid google.protobuf.Duration value ${JSON.stringify(v)} (want e.g. "1.5s")`);
      const sign = m[1] === '-' ? -1 : 1;
      return { seconds: (sign < 0 && m[2] !== '0' ? '-' : '') + m[2], nanos: sign * nanosOf(m[3]) };
    }
    case 'google.protobuf.Struct': return isPlainObject(v) ? structFromJson(v, n) : v;
    case 'google.protobuf.Value': return valueFromJson(v, n);
    case 'google.protobuf.ListValue': return Array.isArray(v) ? { values: v.map((x) => valueFromJson(x, n)) } : v;
    case 'google.protobuf.FieldMask':
      return typeof v === 'string' ? { paths: v === '' ? [] : v.split(',').map(camelToSnake) } : v;
    default: return v;
  }
}

/** A decoded well-known message (protobufjs object form) → its JSON value. */
export function wellKnownToJson(fullName: string, o: unknown): unknown {
  if (o === null || o === undefined) return fullName === 'google.protobuf.Value' ? null : o;
  if (WRAPPERS.has(fullName)) return isPlainObject(o) ? o.value : o;
  if (!isPlainObject(o)) return o;
  switch (fullName) {
    case 'google.protobuf.Timestamp': {
      const seconds = Number(o.seconds ?? 0);
      const nanos = Number(o.nanos ?? 0);
      const iso = new Date(seconds * 1000).toISOString();
      return `${iso.slice(0, 19)}${fractionOf(nanos)}Z`;
    }
    case 'google.protobuf.Duration': {
      const seconds = Number(o.seconds ?? 0);
      const nanos = Number(o.nanos ?? 0);
      const negative = seconds < 0 || nanos < 0;
      return `${negative ? '-' : ''}${Math.abs(seconds)}${fractionOf(Math.abs(nanos))}s`;
    }
    case 'google.protobuf.Struct': return structToJson(o);
    case 'google.protobuf.Value': return valueToJson(o);
    case 'google.protobuf.ListValue': return listToJson(o);
    case 'google.protobuf.FieldMask': return Array.isArray(o.paths) ? o.paths.map((p) => snakeToCamel(String(p))).join(',') : '';
    case 'google.protobuf.Empty': return {};
    default: return o;
  }
}
