/** Why a VU worker thread is gone, and the error every await on it then fails with. */
import { StampedeError, ExitCode } from '../errors/index.ts';

export interface WorkerDeath {
  worker: number;
  /** out-of-memory: V8's heap limit; crashed: an error the thread did not survive; exited: process.exit() or similar; unresponsive: terminated by us */
  cause: 'out-of-memory' | 'crashed' | 'exited' | 'unresponsive';
  /** what happened, after "VU worker N " */
  message: string;
}

export class WorkerLostError extends StampedeError {
  readonly death: WorkerDeath;
  constructor(death: WorkerDeath) {
    super('E_WORKER_LOST', `VU worker ${death.worker} ${death.message}`, { exitCode: ExitCode.workerLost });
    this.name = 'WorkerLostError';
    this.death = death;
  }
}
