/**
 * The message types of a loaded proto set, by full name (nested types and
 * map entries included), read from proto-loader's DescriptorProto objects;
 * resolves a field's type name the way protoc does (innermost scope first).
 * The JSON mapping walks requests and responses with it.
 */
import type { PackageDefinition } from '@grpc/proto-loader';
import type { WellKnownForm } from './well-known.ts';

/** The parts of a DescriptorProto field the JSON mapping needs. */
export interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

/** The parts of a DescriptorProto the JSON mapping needs. */
export interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType: MessageDescriptor[];
  options: { mapEntry?: boolean } | null;
}

/** A message type, indexed. */
export interface MessageType {
  fullName: string;
  /** every field, in declaration order */
  list: readonly FieldDescriptor[];
  /** field by its decoded name, its JSON name or protobufjs's camelCase name (see fieldNamed) */
  byName: ReadonlyMap<string, FieldDescriptor>;
  /** JSON name of the fields whose decoded name differs from it (types loaded from protosets keep .proto names) */
  renamed: ReadonlyMap<string, string>;
  /** map<K, V> entry types: the key field */
  mapKey: FieldDescriptor | undefined;
  /** map<K, V> entry types: the value field */
  mapValue: FieldDescriptor | undefined;
}

/** protoc's JSON name: underscores dropped, the next character upper-cased. */
function jsonNameOf(name: string): string {
  return name.replace(/_+(.)?/g, (_m, c: string | undefined) => (c === undefined ? '' : c.toUpperCase()));
}

/** protobufjs's field-name conversion (what proto-loader names fields of parsed .proto files). */
export function protobufCamelCase(name: string): string {
  return name.slice(0, 1) + name.slice(1).replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

const MESSAGE_FORMAT = 'Protocol Buffer 3 DescriptorProto';

/** The field a script means by `key`: as written in the .proto (snake_case) or its JSON name. */
export function fieldNamed(type: MessageType, key: string): FieldDescriptor | undefined {
  return type.byName.get(key) ?? type.byName.get(protobufCamelCase(key));
}

export class TypeIndex {
  readonly #types = new Map<string, MessageType>();
  /** short name → full names, to find a method's request/response type */
  readonly #byShortName = new Map<string, { fullName: string; json: string }[]>();

  /**
   * Loaded from a protoset: protobufjs then keeps the .proto's field names
   * (snake_case) and leaves map fields as `[{ key, value }]` entry lists
   * instead of `{ key: value }` objects (descriptors are not turned back
   * into map fields).
   */
  readonly fromProtoset: boolean;

  /** how this set spells google.protobuf.Value and Struct */
  readonly wellKnownForm: WellKnownForm;

  constructor(def: PackageDefinition, fromProtoset: boolean) {
    this.fromProtoset = fromProtoset;
    for (const [fullName, entry] of Object.entries(def)) {
      if ((entry as { format?: unknown }).format !== MESSAGE_FORMAT) continue;
      this.#add(fullName, (entry as { type: MessageDescriptor }).type);
    }
    const value = this.#types.get('google.protobuf.Value');
    this.wellKnownForm = { snakeCaseValue: value?.byName.get('number_value')?.name === 'number_value', mapEntries: fromProtoset };
  }

  #add(fullName: string, desc: MessageDescriptor): void {
    if (this.#types.has(fullName)) return;
    const list = desc.field ?? [];
    const byName = new Map<string, FieldDescriptor>();
    const renamed = new Map<string, string>();
    for (const f of list) byName.set(f.name, f);
    for (const f of list) {
      const json = jsonNameOf(f.name);
      if (json !== f.name) renamed.set(f.name, json);
      for (const alias of [json, protobufCamelCase(f.name)]) if (!byName.has(alias)) byName.set(alias, f);
    }
    const mapEntry = desc.options?.mapEntry === true;
    const mapKey = mapEntry ? list.find((f) => f.number === 1) : undefined;
    const mapValue = mapEntry ? list.find((f) => f.number === 2) : undefined;
    this.#types.set(fullName, { fullName, list, byName, renamed, mapKey, mapValue });
    const sameName = this.#byShortName.get(desc.name) ?? [];
    sameName.push({ fullName, json: JSON.stringify(desc) });
    this.#byShortName.set(desc.name, sameName);
    for (const nested of desc.nestedType ?? []) this.#add(`${fullName}.${nested.name}`, nested);
  }

  get(fullName: string): MessageType | undefined {
    return this.#types.get(fullName);
  }

  /** The full name of a method's message type, given proto-loader's descriptor of it. */
  fullNameOf(desc: MessageDescriptor): string | undefined {
    const list = this.#byShortName.get(desc.name);
    if (list === undefined) return undefined;
    if (list.length === 1) return list[0].fullName;
    const json = JSON.stringify(desc);
    return (list.find((c) => c.json === json) ?? list[0]).fullName;
  }

  /** Resolves `typeName` as written in message `scope` (protoc's rules: innermost scope outwards). */
  resolve(scope: string, typeName: string): string | undefined {
    if (typeName.startsWith('.')) return this.#types.has(typeName.slice(1)) ? typeName.slice(1) : undefined;
    let s = scope;
    for (;;) {
      const candidate = s === '' ? typeName : `${s}.${typeName}`;
      if (this.#types.has(candidate)) return candidate;
      if (s === '') return undefined;
      const dot = s.lastIndexOf('.');
      s = dot < 0 ? '' : s.slice(0, dot);
    }
  }
}
