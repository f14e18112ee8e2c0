/**
 * Gathers serialized FileDescriptorProtos (as reflection returns them),
 * one per file name, tells which imported files are still missing, and
 * writes them out as a FileDescriptorSet — dependencies before the files
 * that import them, as protoc --include_imports does.
 */
import { bytesFields, readFields, stringField, WireWriter } from './wire.ts';

// FileDescriptorProto
const FILE_NAME = 1;
const FILE_DEPENDENCY = 3;
// FileDescriptorSet
const SET_FILE = 1;

interface FileEntry {
  bytes: Buffer;
  dependencies: string[];
}

export class DescriptorCollector {
  readonly #files = new Map<string, FileEntry>();

  /** Adds a serialized FileDescriptorProto unless a file of that name is already in; returns its name. */
  add(bytes: Buffer): string {
    const fields = readFields(bytes);
    const name = stringField(fields, FILE_NAME);
    if (!this.#files.has(name)) {
      const dependencies = bytesFields(fields, FILE_DEPENDENCY).map((d) => d.toString('utf8'));
      this.#files.set(name, { bytes, dependencies });
    }
    return name;
  }

  has(name: string): boolean {
    return this.#files.has(name);
  }

  /** An imported file not collected yet, if any. */
  missing(): string | undefined {
    for (const f of this.#files.values()) {
      for (const d of f.dependencies) if (!this.#files.has(d)) return d;
    }
    return undefined;
  }

  get size(): number {
    return this.#files.size;
  }

  /** The FileDescriptorSet: each file once, after the files it imports. */
  toSet(): Buffer {
    const w = new WireWriter();
    const written = new Set<string>();
    const visit = (name: string): void => {
      const f = this.#files.get(name);
      if (f === undefined || written.has(name)) return;
      written.add(name);
      for (const d of f.dependencies) visit(d);
      w.bytes(SET_FILE, f.bytes);
    };
    for (const name of [...this.#files.keys()].sort()) visit(name);
    return w.finish();
  }
}
