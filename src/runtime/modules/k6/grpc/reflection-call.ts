/**
 * One ServerReflectionInfo bidi stream, used as request → answer: each
 * ask() writes one request and resolves with the next message the server
 * sends (anything unasked for is ignored). The stream carries the
 * connect() deadline and reflectMetadata; when it ends or fails, pending
 * and later asks reject with its status.
 */
import type { Client as GrpcJsClient, ClientDuplexStream, Metadata, StatusObject } from '@grpc/grpc-js';
import { STATUS_CONSTANTS } from './constants.ts';
import type { Cancellable } from './core.ts';

/** The stream ended (status code and details), or was never served. */
export class ReflectionCallError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'ReflectionCallError';
    this.code = code;
  }
}

const passBuffer = (b: Buffer): Buffer => b;

interface Waiter {
  resolve(answer: Buffer): void;
  reject(err: Error): void;
}

export class ReflectionCall implements Cancellable {
  readonly #call: ClientDuplexStream<Buffer, Buffer>;
  #waiter: Waiter | undefined;
  #failure: ReflectionCallError | undefined;
  #status: StatusObject | undefined;

  constructor(conn: GrpcJsClient, path: string, metadata: Metadata, deadline: number) {
    this.#call = conn.makeBidiStreamRequest(path, passBuffer, passBuffer, metadata, { deadline: new Date(deadline) });
    this.#call.on('data', (buf: Buffer) => this.#onAnswer(buf));
    this.#call.on('status', (status: StatusObject) => {
      this.#status = status;
      if (status.code !== STATUS_CONSTANTS.StatusOK) this.#fail(new ReflectionCallError(status.code, status.details));
    });
    // an OK status fails the remaining asks only once every message before it was delivered
    this.#call.on('end', () => this.#fail(this.#endError()));
    this.#call.on('close', () => this.#fail(this.#endError()));
    this.#call.on('error', () => { /* reported through 'status' */ });
  }

  /** Sends one request; resolves with the server's next message. Only one ask at a time. */
  ask(request: Buffer): Promise<Buffer> {
    if (this.#waiter !== undefined) return Promise.reject(new Error('reflection: one request at a time'));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    this.#call.write(request);
    return new Promise<Buffer>((resolve, reject) => { this.#waiter = { resolve, reject }; });
  }

  /** Done asking: half-closes the stream so the server can finish it. */
  close(): void {
    if (this.#failure === undefined) this.#call.end();
  }

  cancel(): void {
    this.#call.cancel();
  }

  #onAnswer(buf: Buffer): void {
    const w = this.#waiter;
    if (w === undefined) return; // not an answer to anything asked: ignored
    this.#waiter = undefined;
    w.resolve(buf);
  }

  #endError(): ReflectionCallError {
    const s = this.#status;
    if (s !== undefined && s.code !== STATUS_CONSTANTS.StatusOK) return new ReflectionCallError(s.code, s.details);
    return new ReflectionCallError(STATUS_CONSTANTS.StatusUnknown, 'the server closed the reflection stream without answering');
  }

  #fail(err: ReflectionCallError): void {
    this.#failure ??= err;
    const w = this.#waiter;
    if (w === undefined) return;
    this.#waiter = undefined;
    w.reject(this.#failure);
  }
}
