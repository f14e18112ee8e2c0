/**
 * What a finished run leaves behind besides the summary: the HTML report
 * (--report / K6_WEB_DASHBOARD_EXPORT), JUnit XML (--junit), the run saved
 * in the history (unless --no-history), and the comparison with a baseline
 * run (--baseline … --max-regression N%), which may change the exit code.
 * A file that cannot be written is logged; the run's data and exit code stay.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderHtmlReport } from '../reports/html/index.ts';
import { renderJUnitReport, type RunReport } from '../reports/index.ts';
import { checkRegression, openHistory } from '../history/index.ts';
import { ExitCode, type ExitCodeValue } from '../errors/index.ts';
import type { RunLog } from './run-log.ts';

export interface HistoryRequest {
  /** the history's folder (default `.stampede/` in the working directory) */
  dir: string;
  /** a run id, `last` or `last-passed`: compare this run with it */
  baseline?: string;
  /** regression bound in percent for p95 and the error rate (default 10) */
  maxRegressionPct?: number;
}

export interface ArtifactRequest {
  reportFile?: string;
  junitFile?: string;
  /** undefined with --no-history */
  history?: HistoryRequest;
}

/** The git commit of `cwd`, or undefined outside a repository. */
export function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the run's artifacts; returns the exit code to use instead of the
 * run's own when the baseline comparison found a regression.
 */
export async function writeRunArtifacts(report: RunReport, req: ArtifactRequest, log: RunLog): Promise<ExitCodeValue | undefined> {
  const write = async (file: string, what: string, content: () => string) => {
    try {
      await writeFile(path.resolve(file), content());
      log.info(`${what} written to ${file}`);
    } catch (err) {
      log.error(`could not write the ${what} to ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  let history: ReturnType<typeof openHistory> | undefined;
  let exitCode: ExitCodeValue | undefined;
  const where = req.history?.dir ?? '';
  try {
    if (req.history) {
      history = openHistory(req.history.dir);
      if (req.history.baseline !== undefined) {
        // `last` and `last-passed` mean the same script's (an explicit id is taken as is)
        const baseline = history.get(req.history.baseline, { script: report.script });
        if (!baseline) log.warn(`--baseline ${req.history.baseline}: no such run in ${where}; nothing to compare with`);
        else {
          const maxRegressionPct = req.history.maxRegressionPct ?? 10;
          const verdict = checkRegression(baseline, report, maxRegressionPct);
          report.baselineGate = { baselineId: baseline.id ?? req.history.baseline, maxRegressionPct, compared: verdict.compared };
          for (const line of verdict.lines) log.line(verdict.regressions.includes(line) ? 'error' : 'info', line);
          // a regression fails a run that otherwise passed; it is saved as failed, so `last-passed` skips it
          if (verdict.regressed && report.exitCode === ExitCode.ok) {
            exitCode = ExitCode.baselineRegression;
            report.exitCode = exitCode;
            report.status = 'failed';
          }
        }
      }
      report.id = history.save(report);
      log.info(`run saved as ${report.id} in ${where} (stampede runs; stampede report ${report.id})`);
    }
  } catch (err) {
    log.error(`run history in ${where}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    history?.close();
  }
  if (req.reportFile) await write(req.reportFile, 'HTML report', () => renderHtmlReport(report));
  if (req.junitFile && report.summary) await write(req.junitFile, 'JUnit report', () => renderJUnitReport(report.summary!, report.baselineGate));
  return exitCode;
}
