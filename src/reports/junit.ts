/**
 * JUnit XML for CI systems. `renderJUnit`: the thresholds, like the
 * k6-summary jslib's jUnit() — one testcase per threshold, a `<failure>`
 * with the metric's values for each one that failed. `renderJUnitReport`
 * (`--junit FILE`): two suites, one testcase per threshold and one per
 * check, a check failing when any of its runs failed; with --baseline a
 * third, one testcase per value the regression gate compared.
 */
import type { SummaryData, SummaryGroup, SummaryMetric } from './summary-data.ts';
import type { BaselineGate } from './run-report.ts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };

function escapeXml(s: string): string {
  return s.replace(/[&<>'"]/g, (c) => XML_ESCAPES[c]);
}

function failureMessage(m: SummaryMetric): string {
  const v = m.values;
  switch (m.type) {
    case 'counter': return `failed, count: ${v.count}, rate: ${v.rate}`;
    case 'gauge': return `failed, value: ${v.value}, min: ${v.min}, max: ${v.max}`;
    case 'rate': return `failed, number of fails: ${v.fails}, number of passes: ${v.passes}, rate: ${v.rate}`;
    case 'trend': return `failed, average value: ${v.avg}, min value: ${v.min}, mean value: ${v.med}, max value: ${v.max}`;
    default: return 'failed';
  }
}

/** The JUnit document; `name` is the testsuite name (default "k6 thresholds"). */
export function renderJUnit(data: SummaryData, opts: { name?: string } = {}): string {
  let failures = 0;
  const cases: string[] = [];
  for (const [key, metric] of Object.entries(data.metrics)) {
    for (const [source, t] of Object.entries(metric.thresholds ?? {})) {
      const name = `${escapeXml(key)} - ${escapeXml(source)}`;
      if (t.ok) {
        cases.push(`<testcase name="${name}" />`);
      } else {
        failures++;
        cases.push(`<testcase name="${name}"><failure message="${escapeXml(failureMessage(metric))}"/></testcase>`);
      }
    }
  }
  const suite = escapeXml(opts.name || 'k6 thresholds');
  return `<?xml version="1.0"?>\n<testsuites tests="${cases.length}" failures="${failures}">\n`
    + `<testsuite name="${suite}" tests="${cases.length}" failures="${failures}">${cases.join('\n')}\n</testsuite >\n</testsuites >`;
}

function flattenChecks(g: SummaryGroup, into: { group: string; name: string; passes: number; fails: number }[] = []) {
  const group = g.path.split('::').filter((p) => p !== '').join('.');
  for (const c of g.checks) into.push({ group, name: c.name, passes: c.passes, fails: c.fails });
  for (const sub of g.groups) flattenChecks(sub, into);
  return into;
}

/**
 * `--junit FILE`: a `thresholds` suite (testcase `metric - expression`) and
 * a `checks` suite (testcase = check name, classname `checks.<group path>`),
 * failed ones with a `<failure>` saying what was measured.
 */
export function renderJUnitReport(data: Pick<SummaryData, 'metrics' | 'root_group' | 'state'>, gate?: BaselineGate): string {
  const thresholds: string[] = [];
  let thresholdFailures = 0;
  for (const [key, metric] of Object.entries(data.metrics)) {
    for (const [source, t] of Object.entries(metric.thresholds ?? {})) {
      const open = `<testcase classname="thresholds" name="${escapeXml(`${key} - ${source}`)}"`;
      if (t.ok) thresholds.push(`${open}/>`);
      else {
        thresholdFailures++;
        const message = escapeXml(`${key} ${source} ${failureMessage(metric)}`);
        thresholds.push(`${open}><failure type="threshold" message="${message}">${message}</failure></testcase>`);
      }
    }
  }
  const checks: string[] = [];
  let checkFailures = 0;
  for (const c of flattenChecks(data.root_group)) {
    const open = `<testcase classname="${escapeXml(c.group ? `checks.${c.group}` : 'checks')}" name="${escapeXml(c.name)}"`;
    if (c.fails === 0) checks.push(`${open}/>`);
    else {
      checkFailures++;
      const total = c.passes + c.fails;
      const message = escapeXml(`${c.fails} of ${total} failed (${((100 * c.passes) / total).toFixed(2)}% passed)`);
      checks.push(`${open}><failure type="check" message="${message}">${message}</failure></testcase>`);
    }
  }
  // the baseline gate (exit 111): one case per compared value, so a regression shows in the CI's test report too
  const baseline: string[] = [];
  let baselineFailures = 0;
  for (const c of gate?.compared ?? []) {
    const open = `<testcase classname="baseline" name="${escapeXml(`${c.name} within ${gate!.maxRegressionPct} % of ${gate!.baselineId}`)}"`;
    if (!c.regressed) baseline.push(`${open}/>`);
    else {
      baselineFailures++;
      baseline.push(`${open}><failure type="regression" message="${escapeXml(c.line)}">${escapeXml(c.line)}</failure></testcase>`);
    }
  }
  const seconds = (data.state.testRunDurationMs / 1000).toFixed(3);
  const suite = (name: string, cases: string[], failures: number) =>
    `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}">\n${cases.map((c) => `    ${c}\n`).join('')}  </testsuite>\n`;
  const tests = thresholds.length + checks.length + baseline.length;
  const failures = thresholdFailures + checkFailures + baselineFailures;
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<testsuites name="stampede" tests="${tests}" failures="${failures}" errors="0" time="${seconds}">\n`
    + suite('thresholds', thresholds, thresholdFailures)
    + suite('checks', checks, checkFailures)
    + (gate ? suite('baseline', baseline, baselineFailures) : '')
    + '</testsuites>\n';
}
