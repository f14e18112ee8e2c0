/**
 * k6's execution segments: which share of a test one instance runs when the
 * test is split over several (`--execution-segment 1/3:2/3`,
 * `--execution-segment-sequence 0,1/3,2/3,1`). Written from k6's documented
 * behaviour and its published test vectors, so every instance of a split
 * test runs the same numbers k6 would and the parts add up to the whole.
 *
 * The sequence's segments share every block of `lcd` consecutive indices
 * (VU numbers, iteration numbers): segment i owns `lcd × length_i` of them,
 * striped through the block so that any prefix of the indices is split as
 * evenly as the lengths allow. An instance's share of a count is how many of
 * the indices below the count it owns.
 */

/** A non-negative rational, in lowest terms. */
export interface Rational { readonly num: bigint; readonly den: bigint }

/** A bad segment or sequence, with k6's message. */
export class SegmentError extends Error {}

/** The largest block of indices striped; a sequence with finer lengths is refused. */
const MAX_LCD = 10_000_000n;

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function rational(num: bigint, den: bigint): Rational {
  if (den < 0n) { num = -num; den = -den; }
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

function compare(a: Rational, b: Rational): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function subtract(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

const ZERO: Rational = { num: 0n, den: 1n };
const ONE: Rational = { num: 1n, den: 1n };

export function formatRational(r: Rational): string {
  return r.den === 1n ? String(r.num) : `${r.num}/${r.den}`;
}

function decimalText(r: Rational): string {
  return (Number(r.num) / Number(r.den)).toFixed(2);
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;

/** A value as k6 reads it: `50%` (a whole percentage), `0.25`, `2.5e-1` or `1/4`. */
export function parseRatio(text: string): Rational {
  if (text.endsWith('%')) {
    const body = text.slice(0, -1);
    if (!INTEGER.test(body)) throw new SegmentError(`'${text}' is not a valid percentage`);
    return rational(BigInt(body), 100n);
  }
  const fraction = FRACTION.exec(text);
  if (fraction) {
    if (BigInt(fraction[2]) === 0n) throw new SegmentError(`'${text}' is not a valid percentage, decimal, fraction or interval value`);
    return rational(BigInt(fraction[1]), BigInt(fraction[2]));
  }
  const decimal = DECIMAL.exec(text);
  if (!decimal || (decimal[2] === '' && (decimal[3] ?? '') === '')) {
    throw new SegmentError(`'${text}' is not a valid percentage, decimal, fraction or interval value`);
  }
  const [, sign, whole, frac = '', exp = '0'] = decimal;
  const digits = BigInt(`${sign}${whole || '0'}${frac}`);
  const scale = BigInt(exp) - BigInt(frac.length);
  return scale >= 0n ? rational(digits * 10n ** scale, 1n) : rational(digits, 10n ** -scale);
}

/** One segment (from, to]: a share of the whole test. */
export interface Segment { readonly from: Rational; readonly to: Rational }

function checkedSegment(from: Rational, to: Rational): Segment {
  if (compare(from, ZERO) < 0) throw new SegmentError(`segment start value must be at least 0 but was ${decimalText(from)}`);
  if (compare(from, to) >= 0) throw new SegmentError(`segment start(${decimalText(from)}) must be less than its end(${decimalText(to)})`);
  if (compare(to, ONE) > 0) throw new SegmentError(`segment end value can't be more than 1 but was ${decimalText(to)}`);
  return { from, to };
}

/** `from:to`, or `to` alone (from 0); '' is the whole test (undefined). */
export function parseSegment(text: string): Segment | undefined {
  if (text === '') return undefined;
  const colon = text.indexOf(':');
  if (colon < 0) return checkedSegment(ZERO, parseRatio(text));
  return checkedSegment(parseRatio(text.slice(0, colon)), parseRatio(text.slice(colon + 1)));
}

/** `r1,r2,…,rn` (at least two increasing points in [0, 1]); '' is no sequence (undefined). */
export function parseSegmentSequence(text: string): Rational[] | undefined {
  if (text === '') return undefined;
  const points = text.split(',').map(parseRatio);
  if (points.length < 2) throw new SegmentError(`at least 2 points are needed for an execution segment sequence, ${points.length} given`);
  for (let i = 1; i < points.length; i++) checkedSegment(points[i - 1], points[i]);
  return points;
}

export function formatSegment(s: Segment | undefined): string {
  return s === undefined ? '0:1' : `${formatRational(s.from)}:${formatRational(s.to)}`;
}

function sameSegment(a: Segment, b: Segment): boolean {
  return compare(a.from, b.from) === 0 && compare(a.to, b.to) === 0;
}

/**
 * One instance's place in a split test: its segment within the whole
 * sequence, and the indices it owns. Immutable.
 */
export class ExecutionTuple {
  /** the sequence's segments, from 0 to 1 */
  readonly segments: readonly Segment[];
  /** this instance's segment: an index into `segments` */
  readonly index: number;
  /** the size of the block the indices are striped over */
  readonly lcd: number;
  /** the indices this instance owns within each block, ascending */
  readonly owned: readonly number[];
  /** every segment's owned indices, by segment */
  readonly #everyOwned: readonly (readonly number[])[];

  private constructor(segments: readonly Segment[], index: number) {
    this.segments = segments;
    this.index = index;
    const lengths = segments.map((s) => subtract(s.to, s.from));
    let lcd = 1n;
    for (const l of lengths) {
      lcd = (lcd / gcd(lcd, l.den)) * l.den;
      if (lcd > MAX_LCD) throw new SegmentError(`the execution segment sequence ${segments.map((s) => formatRational(s.from)).join(',')},1 is finer than 1/${MAX_LCD} parts`);
    }
    this.lcd = Number(lcd);
    const shares = lengths.map((l) => Number((l.num * lcd) / l.den));
    this.#everyOwned = stripe(this.lcd, shares);
    this.owned = this.#everyOwned[index];
  }

  /**
   * The tuple of `segment` within `sequence`, both as k6 fills them: no
   * sequence means the segment alone; the sequence is completed to start at
   * 0 and end at 1. Throws when the segment is not one of the sequence's.
   */
  static of(segment: Segment | undefined, sequence: readonly Rational[] | undefined): ExecutionTuple {
    let segments: Segment[];
    if (sequence === undefined) segments = segment === undefined ? [{ from: ZERO, to: ONE }] : [segment];
    else segments = sequence.slice(1).map((to, i) => ({ from: sequence[i], to }));
    if (compare(segments[0].from, ZERO) > 0) segments.unshift({ from: ZERO, to: segments[0].from });
    const last = segments[segments.length - 1];
    if (compare(last.to, ONE) < 0) segments.push({ from: last.to, to: ONE });
    const wanted = segment ?? { from: ZERO, to: ONE };
    const index = segments.findIndex((s) => sameSegment(s, wanted));
    if (index < 0) {
      const seq = [segments[0].from, ...segments.map((s) => s.to)].map(formatRational).join(',');
      throw new SegmentError(`couldn't find segment ${formatSegment(wanted)} in sequence ${seq}`);
    }
    return new ExecutionTuple(segments, index);
  }

  /** The whole test on one instance. */
  static whole(): ExecutionTuple {
    return ExecutionTuple.of(undefined, undefined);
  }

  /** True when this instance runs the whole test. */
  get isWhole(): boolean {
    return this.segments.length === 1;
  }

  get segment(): Segment {
    return this.segments[this.index];
  }

  /** This instance's share of `value` (VUs, iterations): how many of the indices 0 … value−1 it owns. */
  scale(value: number): number {
    return this.isWhole ? value : stripedShare(this, value);
  }

  /** The global index of this instance's k-th index (k from 0): VU k + 1 here is VU ownedIndex(k) + 1 of the test. */
  ownedIndex(k: number): number {
    return this.isWhole ? k : stripedIndex(this, k);
  }

  /** True when this instance owns global index `g`. */
  owns(g: number): boolean {
    const r = g % this.lcd;
    return this.owned.includes(r);
  }

  /**
   * The sequence k6 re-cuts from a count (shared-iterations from its VUs,
   * arrival rates from maxVUs): each instance's share of `value` becomes its
   * segment, instances with none drop out. Undefined when this instance's
   * share is 0 (it has no work).
   */
  resegment(value: number): ExecutionTuple | undefined {
    if (this.isWhole) return this;
    if (value < 1) return undefined;
    if (value % this.lcd === 0) return this;
    const lcd = this.lcd;
    const shares = this.#everyOwned.map((owned) => stripedShare({ owned, lcd }, value));
    if (shares[this.index] === 0) return undefined;
    const total = BigInt(value);
    const segments: Segment[] = [];
    let index = -1;
    let before = 0n;
    shares.forEach((share, i) => {
      if (share === 0) return;
      if (i === this.index) index = segments.length;
      segments.push({ from: rational(before, total), to: rational(before + BigInt(share), total) });
      before += BigInt(share);
    });
    return new ExecutionTuple(segments, index);
  }

  toString(): string {
    return formatSegment(this.segment);
  }
}

/**
 * Deals the indices 0 … lcd−1 to segments owning `shares[i]` each: biggest
 * share first (ties in sequence order), each index to the first segment
 * whose next index is due (its c-th index is due from c × lcd / share on).
 * Returns each segment's indices, ascending.
 */
function stripe(lcd: number, shares: readonly number[]): number[][] {
  const order = shares.map((_, i) => i).filter((i) => shares[i] > 0).sort((a, b) => shares[b] - shares[a] || a - b);
  const taken = shares.map(() => 0);
  const owned: number[][] = shares.map(() => []);
  for (let e = 0; e < lcd; e++) {
    for (const i of order) {
      if (taken[i] < shares[i] && e * shares[i] >= taken[i] * lcd) {
        owned[i].push(e);
        taken[i]++;
        break;
      }
    }
  }
  return owned;
}

/**
 * A tuple's indices as plain data (it crosses to the workers in scenario
 * runs): `owned` of every block of `lcd`. The whole test is `{ owned: [0], lcd: 1 }`.
 */
export interface Stripe { readonly owned: readonly number[]; readonly lcd: number }

export const WHOLE_STRIPE: Stripe = Object.freeze({ owned: Object.freeze([0]), lcd: 1 });

export function stripeOf(t: ExecutionTuple | undefined): Stripe {
  return t === undefined || t.isWhole ? WHOLE_STRIPE : { owned: t.owned, lcd: t.lcd };
}

/** The global index of the instance's k-th index (k from 0). */
export function stripedIndex(s: Stripe, k: number): number {
  if (s.lcd === 1) return k;
  const n = s.owned.length;
  return Math.floor(k / n) * s.lcd + s.owned[k % n];
}

/** How many of the indices 0 … value−1 the instance owns: its share of `value`. */
export function stripedShare(s: Stripe, value: number): number {
  if (s.lcd === 1) return value;
  const blocks = Math.floor(value / s.lcd);
  const rest = value - blocks * s.lcd;
  let below = 0;
  for (const o of s.owned) if (o < rest) below++; else break;
  return blocks * s.owned.length + below;
}

/** The tuple of resolved options (already validated: resolveOptions refused a bad segment). */
export function executionTupleOf(options: Readonly<Record<string, unknown>>): ExecutionTuple {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return ExecutionTuple.of(parseSegment(text(options.executionSegment)), parseSegmentSequence(text(options.executionSegmentSequence)));
}
