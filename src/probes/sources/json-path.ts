/**
 * The HTTP probe's `json` option: a dotted path into a JSON answer
 * (`queue.depth`, `items.0.count`, `items[0].count`) and the number found
 * there. A number, a numeric string and a boolean (0/1) are numbers;
 * anything else is an error that says what was there instead.
 */

/** `a.b[0].c` → ['a', 'b', '0', 'c']. Throws on an empty path or segment. */
export function parseJsonPath(path: string): string[] {
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (path.trim() === '' || segments.some((s) => s === '')) {
    throw new Error(`json path ${JSON.stringify(path)}: expected dotted field names and indexes, like queue.depth or items.0.count`);
  }
  return segments;
}

/** Lists at most this many field names in an error. */
const MAX_FIELDS = 20;

function fieldList(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value === null || typeof value !== 'object') return `${describe(value)}, not an object`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'no fields';
  const shown = keys.slice(0, MAX_FIELDS).join(', ');
  return `fields: ${shown}${keys.length > MAX_FIELDS ? `, … ${keys.length - MAX_FIELDS} more` : ''}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** The number at `path` in `doc` (parsed JSON). Throws `json path <path>: …`. */
export function readJsonPath(doc: unknown, path: string): number {
  const segments = parseJsonPath(path);
  let here: unknown = doc;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i];
    const parent = here;
    const found = parent !== null && typeof parent === 'object' && Object.hasOwn(parent, key);
    if (!found) {
      const at = i === 0 ? 'the response' : segments.slice(0, i).join('.');
      throw new Error(`json path ${path}: no such field in ${at} (${fieldList(parent)})`);
    }
    here = (parent as Record<string, unknown>)[key];
  }
  return toNumber(here, path);
}

function toNumber(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    if (Number.isFinite(n)) return n;
  }
  throw new Error(`json path ${path}: expected a number, found ${describe(value)}`);
}
