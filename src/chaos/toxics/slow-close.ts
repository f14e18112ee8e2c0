/** slow_close: data flows as usual; the FIN goes on `delay` ms after it came. */
import { attr, type Next, type Toxic } from './toxic.ts';
import { Waits } from './waits.ts';

export class SlowCloseToxic implements Toxic {
  #delay = 0;
  #waits = new Waits();

  constructor(attributes: Record<string, number>) {
    this.update(attributes);
  }

  pass(chunk: Buffer, arrived: number, next: Next): Promise<void> | void {
    return next(chunk, arrived);
  }

  end(): Promise<void> | void {
    return this.#waits.sleep(this.#delay);
  }

  update(attributes: Record<string, number>): void {
    this.#delay = attr(attributes, 'delay');
  }

  stop(): void {
    this.#waits.stop();
  }
}
