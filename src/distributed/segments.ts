/**
 * How a coordinator cuts a test between N agents: k6's execution segments,
 * equal parts in order (agent i gets i/N:(i+1)/N of the sequence
 * 0,1/N,…,1), so the parts add up to the whole test for every executor
 * (config/execution-segment.ts does the striping).
 */

/** The sequence "0,1/N,2/N,…,1" for N instances. */
export function sequenceFor(instances: number): string {
  const points = ['0'];
  for (let i = 1; i < instances; i++) points.push(`${i}/${instances}`);
  points.push('1');
  return points.join(',');
}

/** Agent `index`'s segment of `instances` ("0:1" for one instance). */
export function segmentFor(index: number, instances: number): string {
  const at = (i: number) => (i === 0 ? '0' : i === instances ? '1' : `${i}/${instances}`);
  return `${at(index)}:${at(index + 1)}`;
}
