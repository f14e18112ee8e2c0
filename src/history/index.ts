/**
 * history/: every finished run saved in `.stampede/history.db` (SQLite via
 * node:sqlite) — listing, lookup by id / prefix / `last` / `last-passed`,
 * trends of a metric across runs — and the baseline regression gate.
 * Reads reports/ data; nothing here prints.
 */
export { openHistory, HISTORY_FILE, type RunHistory, type RunRow, type TrendPoint, type ScriptFilter } from './store.ts';
export { checkRegression, ERROR_RATE_FLOOR, type RegressionVerdict } from './regression.ts';
export { formatStartTime } from './ids.ts';
export { keyNumbers, type KeyNumbers } from './key-numbers.ts';
