/**
 * Stampede's programmatic API: run a k6 script and get k6's exit code and
 * summary data back. The CLI is a thin layer over this.
 */
export { runTest, inspectScript, type RunRequest, type RunResult, type RunIO } from './run/index.ts';
export { ExitCode, StampedeError, ConfigError, ScriptError } from './errors/index.ts';
