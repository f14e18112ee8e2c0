/**
 * One test run, start to end: compile, workers, setup, scenarios, teardown,
 * thresholds, summary, the live run's REST API, progress snapshots and the
 * artifacts a run leaves behind. The CLI and the programmatic API call it.
 */
export { runTest } from './test-run.ts';
export { runAgent, type AgentRequest } from './agent-run.ts';
export type { DistributedRequest } from './remote-load.ts';
export { inspectScript } from './start-workers.ts';
export { checkWritable, type PlannedFile } from './writable-paths.ts';
export type { RunRequest, RunResult, RunIO, WorkerLossPolicy } from './run-request.ts';
export type { RunProgress, ScenarioProgress } from './progress-snapshot.ts';
export type { ArtifactRequest, HistoryRequest } from './run-artifacts.ts';
