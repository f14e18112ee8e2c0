/**
 * `http.expectedStatuses(...)`: the response callback that decides which
 * responses count as expected (`expected_response` tag, `http_req_failed`).
 * A status 0 (no response) is never expected.
 */

/** A set of expected status codes and ranges; made only by `http.expectedStatuses()`. */
export class ExpectedStatuses {
  readonly #codes: ReadonlySet<number>;
  readonly #ranges: readonly (readonly [number, number])[];

  constructor(codes: readonly number[], ranges: readonly (readonly [number, number])[]) {
    this.#codes = new Set(codes);
    this.#ranges = ranges;
  }

  /** true when `status` is one of the codes or inside one of the ranges (inclusive). */
  matches(status: number): boolean {
    if (this.#codes.has(status)) return true;
    for (const [min, max] of this.#ranges) if (status >= min && status <= max) return true;
    return false;
  }
}

/** k6's default: 200–399 are expected. */
export const DEFAULT_EXPECTED_STATUSES = new ExpectedStatuses([], [[200, 399]]);

/** Builds the callback from integers and `{ min, max }` objects, in any order; throws on anything else. */
export function expectedStatuses(...args: unknown[]): ExpectedStatuses {
  const codes: number[] = [];
  const ranges: [number, number][] = [];
  args.forEach((arg, i) => {
    if (typeof arg === 'number' && Number.isInteger(arg)) { codes.push(arg); return; }
    if (arg !== null && typeof arg === 'object') {
      const { min, max } = arg as { min?: unknown; max?: unknown };
      if (typeof min === 'number' && typeof max === 'number' && Number.isInteger(min) && Number.isInteger(max)) {
        ranges.push([min, max]);
        return;
      }
    }
    throw new Error(`argument number ${i + 1} to expectedStatuses was neither an integer nor an object like {min:100, max:200}`);
  });
  return new ExpectedStatuses(codes, ranges);
}
