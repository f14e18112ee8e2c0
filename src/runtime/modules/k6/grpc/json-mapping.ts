/**
 * k6's Protobuf JSON mapping on top of proto-loader's object form. Requests:
 * field names are accepted as written in the .proto (snake_case) or as JSON
 * names (lowerCamelCase), unknown fields are an error (as protojson), bytes
 * may be base64 strings or binary, well-known types take their JSON form.
 * Responses: well-known types are turned into their JSON form and fields
 * get their JSON names (protosets keep the .proto's snake_case names).
 */
import { fieldNamed, type MessageType, type TypeIndex } from './type-index.ts';
import { isWellKnown, wellKnownFromJson, wellKnownToJson } from './well-known.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer);
}

function scalarToProto(type: string, v: unknown): unknown {
  if (type === 'TYPE_BYTES') {
    if (v instanceof ArrayBuffer) return new Uint8Array(v);
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  return v;
}

/** Converts one script value for a field of message `owner` (repeated/map handled by the caller). */
function singleToProto(index: TypeIndex, owner: MessageType, type: string, typeName: string, v: unknown, path: string): unknown {
  if (type !== 'TYPE_MESSAGE') return scalarToProto(type, v);
  const full = index.resolve(owner.fullName, typeName);
  if (full === undefined) return v;
  if (isWellKnown(full)) {
    try {
      return wellKnownFromJson(full, v, index.wellKnownForm);
    } catch (err) {
      throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (!isPlainObject(v)) throw new Error(`${path}: expected an object for message ${full}, got ${JSON.stringify(v) ?? typeof v}`);
  return messageToProto(index, full, v, path);
}

/** A map field's JSON object → protobufjs's form of it (an object, or entries for protosets). */
function mapToProto(index: TypeIndex, entry: MessageType, v: unknown, where: string): unknown {
  if (!isPlainObject(v)) throw new Error(`${where}: expected an object for a map field`);
  const vf = entry.mapValue!;
  const converted = Object.entries(v).map(([k, mv]) => [k, singleToProto(index, entry, vf.type, vf.typeName, mv, `${where}.${k}`)] as const);
  if (!index.fromProtoset) return Object.fromEntries(converted);
  const boolKey = entry.mapKey?.type === 'TYPE_BOOL';
  return converted.map(([k, value]) => ({ key: boolKey ? k === 'true' : k, value }));
}

/** A script's request object for message `fullName` → proto-loader's input object. Throws on unknown fields. */
export function messageToProto(index: TypeIndex, fullName: string, value: Record<string, unknown>, path = ''): Record<string, unknown> {
  const type = index.get(fullName);
  if (type === undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = fieldNamed(type, key);
    const where = path === '' ? key : `${path}.${key}`;
    if (field === undefined) throw new Error(`unknown field "${key}" in message ${fullName}`);
    if (v === null || v === undefined) continue;
    const entry = field.type === 'TYPE_MESSAGE' ? index.get(index.resolve(type.fullName, field.typeName) ?? '') : undefined;
    if (entry?.mapValue !== undefined) {
      out[field.name] = mapToProto(index, entry, v, where);
    } else if (field.label === 'LABEL_REPEATED') {
      if (!Array.isArray(v)) throw new Error(`${where}: expected an array for a repeated field`);
      out[field.name] = v.map((item, i) => singleToProto(index, type, field.type, field.typeName, item, `${where}[${i}]`));
    } else {
      out[field.name] = singleToProto(index, type, field.type, field.typeName, v, where);
    }
  }
  return out;
}

/**
 * Rewrites decoded messages into k6's JSON form. Walks only the message
 * types that (transitively) contain well-known types or fields to rename;
 * which ones do is memoised per proto set, so the common case costs one
 * map lookup.
 */
export class ResponseMapper {
  readonly #index: TypeIndex;
  readonly #needs = new Map<string, boolean>();

  constructor(index: TypeIndex) {
    this.#index = index;
  }

  /** Whether messages of `fullName` can contain well-known types or renamed fields (every reachable type is looked at). */
  #needsWalk(fullName: string): boolean {
    const known = this.#needs.get(fullName);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    const pending = [fullName];
    let needs = false;
    while (pending.length > 0 && !needs) {
      const name = pending.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const type = this.#index.get(name);
      if (type === undefined) continue;
      if (type.renamed.size > 0 || (this.#index.fromProtoset && type.mapValue !== undefined)) needs = true;
      for (const f of type.list) {
        const full = f.type === 'TYPE_MESSAGE' ? this.#index.resolve(name, f.typeName) : undefined;
        if (full === undefined) continue;
        if (isWellKnown(full)) needs = true;
        else pending.push(full);
      }
    }
    this.#needs.set(fullName, needs);
    return needs;
  }

  /** A decoded message (proto-loader object form) → k6's JSON form. Mutates and returns `msg`. */
  toJson(fullName: string, msg: unknown): unknown {
    if (isWellKnown(fullName)) return wellKnownToJson(fullName, msg);
    if (!isPlainObject(msg) || !this.#needsWalk(fullName)) return msg;
    const type = this.#index.get(fullName)!;
    for (const f of type.list) {
      if (!(f.name in msg)) continue;
      const full = f.type === 'TYPE_MESSAGE' ? this.#index.resolve(fullName, f.typeName) : undefined;
      if (full !== undefined) msg[f.name] = this.#fieldToJson(full, msg[f.name]);
      const json = type.renamed.get(f.name);
      if (json !== undefined) {
        msg[json] = msg[f.name];
        delete msg[f.name];
      }
    }
    return msg;
  }

  /** A message-typed field's value (single, repeated or map) → JSON form. */
  #fieldToJson(full: string, v: unknown): unknown {
    const entry = this.#index.get(full);
    if (entry?.mapValue !== undefined) {
      const vf = entry.mapValue;
      const valueType = vf.type === 'TYPE_MESSAGE' ? this.#index.resolve(full, vf.typeName) : undefined;
      const convert = (x: unknown) => (valueType === undefined ? x : this.toJson(valueType, x));
      if (Array.isArray(v)) return Object.fromEntries(v.map((e: { key?: unknown; value?: unknown }) => [String(e.key), convert(e.value)]));
      if (isPlainObject(v)) for (const k of Object.keys(v)) v[k] = convert(v[k]);
      return v;
    }
    return Array.isArray(v) ? v.map((item) => this.toJson(full, item)) : this.toJson(full, v);
  }
}
