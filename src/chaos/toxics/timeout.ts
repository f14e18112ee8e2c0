/**
 * timeout: no data (nor FIN) gets through while the toxic is on; it is held
 * (the source is paused once the link's queue is full) and goes on if the
 * toxic is removed. After `timeout` ms the connection is closed; 0: never.
 */
import { attr, type LinkControl, type Next, type Toxic } from './toxic.ts';
import { TimedAction, Waits } from './waits.ts';

export class TimeoutToxic implements Toxic {
  #waits = new Waits();
  #action = new TimedAction(this.#waits);
  #control: LinkControl;

  constructor(attributes: Record<string, number>, control: LinkControl) {
    this.#control = control;
    this.update(attributes);
  }

  async pass(chunk: Buffer, arrived: number, next: Next): Promise<void> {
    await this.#waits.untilStopped();
    await next(chunk, arrived);
  }

  end(): Promise<void> | void {
    return this.#waits.untilStopped();
  }

  /** A new timeout counts from the change, as a new toxic would. */
  update(attributes: Record<string, number>): void {
    const timeout = attr(attributes, 'timeout');
    this.#action.set(timeout, timeout > 0 ? () => this.#control.close() : undefined);
  }

  stop(): void {
    this.#waits.stop();
  }
}
