/**
 * A probe's `drain.until`: one comparison of the probe's value with a
 * number (`value == 0`, `value < 10`, `value >= -2.5`, `value != 1e3`).
 * Parsed by a regular expression, never evaluated as JavaScript: the text
 * comes from a script or the command line and may be anything.
 */

export type DrainCondition = (value: number) => boolean;

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

// Longer operators first so `<=` is not read as `<` followed by `=0`.
const CONDITION = /^\s*value\s*(==|!=|<=|>=|<|>)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*$/;

/** The test `text` describes, or an error line (`drain.until: …`) when it is not one comparison of `value` with a number. */
export function parseDrainCondition(text: string): DrainCondition | string {
  const match = typeof text === 'string' ? CONDITION.exec(text) : null;
  const limit = match ? Number(match[2]) : NaN;
  if (!match || !Number.isFinite(limit)) {
    return `drain.until: ${JSON.stringify(String(text))} is not a condition like "value == 0" or "value < 10"`;
  }
  const compare = OPS[match[1]];
  return (value) => compare(value, limit);
}
