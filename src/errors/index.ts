/**
 * errors/: the error classes every layer throws at users (stable codes,
 * hints, locations) and k6's exit-code table. Imports nothing of src/.
 */
export { ExitCode, type ExitCodeValue } from './exit-codes.ts';
export { StampedeError, ConfigError, ScriptError, formatUserError, type ErrorLocation } from './stampede-error.ts';
