/**
 * The run history: one SQLite file, `<dir>/history.db`, through Node's
 * built-in node:sqlite. A `runs` table holds one row per run — id, start,
 * script, status, exit code, tags, git commit, duration and a few key
 * numbers as columns for listing and trends — plus the run's summary as
 * JSON (trends read it with json_extract) and the rest of its RunReport
 * (time series at most MAX_STORED_POINTS periods long, see coarsen.ts) as
 * gzip-compressed JSON. WAL mode and a
 * busy timeout let several test processes save at the same time.
 */
import { mkdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { RunReport, RunStatus, SummaryMetric } from '../reports/index.ts';
import type { MetricType, ValueType } from '../metrics/index.ts';
import { ExitCode, StampedeError } from '../errors/index.ts';
import { newRunId, looksLikeIdPrefix } from './ids.ts';
import { keyNumbers, type KeyNumbers } from './key-numbers.ts';
import { coarsenTimeline } from './coarsen.ts';

/** The database file inside the history's folder. */
export const HISTORY_FILE = 'history.db';
/** How long a writer waits for another process's lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;
/** Bumped when the table changes; a newer file is refused rather than misread. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id            TEXT PRIMARY KEY,
  started_at    INTEGER NOT NULL,
  script        TEXT NOT NULL,
  status        TEXT NOT NULL,
  exit_code     INTEGER,
  tags          TEXT NOT NULL DEFAULT '{}',
  git_commit    TEXT,
  duration_ms   INTEGER NOT NULL,
  http_reqs     INTEGER,
  http_req_rate REAL,
  p95_ms        REAL,
  error_rate    REAL,
  checks_rate   REAL,
  summary       TEXT,
  report        BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_at);
CREATE INDEX IF NOT EXISTS runs_by_script ON runs (script, started_at);
`;

/** A run as `stampede runs` lists it. */
/** What names a run in listings: when, which script, how it ended, its tags and commit. */
export interface RunIdentity {
  id: string;
  startedAt: number;
  script: string;
  status: RunStatus;
  tags: Record<string, string>;
  commit?: string;
}

export interface RunRow extends KeyNumbers, RunIdentity {
  exitCode?: number;
  durationMs: number;
}

/** One run's value of a metric's stat, for `stampede report --trend`. */
export interface TrendPoint extends RunIdentity {
  /** undefined when the run's summary lacks the metric or the stat */
  value?: number;
  /** the metric's type and contents (how to format the value), when the run has it */
  kind?: { type: MetricType; contains: ValueType };
}

/** Narrows `last` / `last-passed` (and listings) to one script's runs. */
export interface ScriptFilter {
  script?: string;
}

export interface RunHistory {
  /** the database file */
  readonly file: string;
  /** Saves a finished run; returns its new id. */
  save(report: RunReport): string;
  /** A run by id, unique id prefix, `last` or `last-passed`; undefined when none matches. */
  get(ref: string, opts?: ScriptFilter): RunReport | undefined;
  /** Runs, newest first. */
  list(opts?: { limit?: number } & ScriptFilter): RunRow[];
  /** A summary value (`http_req_duration`, `p(95)`) across the last `limit` runs, oldest first. */
  trend(metric: string, stat: string, limit: number, opts?: ScriptFilter): TrendPoint[];
  close(): void;
}

type Row = Record<string, SQLInputValue>;

/** Opens (creating the folder and the database when needed) the history in `dir`. */
export function openHistory(dir: string): RunHistory {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, HISTORY_FILE);
  const db = new DatabaseSync(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec('PRAGMA journal_mode = WAL');
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteHistory(db, file);
}

function migrate(db: DatabaseSync, file: string): void {
  const version = Number((db.prepare('PRAGMA user_version').get() as Row).user_version);
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    throw new StampedeError('E_HISTORY_VERSION', `${file} was written by a newer Stampede (history schema ${version}, this one reads ${SCHEMA_VERSION})`, {
      exitCode: ExitCode.invalidConfig, hint: 'upgrade Stampede, or point STAMPEDE_HISTORY_DIR at another folder',
    });
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

const ROW_COLUMNS = 'id, started_at, script, status, exit_code, tags, git_commit, duration_ms, http_reqs, http_req_rate, p95_ms, error_rate, checks_rate';

class SqliteHistory implements RunHistory {
  readonly file: string;
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync, file: string) {
    this.#db = db;
    this.file = file;
  }

  save(report: RunReport): string {
    const { summary, ...rest } = report;
    const k = keyNumbers(summary);
    const insert = this.#db.prepare(`INSERT INTO runs (${ROW_COLUMNS}, summary, report)
      VALUES ($id, $started_at, $script, $status, $exit_code, $tags, $git_commit, $duration_ms, $http_reqs, $http_req_rate, $p95_ms, $error_rate, $checks_rate, $summary, $report)`);
    for (let attempt = 0; ; attempt++) {
      const id = newRunId(report.startedAt);
      try {
        insert.run({
          $id: id,
          $started_at: report.startedAt,
          $script: report.script,
          $status: report.status,
          $exit_code: report.exitCode ?? null,
          $tags: JSON.stringify(report.tags ?? {}),
          $git_commit: report.commit ?? null,
          $duration_ms: Math.round(report.durationMs),
          $http_reqs: k.httpReqs ?? null,
          $http_req_rate: k.httpReqRate ?? null,
          $p95_ms: k.p95 ?? null,
          $error_rate: k.errorRate ?? null,
          $checks_rate: k.checksRate ?? null,
          $summary: summary === undefined ? null : JSON.stringify(summary),
          $report: gzipSync(JSON.stringify({ ...rest, id, timeline: coarsenTimeline(rest) })),
        });
        return id;
      } catch (err) {
        // two runs started in the same second drew the same suffix: draw again
        if (attempt < 5 && isPrimaryKeyConflict(err)) continue;
        throw err;
      }
    }
  }

  get(ref: string, opts: ScriptFilter = {}): RunReport | undefined {
    const id = this.#resolve(ref.trim(), opts);
    if (id === undefined) return undefined;
    const row = this.#db.prepare('SELECT summary, report FROM runs WHERE id = ?').get(id) as Row | undefined;
    if (!row) return undefined;
    const json = typeof row.report === 'string' ? row.report : gunzipSync(row.report as Uint8Array).toString('utf8');
    const report = JSON.parse(json) as RunReport;
    if (row.summary !== null) report.summary = JSON.parse(String(row.summary));
    return report;
  }

  #resolve(ref: string, opts: ScriptFilter): string | undefined {
    const byScript = opts.script === undefined ? '' : 'WHERE script = $script';
    const params: Record<string, SQLInputValue> = opts.script === undefined ? {} : { $script: opts.script };
    if (ref === 'last' || ref === 'last-passed') {
      const passed = ref === 'last-passed' ? `${byScript ? `${byScript} AND` : 'WHERE'} status = 'passed'` : byScript;
      const row = this.#db.prepare(`SELECT id FROM runs ${passed} ORDER BY started_at DESC, rowid DESC LIMIT 1`).get(params) as Row | undefined;
      return row ? String(row.id) : undefined;
    }
    if (ref === '' || !looksLikeIdPrefix(ref)) return undefined;
    const exact = this.#db.prepare('SELECT id FROM runs WHERE id = ?').get(ref) as Row | undefined;
    if (exact) return String(exact.id);
    const matches = (this.#db.prepare("SELECT id FROM runs WHERE id LIKE ? || '%' ORDER BY id LIMIT 6").all(ref) as Row[]).map((r) => String(r.id));
    if (matches.length > 1) {
      throw new StampedeError('E_HISTORY_AMBIGUOUS', `"${ref}" matches several runs: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}`, {
        exitCode: ExitCode.invalidConfig, hint: 'give more of the id (stampede runs lists them)',
      });
    }
    return matches[0];
  }

  list(opts: { limit?: number } & ScriptFilter = {}): RunRow[] {
    const where = opts.script === undefined ? '' : 'WHERE script = $script';
    const rows = this.#db.prepare(`SELECT ${ROW_COLUMNS} FROM runs ${where} ORDER BY started_at DESC, rowid DESC LIMIT $limit`)
      .all({ $limit: opts.limit ?? -1, ...(opts.script === undefined ? {} : { $script: opts.script }) }) as Row[];
    return rows.map(toRunRow);
  }

  trend(metric: string, stat: string, limit: number, opts: ScriptFilter = {}): TrendPoint[] {
    if (metric.includes('"')) return [];
    const where = opts.script === undefined ? '' : 'WHERE script = $script';
    // only the one metric's JSON is read out of each summary
    const rows = this.#db.prepare(`SELECT id, started_at, script, status, git_commit, tags, json_extract(summary, $path) AS metric
      FROM runs ${where} ORDER BY started_at DESC, rowid DESC LIMIT $limit`)
      .all({ $path: `$.metrics."${metric}"`, $limit: limit, ...(opts.script === undefined ? {} : { $script: opts.script }) }) as Row[];
    return rows.reverse().map((r) => {
      const m = r.metric === null ? undefined : (JSON.parse(String(r.metric)) as SummaryMetric);
      const value = m?.values[stat];
      return {
        ...identityOf(r),
        value: typeof value === 'number' && Number.isFinite(value) ? value : undefined,
        kind: m ? { type: m.type, contains: m.contains } : undefined,
      };
    });
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function identityOf(r: Row): RunIdentity {
  return {
    id: String(r.id),
    startedAt: Number(r.started_at),
    script: String(r.script),
    status: String(r.status) as RunStatus,
    tags: JSON.parse(String(r.tags)),
    commit: optionalString(r.git_commit),
  };
}

function toRunRow(r: Row): RunRow {
  return {
    ...identityOf(r),
    exitCode: optionalNumber(r.exit_code),
    durationMs: Number(r.duration_ms),
    httpReqs: optionalNumber(r.http_reqs),
    httpReqRate: optionalNumber(r.http_req_rate),
    p95: optionalNumber(r.p95_ms),
    errorRate: optionalNumber(r.error_rate),
    checksRate: optionalNumber(r.checks_rate),
  };
}

const optionalNumber = (v: SQLInputValue | undefined) => (v === null || v === undefined ? undefined : Number(v));
const optionalString = (v: SQLInputValue | undefined) => (v === null || v === undefined ? undefined : String(v));

function isPrimaryKeyConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { errcode?: number }).errcode === 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
}
