/**
 * workers/: the typed main↔worker protocol, the main-side WorkerHost, and the
 * worker entry. The only code both sides of the thread boundary share.
 */
export { WorkerHost, WorkerUnresponsiveError } from './host.ts';
export { WorkerLostError, type WorkerDeath } from './worker-death.ts';
export { ARRIVAL_VUS, GROWN_VUS, setPaused, setFaultBit } from './control-block.ts';
export { tuneHeapForVUs } from './heap-mode.ts';
export { compileInWorker } from './compile-host.ts';
export type { WorkerCommand, WorkerEvent, ScenarioRun, LoopSpec, ScriptPayload, SerializedError } from './protocol.ts';
export { killBrowserProcesses, trackedBrowserProcesses } from './browser-processes.ts';
