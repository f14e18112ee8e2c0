/**
 * The `Client` class a script gets from k6/experimental/redis, bound to one
 * VU. The constructor only checks options (init code must not connect);
 * every method returns a Promise, keeps the iteration open while it is in
 * flight, and runs on the client's one lazily opened connection.
 */
import type { VuRuntime } from '../../../vu-runtime.ts';
import { COMMANDS } from './commands.ts';
import type { CommandSpec } from './commands.ts';
import { Connection } from './connection.ts';
import { parseClientOptions } from './options.ts';

type Method = (...args: unknown[]) => Promise<unknown>;

/** Counts the VU's interruptions; a call that settles after one is dropped, as k6 drops callbacks of a stopped VU. */
export interface InterruptGate {
  epoch: number;
}

/** Creates the Client class for one VU; `live` collects its connections so the VU can close them. */
export function createClientClass(vu: VuRuntime, live: Set<Connection>, gate: InterruptGate): new (options: unknown) => object {
  const connections = new WeakMap<object, Connection>();

  class Client {
    constructor(options: unknown) {
      const conn = new Connection(parseClientOptions(options), {
        debug: (msg) => vu.logger.debug(msg),
        insecureSkipTLSVerify: () => vu.options.insecureSkipTLSVerify === true,
      });
      connections.set(this, conn);
      live.add(conn);
    }
  }

  for (const [name, spec] of Object.entries(COMMANDS)) {
    const method: Method = function (this: unknown, ...args: unknown[]) {
      const conn = connections.get(this as object);
      if (!conn) throw new TypeError(`redis Client.${name}() called on something that is not a redis.Client`);
      if (vu.state.inInit) {
        throw new Error(`redis Client.${name}() cannot be used in the init context; call it from default(), setup() or teardown()`);
      }
      return run(vu, conn, spec, args, gate);
    };
    Object.defineProperty(method, 'name', { value: name });
    Object.defineProperty(Client.prototype, name, { value: method, writable: true, configurable: true });
  }
  return Client;
}

/**
 * Holds the iteration open until the reply; a call cut short by an
 * interruption never settles, so a script that did not await it gets no
 * stray rejection from a VU that is already gone.
 */
function run(vu: VuRuntime, conn: Connection, spec: CommandSpec, args: unknown[], gate: InterruptGate): Promise<unknown> {
  const release = vu.hold();
  const epoch = gate.epoch;
  return new Promise((resolve, reject) => {
    (async () => spec.reply(await conn.send(spec.build(args)), args))().then(
      (value) => { release(); if (gate.epoch === epoch) resolve(value); },
      (err: unknown) => { release(); if (gate.epoch === epoch) reject(err); },
    );
  });
}
