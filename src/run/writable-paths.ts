/**
 * Every file a run will write is checked before the test starts, so a typo
 * in a path costs seconds, not a finished run: exit 104 naming the flag, the
 * path and what is wrong. (--out files are opened at start by the outputs.)
 */
import { accessSync, statSync, constants } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors/index.ts';

export interface PlannedFile {
  /** the flag or variable that named it, e.g. `--summary-export` */
  flag: string;
  file: string;
  /** a folder the run creates when missing (the history), rather than a file */
  folder?: boolean;
}

/** Throws a ConfigError listing every planned file that cannot be written. */
export function checkWritable(files: readonly PlannedFile[]): void {
  const problems = files.map(problemWith).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new ConfigError(problems, 'fix the path, create the folder, or check its permissions; nothing was run');
}

function problemWith({ flag, file, folder }: PlannedFile): string | undefined {
  const target = path.resolve(file);
  const existing = statOrUndefined(target);
  if (existing) {
    if (!folder && existing.isDirectory()) return `${flag}: ${file} is a directory; give a file name`;
    if (folder && !existing.isDirectory()) return `${flag}: ${file} is a file, not a folder`;
    return writable(target) ? undefined : `${flag}: ${file} is not writable`;
  }
  // a missing file (or history folder) is created in its parent folder, which must exist
  const parent = path.dirname(target);
  const dir = statOrUndefined(parent);
  if (!dir) return `${flag}: cannot write ${file}: the folder ${path.dirname(file) || '.'} does not exist`;
  if (!dir.isDirectory()) return `${flag}: cannot write ${file}: ${path.dirname(file)} is not a folder`;
  if (!writable(parent)) return `${flag}: cannot write ${file}: the folder ${path.dirname(file) || '.'} is not writable`;
  return undefined;
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
