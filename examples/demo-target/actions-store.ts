/**
 * Plan 000's approval pipeline in memory: actions are submitted (pending),
 * approved, then executed by a background loop a fixed delay after approval,
 * or handed off to an external executor (queue-executor.ts: a BullMQ queue).
 * Bounded: past `maxActions` the oldest actions are forgotten.
 */

/** Where an action is in its lifecycle. */
export type ActionStatus = 'pending' | 'approved' | 'executed';

/** One action; timestamps are epoch milliseconds (null until reached). */
export interface Action {
  id: string;
  type: string;
  payload: unknown;
  status: ActionStatus;
  requestedBy: string;
  approvedBy: string | null;
  createdAt: number;
  approvedAt: number | null;
  executedAt: number | null;
}

/** Outcome of approve(): the action, or why it could not be approved. */
export type ApproveResult = { ok: true; action: Action } | { ok: false; reason: 'not-found' | 'not-pending'; action?: Action };

export interface ActionStoreOptions {
  /** how long after approval the executor runs an action (default 200 ms) */
  executeAfterMs?: number;
  /** how many actions are kept before the oldest are dropped (default 100 000) */
  maxActions?: number;
  nowMs?: () => number;
}

/** The in-memory action table plus the executor's queue of approved actions. */
export class ActionStore {
  readonly executeAfterMs: number;
  readonly #maxActions: number;
  readonly #now: () => number;
  readonly #actions = new Map<string, Action>();
  readonly #pending = new Set<string>();
  /** approved ids in approval order, which is also due order */
  #approved: string[] = [];
  #approvedHead = 0;
  #approvedCount = 0;
  #executedCount = 0;
  #nextId = 1;
  /** set by handOffApprovals(): approved actions go there instead of the in-memory due list */
  #handOff: ((action: Action) => void) | undefined;

  constructor(options: ActionStoreOptions = {}) {
    this.executeAfterMs = options.executeAfterMs ?? 200;
    this.#maxActions = options.maxActions ?? 100_000;
    this.#now = options.nowMs ?? Date.now;
  }

  /** Records a new pending action and returns it. */
  submit(type: string, payload: unknown, requestedBy: string): Action {
    const action: Action = {
      id: `act_${this.#nextId++}`, type, payload, status: 'pending', requestedBy,
      approvedBy: null, createdAt: this.#now(), approvedAt: null, executedAt: null,
    };
    this.#actions.set(action.id, action);
    this.#pending.add(action.id);
    if (this.#actions.size > this.#maxActions) this.#evictOldest();
    return action;
  }

  /** The action with this id, if still known. */
  get(id: string): Action | undefined {
    return this.#actions.get(id);
  }

  /** Approves a pending action; fails for unknown ids and actions already approved or executed. */
  approve(id: string, approvedBy: string): ApproveResult {
    const action = this.#actions.get(id);
    if (!action) return { ok: false, reason: 'not-found' };
    if (action.status !== 'pending') return { ok: false, reason: 'not-pending', action };
    action.status = 'approved';
    action.approvedBy = approvedBy;
    action.approvedAt = this.#now();
    this.#pending.delete(id);
    this.#approvedCount++;
    if (this.#handOff) this.#handOff(action);
    else this.#approved.push(id);
    return { ok: true, action };
  }

  /** Who executes approved actions: the in-memory loop, or an external executor (BullMQ). */
  get executor(): 'memory' | 'queue' {
    return this.#handOff ? 'queue' : 'memory';
  }

  /** From now on each approved action is given to `enqueue` (which later calls markExecuted) instead of executeDue(). */
  handOffApprovals(enqueue: (action: Action) => void): void {
    this.#handOff = enqueue;
  }

  /** Marks one approved action executed now (for an external executor); false when it is unknown or not approved. */
  markExecuted(id: string): boolean {
    const action = this.#actions.get(id);
    if (!action || action.status !== 'approved') return false;
    action.status = 'executed';
    action.executedAt = this.#now();
    this.#approvedCount--;
    this.#executedCount++;
    return true;
  }

  /** One page (1-based) of pending actions, oldest first, and how many are pending in all. */
  listPending(page: number, pageSize: number): { items: Action[]; total: number } {
    const start = (page - 1) * pageSize;
    const items: Action[] = [];
    let index = 0;
    for (const id of this.#pending) {
      if (index >= start + pageSize) break;
      if (index++ >= start) items.push(this.#actions.get(id)!);
    }
    return { items, total: this.#pending.size };
  }

  /** Executes every approved action whose delay has passed; returns how many ran. */
  executeDue(): number {
    const now = this.#now();
    let executed = 0;
    while (this.#approvedHead < this.#approved.length) {
      const action = this.#actions.get(this.#approved[this.#approvedHead]);
      if (action && action.status === 'approved') {
        if (action.approvedAt! + this.executeAfterMs > now) break;
        action.status = 'executed';
        action.executedAt = now;
        this.#approvedCount--;
        this.#executedCount++;
        executed++;
      }
      this.#approvedHead++;
    }
    if (this.#approvedHead > 1024 && this.#approvedHead * 2 > this.#approved.length) {
      this.#approved = this.#approved.slice(this.#approvedHead);
      this.#approvedHead = 0;
    }
    return executed;
  }

  /** How many actions are in each status. */
  counts(): Record<ActionStatus, number> {
    return { pending: this.#pending.size, approved: this.#approvedCount, executed: this.#executedCount };
  }

  #evictOldest(): void {
    const oldest = this.#actions.values().next().value as Action;
    this.#actions.delete(oldest.id);
    if (oldest.status === 'pending') this.#pending.delete(oldest.id);
    else if (oldest.status === 'approved') this.#approvedCount--;
    else this.#executedCount--;
  }
}

/** Runs `store.executeDue()` every `tickMs` (unref'd) until the returned stop() is called. */
export function startExecutor(store: ActionStore, tickMs = 20): () => void {
  const timer = setInterval(() => store.executeDue(), tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
