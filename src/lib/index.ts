/**
 * lib/: leaf utilities with no knowledge of load testing (logging, timing,
 * "did you mean" suggestions).
 * Imports nothing of src/.
 */
export { createLogger, parseLogLine, formatLogRecord, type Logger, type LogLevel, type LogSink, type LogRecord, type LogFormatName } from './logger.ts';
export { sleepMs, formatShortMs, withTimeout, settleWithin, TimeoutError } from './time.ts';
export { systemClock, ManualClock, type Clock, type ClockTimer } from './clock.ts';
export { parseDurationMs } from './duration.ts';
export { mulberry32 } from './random.ts';
export { stackFrames } from './stack.ts';
export { VERSION } from './version.ts';
export { editDistance, closestName, didYouMean } from './suggest.ts';
export { redactSecrets } from './redact.ts';
export { readProcStat, procPids, type ProcStat } from './proc-stat.ts';
