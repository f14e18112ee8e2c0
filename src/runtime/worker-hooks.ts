/**
 * What a module may ask of its worker beyond its VU: tell the main thread
 * something (a browser process it started), and close a worker-wide
 * resource when the worker shuts down. Set by the worker runtime; a module
 * that never needs them costs nothing.
 */
import type { WorkerEvent } from '../workers/protocol.ts';
import { settleWithin } from '../lib/index.ts';

let post: (e: WorkerEvent) => void = () => {};
const closers: (() => Promise<void>)[] = [];
const settlers: (() => Promise<void>)[] = [];

/** The worker runtime's channel to the main thread. */
export function setWorkerPost(fn: (e: WorkerEvent) => void): void {
  post = fn;
}

export function postToMain(e: WorkerEvent): void {
  post(e);
}

/** `fn` runs once when the worker shuts down, after its VUs closed. */
export function onWorkerShutdown(fn: () => Promise<void>): void {
  closers.push(fn);
}

export async function runWorkerClosers(): Promise<void> {
  await Promise.all(closers.splice(0).map((fn) => fn().catch(() => {})));
}

/** `fn` runs before each final flush: work still emitting samples (a browser context closing) gets to finish. */
export function onBeforeFinalFlush(fn: () => Promise<void>): void {
  settlers.push(fn);
}

/** Waits for the settlers, at most `ms`: what is not done by then is not counted. */
export async function settleBeforeFinalFlush(ms: number): Promise<void> {
  if (settlers.length === 0) return;
  await settleWithin(Promise.all(settlers.map((fn) => fn().catch(() => {}))), ms);
}
