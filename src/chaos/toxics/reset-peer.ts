/**
 * reset_peer: data flows until `timeout` ms after the toxic met the
 * connection (0: at once), then the side this direction writes to gets a
 * TCP RST (ECONNRESET for a client when the stream is downstream).
 */
import { attr, type LinkControl, type Next, type Toxic } from './toxic.ts';
import { TimedAction, Waits } from './waits.ts';

export class ResetPeerToxic implements Toxic {
  #waits = new Waits();
  #action = new TimedAction(this.#waits);
  #control: LinkControl;

  constructor(attributes: Record<string, number>, control: LinkControl) {
    this.#control = control;
    this.update(attributes);
  }

  pass(chunk: Buffer, arrived: number, next: Next): Promise<void> | void {
    return next(chunk, arrived);
  }

  update(attributes: Record<string, number>): void {
    const timeout = attr(attributes, 'timeout');
    this.#action.set(timeout, () => this.#control.reset());
  }

  stop(): void {
    this.#waits.stop();
  }
}
