/**
 * The end-of-test summary's OUTPUTS block: where the samples went, how many
 * each output sent and how many it dropped (a backend that was away), so a
 * lossy export is visible where people read the results.
 */

/** How one output fared (outputs/ reports it; kept structural so reports/ needs nothing from outputs/). */
export interface OutputOutcome {
  description: string;
  sent: number;
  dropped: number;
  lastError?: string;
}

export function renderOutputsSummary(outcomes: readonly OutputOutcome[], indent = '    '): string {
  if (outcomes.length === 0) return '';
  const width = Math.max(...outcomes.map((o) => o.description.length)) + 4;
  const lines = outcomes.map((o) => {
    const result = o.dropped > 0
      ? `${o.sent} sent, ${o.dropped} dropped${o.lastError ? ` (last error: ${o.lastError})` : ''}`
      : `${o.sent} sent`;
    return `${indent}${o.description}${'.'.repeat(width - o.description.length)}: ${result}`;
  });
  return `\n${indent}OUTPUTS\n${lines.join('\n')}\n`;
}
