/**
 * Built-in equivalent of https://jslib.k6.io/k6-summary/<version>/index.js:
 * textSummary() (the legacy layout that jslib prints) and jUnit() render
 * handleSummary's data with the same code as Stampede's own reports.
 */
import { renderTextSummaryLegacy, renderJUnit } from '../../../reports/index.ts';
import type { SummaryData } from '../../../reports/index.ts';

export const k6SummaryModule = (): Record<string, unknown> => {
  const api = {
    textSummary: (data: SummaryData, opts: { indent?: string; enableColors?: boolean } = {}) => renderTextSummaryLegacy(data, opts),
    jUnit: (data: SummaryData, opts: { name?: string } = {}) => renderJUnit(data, opts),
  };
  return { ...api, default: api };
};
