/**
 * The storage behind k6/data's SharedArray: the array's elements as JSON in
 * one SharedArrayBuffer, so every worker thread reads the same bytes instead
 * of holding its own copy. Layout: u32 count, u32 offsets[count + 1], then
 * the UTF-8 JSON of each element. Elements are decoded on access, as in k6,
 * and the view is read-only.
 */

const HEADER = Uint32Array.BYTES_PER_ELEMENT;

/** Serialises `items` (JSON values) into a new SharedArrayBuffer. */
export function encodeSharedArray(items: readonly unknown[]): SharedArrayBuffer {
  const parts = items.map((item) => Buffer.from(JSON.stringify(item) ?? 'null', 'utf8'));
  const indexBytes = HEADER * (items.length + 2);
  const total = parts.reduce((n, p) => n + p.length, indexBytes);
  const sab = new SharedArrayBuffer(total);
  const index = new Uint32Array(sab, 0, items.length + 2);
  const bytes = new Uint8Array(sab);
  index[0] = items.length;
  let at = indexBytes;
  parts.forEach((p, i) => {
    index[i + 1] = at;
    bytes.set(p, at);
    at += p.length;
  });
  index[items.length + 1] = at;
  return sab;
}

function readOnly(): never {
  throw new TypeError('SharedArray is read-only');
}

/** An array-like, read-only view over an encoded SharedArrayBuffer. */
export function sharedArrayView(sab: SharedArrayBuffer): readonly unknown[] {
  const count = new Uint32Array(sab, 0, 1)[0];
  const index = new Uint32Array(sab, 0, count + 2);
  const at = (i: number): unknown => JSON.parse(Buffer.from(sab, index[i + 1], index[i + 2] - index[i + 1]).toString('utf8'));
  const asIndex = (p: string | symbol): number => {
    if (typeof p !== 'string') return -1;
    const n = Number(p);
    return Number.isInteger(n) && n >= 0 && n < count && String(n) === p ? n : -1;
  };
  // The target is an array so Array.isArray() holds and Array.prototype
  // methods (map, filter, slice, …) work through the traps below.
  return new Proxy([] as unknown[], {
    get(target, p, receiver) {
      if (p === 'length') return count;
      const i = asIndex(p);
      if (i >= 0) return at(i);
      if (p === Symbol.iterator) return function* () { for (let k = 0; k < count; k++) yield at(k); };
      return Reflect.get(target, p, receiver);
    },
    has(target, p) {
      return asIndex(p) >= 0 || Reflect.has(target, p);
    },
    ownKeys(target) {
      return [...Array.from({ length: count }, (_, k) => String(k)), ...Reflect.ownKeys(target)];
    },
    getOwnPropertyDescriptor(target, p) {
      const i = asIndex(p);
      if (i >= 0) return { value: at(i), writable: false, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, p);
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
  });
}
