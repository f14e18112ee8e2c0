/**
 * The client side of the REST API, for `stampede status | pause | resume |
 * scale | stop`: one request to a running test, its status back.
 */
import { request } from 'node:http';
import { StampedeError, ExitCode } from '../errors/index.ts';
import { formatAddress, type ApiAddress } from './address.ts';
import type { RunStatus, StatusChange } from './run-control.ts';

interface StatusAttributes { status: number; paused: boolean; vus: number; 'vus-max': number; stopped: boolean; running: boolean; tainted: boolean }

/** GET (no change) or PATCH /v1/status on the test at `at`; resolves with its status. */
export function callStatus(at: ApiAddress, change?: StatusChange, token?: string): Promise<RunStatus> {
  const body = change ? JSON.stringify({ data: { type: 'status', id: 'default', attributes: {
    ...(change.paused !== undefined && { paused: change.paused }),
    ...(change.stopped !== undefined && { stopped: change.stopped }),
    ...(change.vus !== undefined && { vus: change.vus }),
    ...(change.vusMax !== undefined && { 'vus-max': change.vusMax }),
  } } }) : undefined;
  const where = formatAddress(at);
  return new Promise((resolve, reject) => {
    const req = request({
      host: at.host, port: at.port, path: '/v1/status', method: body ? 'PATCH' : 'GET', timeout: 5000,
      headers: { ...(body && { 'content-type': 'application/vnd.api+json' }), ...(token && { authorization: `Bearer ${token}` }) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => {
        let doc: { data?: { attributes?: StatusAttributes }; errors?: { title: string; detail?: string }[] };
        try { doc = JSON.parse(text); } catch { return reject(apiError(`${where} answered ${res.statusCode} with no JSON: ${text.slice(0, 200)}`)); }
        if (res.statusCode !== 200 || !doc.data?.attributes) {
          const e = doc.errors?.[0];
          return reject(apiError(`${where}: ${e ? `${e.title}${e.detail ? `: ${e.detail}` : ''}` : `HTTP ${res.statusCode}`}`));
        }
        const a = doc.data.attributes;
        resolve({ status: a.status, paused: a.paused, vus: a.vus, vusMax: a['vus-max'], stopped: a.stopped, running: a.running, tainted: a.tainted });
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (err: NodeJS.ErrnoException) => reject(apiError(
      `cannot reach a running test at ${where}: ${err.code ?? err.message}`,
      'is `stampede run` running? Pass --address when it was started with one')));
    req.end(body);
  });
}

function apiError(message: string, hint?: string): StampedeError {
  return new StampedeError('E_API', message, { exitCode: ExitCode.generic, hint });
}

/** k6-style status lines: `paused: false`, `running: true`, … */
export function formatStatus(s: RunStatus): string {
  return [`paused: ${s.paused}`, `running: ${s.running}`, `stopped: ${s.stopped}`, `tainted: ${s.tainted}`, `vus: ${s.vus}`, `vus-max: ${s.vusMax}`].join('\n');
}
