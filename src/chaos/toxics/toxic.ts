/**
 * What every toxic is to the link that runs it: one instance per toxic per
 * direction of a connection, which passes each chunk on (later, split, or
 * never) and may act on the whole connection through LinkControl.
 */

/** Passes bytes on to the next toxic (or the socket); resolves once taken. */
export type Next = (chunk: Buffer, arrived: number) => Promise<void> | void;

/** What a toxic may do to the connection it sits on. */
export interface LinkControl {
  /** closes both sides with a FIN once what was already passed on is flushed */
  close(): void;
  /** sends a TCP RST to the side this direction writes to, closes the other */
  reset(): void;
}

export interface Toxic {
  /** passes `chunk` (arrived at `arrived`, performance.now() ms) on through `next` */
  pass(chunk: Buffer, arrived: number, next: Next): Promise<void> | void;
  /** the source sent its FIN; resolves when the FIN may go on */
  end?(): Promise<void> | void;
  /** new attributes (already validated) */
  update(attributes: Record<string, number>): void;
  /** removed or the connection closed: every wait ends now, timers are cleared */
  stop(): void;
}

/** An attribute, or its default when absent. */
export function attr(attributes: Record<string, number>, key: string, fallback = 0): number {
  const v = attributes[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
