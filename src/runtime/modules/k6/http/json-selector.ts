/**
 * The subset of gjson path syntax that `Response.json(selector)` supports:
 * `a.b.0`, `a.b[0]`, `a.#` (array length), `a.#.b` (b of every element),
 * `*` / `?` wildcards in keys, and `\.` to escape a dot. A path that does not
 * exist yields undefined. TODO(#http-json-queries): gjson queries `#(...)` and
 * modifiers `@reverse` etc.
 */

/** Splits a selector into path components (`a.b[0]` → ['a', 'b', '0']); empty components are dropped. */
export function parseSelector(selector: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '\\' && i + 1 < selector.length) { cur += selector[++i]; continue; }
    if (ch === '.') {
      if (cur !== '') parts.push(cur);
      cur = '';
      continue;
    }
    if (ch === '[') {
      const end = selector.indexOf(']', i);
      if (end > i) {
        if (cur !== '') parts.push(cur);
        cur = '';
        parts.push(selector.slice(i + 1, end).trim());
        i = end;
        continue;
      }
    }
    cur += ch;
  }
  if (cur !== '') parts.push(cur);
  return parts;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function child(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    if (!/^\d+$/.test(key)) return undefined;
    return value[Number(key)];
  }
  const obj = value as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  if (key.includes('*') || key.includes('?')) {
    const re = wildcardToRegExp(key);
    for (const k of Object.keys(obj)) if (re.test(k)) return obj[k];
  }
  return undefined;
}

function walk(value: unknown, parts: readonly string[], from: number): unknown {
  let cur = value;
  for (let i = from; i < parts.length; i++) {
    const key = parts[i];
    if (key === '#' && Array.isArray(cur)) {
      if (i === parts.length - 1) return cur.length;
      const out: unknown[] = [];
      for (const el of cur) {
        const v = walk(el, parts, i + 1);
        if (v !== undefined) out.push(v);
      }
      return out;
    }
    cur = child(cur, key);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Evaluates a gjson-style selector against parsed JSON; undefined when the path is missing. */
export function selectJson(data: unknown, selector: string): unknown {
  if (selector === '') return data;
  return walk(data, parseSelector(selector), 0);
}
