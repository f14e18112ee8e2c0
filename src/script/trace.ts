/**
 * Looks up original positions in a source map, precisely between mappings:
 * esbuild maps tokens, not every character, so a position inside a run of
 * unchanged text (e.g. the `[` in `body.items[0]`) is placed by its offset
 * from the mapping before it when that run was copied unchanged. Depends
 * only on trace-mapping, so it is cheap to load inside worker threads.
 */
import { TraceMap, decodedMappings } from '@jridgewell/trace-mapping';

/** An original position: source path, 1-based line, 0-based column, and the mapped name if any. */
export interface TracedPosition {
  source: string;
  line: number;
  column: number;
  name?: string;
}

/** Original position of generated `line` (1-based) / `column` (0-based), or undefined for unmapped code. */
export function tracePosition(map: TraceMap, line: number, column: number): TracedPosition | undefined {
  const segments = decodedMappings(map)[line - 1];
  if (!segments || segments.length === 0) return undefined;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid][0] <= column) lo = mid;
    else hi = mid - 1;
  }
  // a column before the line's first mapping takes the first mapping
  const seg = segments[lo];
  if (seg.length === 1) return undefined;
  let offset = 0;
  const next = segments[lo + 1];
  if (seg[0] <= column && next && next.length !== 1 && next[1] === seg[1] && next[2] === seg[2] && next[3] - seg[3] === next[0] - seg[0]) {
    offset = Math.min(column - seg[0], next[0] - seg[0]);
  }
  const name = seg.length === 5 ? map.names[seg[4]] : undefined;
  return { source: map.resolvedSources[seg[1]] ?? map.sources[seg[1]] ?? '', line: seg[2] + 1, column: seg[3] + offset, name: offset === 0 ? name : undefined };
}

/** trace-mapping's parsed map, re-exported so callers need one import. */
export { TraceMap };
