/**
 * CLI and K6_STAGES stage strings: `30s:10` (ramp to 10 VUs over 30 s),
 * several separated by commas (`5s:10,5m:20,10s:5`). As in k6 the duration
 * needs a unit and every stage needs a target (k6 rejects a stage without
 * one as "stage N doesn't have a target"; Stampede says so when parsing).
 */
import { ConfigError } from '../errors/index.ts';
import type { Stage } from './options.ts';
import { tryParseDuration } from './duration.ts';

const TARGET = /^[+-]?\d+$/;

/** Parses one `duration:target` string; the problem (if any) goes to `problems`. */
function parseOne(text: string, path: string, problems: string[]): Stage | undefined {
  const colon = text.indexOf(':');
  const durationText = (colon < 0 ? text : text.slice(0, colon)).trim();
  const targetText = colon < 0 ? '' : text.slice(colon + 1).trim();
  const example = 'use duration:target, e.g. 30s:10';
  if (durationText === '') { problems.push(`${path}: stage ${JSON.stringify(text)} has no duration; ${example}`); return undefined; }
  if (/^[+-]?[\d.]+$/.test(durationText)) { problems.push(`${path}: stage ${JSON.stringify(text)}: the duration needs a unit; ${example}`); return undefined; }
  const lengthProblems: string[] = [];
  if (tryParseDuration(durationText, path, lengthProblems) === undefined) { problems.push(...lengthProblems); return undefined; }
  if (targetText === '') { problems.push(`${path}: stage ${JSON.stringify(text)} has no target; ${example}`); return undefined; }
  if (!TARGET.test(targetText)) { problems.push(`${path}: stage ${JSON.stringify(text)}: the target must be an integer; ${example}`); return undefined; }
  return { duration: durationText, target: Number(targetText) };
}

/**
 * Parses stage strings (each may hold several, comma-separated; empty
 * pieces are skipped). Never throws: bad pieces become `path: …` problems.
 */
export function parseStages(value: string | readonly string[], path: string): { stages: Stage[]; problems: string[] } {
  const stages: Stage[] = [];
  const problems: string[] = [];
  const texts = typeof value === 'string' ? [value] : value;
  for (const text of texts) {
    for (const piece of text.split(',')) {
      if (piece.trim() === '') continue;
      const stage = parseOne(piece, path, problems);
      if (stage) stages.push(stage);
    }
  }
  return { stages, problems };
}

/**
 * Parses exactly one `duration:target` string (`-s 30s:10`). Throws a
 * ConfigError whose message is the problem, prefixed by `path: ` when a
 * path is given.
 */
export function parseStage(text: string, path = ''): Stage {
  const problems: string[] = [];
  const stage = parseOne(text, path, problems);
  if (!stage) throw new ConfigError(problems.map((p) => (path ? p : p.replace(/^: /, ''))));
  return stage;
}
