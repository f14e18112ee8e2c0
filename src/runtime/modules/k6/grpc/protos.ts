/**
 * Loads .proto files (client.load), protosets (client.loadProtoset) and the
 * descriptor sets reflection assembles (connect with reflect) with
 * proto-loader, and lists their methods with what a call needs: the path,
 * streaming kinds, and serialize/deserialize in k6's JSON mapping. Loaded
 * sets are cached per worker thread (read-only once built), so every VU's
 * init code does not parse the same files again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MethodDefinition, Options, PackageDefinition } from '@grpc/proto-loader';
import { protoLoader } from './lazy.ts';
import { TypeIndex, type MessageDescriptor } from './type-index.ts';
import { messageToProto, ResponseMapper } from './json-mapping.ts';

/** Decoded as protojson with EmitUnpopulated would: int64 as strings, enum names, base64 bytes, defaults filled in. */
const LOADER_OPTIONS: Options = { keepCase: false, longs: String, enums: String, bytes: String, defaults: true, oneofs: false, json: true };

/** One RPC method of a loaded set. */
export interface MethodInfo {
  /** `/pkg.Service/Method` */
  path: string;
  /** `pkg.Service` */
  service: string;
  /** `Method` */
  name: string;
  package: string;
  clientStream: boolean;
  serverStream: boolean;
  /** request object → wire bytes; throws k6's serialisation error */
  serialize(request: unknown): Buffer;
  /** wire bytes → response object in k6's JSON mapping */
  deserialize(bytes: Buffer): unknown;
}

/** What client.load() returns for each method, as k6 does. */
export interface MethodSummary {
  package: string;
  service: string;
  fullMethod: string;
  name: string;
  isClientStream: boolean;
  isServerStream: boolean;
}

const cache = new Map<string, MethodInfo[]>();

function isService(entry: unknown): entry is Record<string, MethodDefinition<object, object>> {
  return typeof entry === 'object' && entry !== null && !('format' in entry);
}

function methodInfo(index: TypeIndex, mapper: ResponseMapper, service: string, def: MethodDefinition<object, object>): MethodInfo {
  const requestType = index.fullNameOf(def.requestType.type as MessageDescriptor) ?? '';
  const responseType = index.fullNameOf(def.responseType.type as MessageDescriptor) ?? '';
  const dot = service.lastIndexOf('.');
  return {
    path: def.path,
    service,
    name: def.path.slice(def.path.lastIndexOf('/') + 1),
    package: dot < 0 ? '' : service.slice(0, dot),
    clientStream: def.requestStream,
    serverStream: def.responseStream,
    serialize(request: unknown): Buffer {
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        throw new Error('unable to serialise request object to protocol buffer: the request must be an object');
      }
      try {
        return def.requestSerialize(messageToProto(index, requestType, request as Record<string, unknown>));
      } catch (err) {
        throw new Error(`unable to serialise request object to protocol buffer: ${(err as Error).message}`, { cause: err });
      }
    },
    deserialize(bytes: Buffer): unknown {
      return mapper.toJson(responseType, def.responseDeserialize(bytes));
    },
  };
}

function methodsOf(def: PackageDefinition, fromProtoset: boolean): MethodInfo[] {
  const index = new TypeIndex(def, fromProtoset);
  const mapper = new ResponseMapper(index);
  const out: MethodInfo[] = [];
  for (const [name, entry] of Object.entries(def)) {
    if (!isService(entry)) continue;
    for (const m of Object.values(entry)) out.push(methodInfo(index, mapper, name, m));
  }
  return out;
}

/** A proto file as k6 finds it: absolute, or under one of the import paths, or next to the script. */
function findProtoFile(dirs: string[], file: string): string {
  if (path.isAbsolute(file)) return file;
  for (const dir of dirs) {
    const candidate = path.resolve(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`proto file "${file}" not found (searched ${dirs.map((d) => JSON.stringify(d)).join(', ')})`);
}

/** client.load(importPaths, ...files): parses the files (imports resolved in importPaths, then the script's folder). */
export function loadProtoFiles(scriptDir: string, importPaths: unknown, files: unknown[]): MethodInfo[] {
  if (importPaths !== null && importPaths !== undefined && !Array.isArray(importPaths) && typeof importPaths !== 'string') {
    throw new Error('load(): importPaths must be an array of strings or null');
  }
  const given = importPaths === null || importPaths === undefined ? [] : Array.isArray(importPaths) ? importPaths : [importPaths];
  const dirs = [...given.map((p) => path.resolve(scriptDir, String(p))), scriptDir];
  if (files.length === 0) throw new Error('load(): no proto files given');
  const resolved = files.map((f) => findProtoFile(dirs, String(f)));
  const key = JSON.stringify(['proto', dirs, resolved]);
  let methods = cache.get(key);
  if (methods === undefined) {
    let def: PackageDefinition;
    try {
      def = protoLoader().loadSync(resolved, { ...LOADER_OPTIONS, includeDirs: dirs });
    } catch (err) {
      throw new Error(`load(): cannot parse ${files.map((f) => String(f)).join(', ')}: ${(err as Error).message}`, { cause: err });
    }
    methods = methodsOf(def, false);
    cache.set(key, methods);
  }
  return methods;
}

/** client.loadProtoset(file): a binary FileDescriptorSet (protoc --descriptor_set_out --include_imports). */
export function loadProtosetFile(scriptDir: string, file: unknown): MethodInfo[] {
  const abs = path.resolve(scriptDir, String(file));
  const key = JSON.stringify(['protoset', abs]);
  let methods = cache.get(key);
  if (methods === undefined) {
    let def: PackageDefinition;
    try {
      def = protoLoader().loadFileDescriptorSetFromBuffer(readFileSync(abs), LOADER_OPTIONS);
    } catch (err) {
      throw new Error(`loadProtoset(): cannot load ${JSON.stringify(String(file))}: ${(err as Error).message}`, { cause: err });
    }
    methods = methodsOf(def, true);
    cache.set(key, methods);
  }
  return methods;
}

/** connect({ reflect: true }): the FileDescriptorSet built from the answers of the server at `address`. */
export function loadDescriptorSet(set: Buffer, address: string): MethodInfo[] {
  const key = JSON.stringify(['reflected', createHash('sha256').update(set).digest('hex')]);
  let methods = cache.get(key);
  if (methods === undefined) {
    let def: PackageDefinition;
    try {
      def = protoLoader().loadFileDescriptorSetFromBuffer(set, LOADER_OPTIONS);
    } catch (err) {
      throw new Error(`connect(): the file descriptors that ${address} sent through reflection cannot be loaded: ${(err as Error).message}`, { cause: err });
    }
    methods = methodsOf(def, true);
    cache.set(key, methods);
  }
  return methods;
}

/** The summary client.load() returns, one entry per method. */
export function summarize(methods: MethodInfo[]): MethodSummary[] {
  return methods.map((m) => ({
    package: m.package, service: m.service, fullMethod: m.path, name: m.name,
    isClientStream: m.clientStream, isServerStream: m.serverStream,
  }));
}
