/**
 * JUnit XML of the thresholds, like the k6-summary jslib's jUnit(): one
 * testcase per threshold, a `<failure>` with the metric's values for each
 * one that failed.
 */
import type { SummaryData, SummaryMetric } from './summary-data.ts';

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
