/**
 * Server-sent events to the dashboard's viewers: each `report` event is a
 * whole RunReport, so a viewer that cannot keep up simply skips updates
 * (only the final report is always written). A comment every 15 s keeps
 * idle connections open through proxies.
 */
import type { ServerResponse } from 'node:http';

const KEEPALIVE_MS = 15_000;

export class EventStreams {
  readonly #viewers = new Set<ServerResponse>();
  #keepalive: NodeJS.Timeout | undefined;

  get size(): number {
    return this.#viewers.size;
  }

  /** Starts an event stream on `res`; `first` (the current report, if any) is sent at once. */
  open(res: ServerResponse, first?: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    if (first !== undefined) res.write(eventText('report', first));
    this.#viewers.add(res);
    res.on('close', () => this.#viewers.delete(res));
    this.#keepalive ??= setInterval(() => {
      for (const v of this.#viewers) if (!v.writableNeedDrain) v.write(': keep-alive\n\n');
    }, KEEPALIVE_MS).unref();
  }

  /** Sends an event to every viewer; `always` writes even to viewers that are behind. */
  send(event: string, data: string, always = false): void {
    const text = eventText(event, data);
    for (const v of this.#viewers) if (always || !v.writableNeedDrain) v.write(text);
  }

  /** Ends every stream (what was written is still delivered). */
  closeAll(): void {
    clearInterval(this.#keepalive);
    this.#keepalive = undefined;
    for (const v of this.#viewers) v.end();
    this.#viewers.clear();
  }
}

/** One SSE event; `data` is JSON, so it holds no newline. */
function eventText(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}
