/**
 * Live mode (the dashboard): follows the server's `events` stream, renders
 * every `report` event, and shows the connection's state until the run
 * finishes.
 */
import type { RunReport } from '../../run-report.ts';
import { byId } from './dom.ts';

export function followEvents(render: (r: RunReport) => void): void {
  const conn = byId('connection');
  const show = (text: string, state: string) => { conn.textContent = text; conn.className = `connection ${state}`; };
  const events = new EventSource('events');
  events.addEventListener('report', (e) => {
    const r = JSON.parse((e as MessageEvent<string>).data) as RunReport;
    render(r);
    if (r.status !== 'running') {
      events.close();
      show('run finished', 'done');
    } else {
      show('live', 'live');
    }
  });
  events.addEventListener('error', () => {
    if (events.readyState !== EventSource.CLOSED) show('reconnecting…', 'lost');
  });
}
