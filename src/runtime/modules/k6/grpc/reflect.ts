/**
 * connect(address, { reflect: true }): asks the server's reflection service
 * (grpc.reflection.v1, then v1alpha when v1 is UNIMPLEMENTED) for its
 * services, the files declaring them and every file those import, and
 * loads the result as a protoset would be — so invoke() and Stream work
 * without client.load().
 */
import type { Client as GrpcJsClient, Metadata } from '@grpc/grpc-js';
import { STATUS_CONSTANTS } from './constants.ts';
import type { ClientCore } from './core.ts';
import { DescriptorCollector } from './descriptor-set.ts';
import { loadDescriptorSet, type MethodInfo } from './protos.ts';
import { ReflectionCall, ReflectionCallError } from './reflection-call.ts';
import { decodeAnswer, encodeRequest, type ReflectionAnswer, type ReflectionRequest } from './reflection-messages.ts';

const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];

export interface ReflectSettings {
  address: string;
  metadata: Metadata;
  /** epoch ms: the connect() timeout covers the reflection requests too */
  deadline: number;
}

/** Go's name for a status code (`Unimplemented`), as grpc-go's errors print it. */
function codeName(code: number): string {
  const entry = Object.entries(STATUS_CONSTANTS).find(([, c]) => c === code);
  return entry === undefined ? `Code(${code})` : entry[0].slice('Status'.length);
}

class Reflector {
  readonly #call: ReflectionCall;
  readonly #files = new DescriptorCollector();

  constructor(call: ReflectionCall) {
    this.#call = call;
  }

  async #ask(req: ReflectionRequest, what: string): Promise<ReflectionAnswer> {
    const raw = await this.#call.ask(encodeRequest(req));
    let answer: ReflectionAnswer;
    try {
      answer = decodeAnswer(raw);
    } catch (err) {
      throw new Error(`${what}: the answer is not a reflection response (${(err as Error).message})`, { cause: err });
    }
    if (answer.kind === 'error') {
      const code = answer.code === STATUS_CONSTANTS.StatusOK ? '' : `${codeName(answer.code)}: `;
      throw new Error(`${what}: ${code}${answer.message}`);
    }
    return answer;
  }

  async #addFiles(req: ReflectionRequest, what: string): Promise<string[]> {
    const answer = await this.#ask(req, what);
    if (answer.kind !== 'files') throw new Error(`${what}: the server did not answer with file descriptors`);
    try {
      return answer.files.map((f) => this.#files.add(f));
    } catch (err) {
      throw new Error(`${what}: a file descriptor cannot be read (${(err as Error).message})`, { cause: err });
    }
  }

  /** Every service's file and, transitively, the files it imports. */
  async collect(): Promise<DescriptorCollector> {
    const listed = await this.#ask({ kind: 'listServices' }, 'cannot list services');
    if (listed.kind !== 'services') throw new Error('cannot list services: the server did not answer with a service list');
    for (const service of listed.names) {
      if (REFLECTION_SERVICES.includes(service)) continue;
      await this.#addFiles({ kind: 'fileContainingSymbol', symbol: service }, `cannot get the file declaring service "${service}"`);
    }
    for (let name = this.#files.missing(); name !== undefined; name = this.#files.missing()) {
      const what = `cannot get file "${name}" (imported by another file)`;
      await this.#addFiles({ kind: 'fileByFilename', filename: name }, what);
      if (!this.#files.has(name)) throw new Error(`${what}: the server answered with other files`);
    }
    return this.#files;
  }
}

async function collectWith(core: ClientCore, conn: GrpcJsClient, service: string, s: ReflectSettings): Promise<DescriptorCollector> {
  const call = new ReflectionCall(conn, `/${service}/ServerReflectionInfo`, s.metadata.clone(), s.deadline);
  core.track(call);
  try {
    const files = await new Reflector(call).collect();
    call.close();
    return files;
  } catch (err) {
    call.cancel();
    throw err;
  } finally {
    core.untrack(call);
  }
}

function notAvailable(address: string, err: ReflectionCallError): Error {
  return new Error(`connect(): server reflection is not available at ${address}: the server implements neither ${REFLECTION_SERVICES.join(' nor ')} (the server answered: ${err.message}); `
    + 'enable reflection on the server, or load the service definitions with client.load() or client.loadProtoset() in the init context', { cause: err });
}

/** The methods the server at `address` describes through reflection; throws a connect() error naming the address. */
export async function reflectMethods(core: ClientCore, conn: GrpcJsClient, s: ReflectSettings): Promise<MethodInfo[]> {
  let files: DescriptorCollector | undefined;
  for (const [i, service] of REFLECTION_SERVICES.entries()) {
    try {
      files = await collectWith(core, conn, service, s);
      break;
    } catch (err) {
      const unimplemented = err instanceof ReflectionCallError && err.code === STATUS_CONSTANTS.StatusUnimplemented;
      if (unimplemented && i + 1 < REFLECTION_SERVICES.length) continue;
      if (unimplemented) throw notAvailable(s.address, err);
      const reason = err instanceof ReflectionCallError ? `rpc error: code = ${codeName(err.code)} desc = ${err.message}` : (err as Error).message;
      throw new Error(`connect(): server reflection with ${s.address} failed: ${reason}`, { cause: err });
    }
  }
  if (files === undefined || files.size === 0) return [];
  return loadDescriptorSet(files.toSet(), s.address);
}
