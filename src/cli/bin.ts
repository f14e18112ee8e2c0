#!/usr/bin/env node
/**
 * The `stampede` bin (package.json "bin"): checks the Node version first,
 * then loads the CLI (main.ts). ESM evaluates static imports before the
 * module body, so on an old Node main.ts would die on `node:sqlite` before
 * any check could run; this file therefore imports only node-version.ts and
 * stays plain enough for old Node to parse.
 */
import { nodeVersionProblem } from './node-version.ts';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write('stampede: ' + problem + '\n');
  process.exitCode = 1;
} else {
  // tsc turns './main.ts' into './main.js' in dist/
  import('./main.ts').catch(function (err) {
    process.stderr.write('stampede: ' + (err && err.stack ? err.stack : String(err)) + '\n');
    process.exitCode = 1;
  });
}
