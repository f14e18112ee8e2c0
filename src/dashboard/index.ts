/**
 * The live web dashboard (--dashboard, K6_WEB_DASHBOARD): an HTTP server on
 * 127.0.0.1:5665 by default serving the HTML report's page in live mode.
 * GET / is the page, GET /events streams the run as server-sent events
 * (`event: report`, a whole RunReport, on every update and once more at the
 * end), GET /report downloads the self-contained HTML report of the run so
 * far. Reads RunReports only; the run calls update() and finish().
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderHtmlReport, renderPage } from '../reports/html/index.ts';
import type { RunReport } from '../reports/index.ts';
import { StampedeError } from '../errors/index.ts';
import { EventStreams } from './events.ts';

export interface DashboardOptions {
  host: string;
  /** 0 picks a free port (`url` names it) */
  port: number;
  log(line: string): void;
}

export interface Dashboard {
  /** where the dashboard listens, e.g. http://127.0.0.1:5665/ */
  url: string;
  /** the run so far (called every period while it runs) */
  update(report: RunReport): void;
  /** the finished run: sent to every viewer as the last event */
  finish(report: RunReport): void;
  /** ends the event streams and stops the server */
  close(): Promise<void>;
}

export async function startDashboard(opts: DashboardOptions): Promise<Dashboard> {
  const streams = new EventStreams();
  let current: RunReport | undefined;
  let currentJson: string | undefined;

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      opts.log(`WARN[0000] web dashboard: ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.end();
    }
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const { pathname } = new URL(req.url ?? '/', 'http://dashboard');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    switch (pathname) {
      case '/':
      case '/index.html':
        send(res, 200, 'text/html; charset=utf-8', renderPage(current ?? null, { live: true }), req.method === 'HEAD');
        return;
      case '/events':
        streams.open(res, currentJson);
        return;
      case '/report': {
        if (!current) {
          send(res, 503, 'text/plain; charset=utf-8', 'the test has not started yet: no report to download\n');
          return;
        }
        res.setHeader('content-disposition', `attachment; filename="${reportFileName(current)}"`);
        send(res, 200, 'text/html; charset=utf-8', renderHtmlReport(current), req.method === 'HEAD');
        return;
      }
      default:
        send(res, 404, 'text/plain; charset=utf-8', 'not found: the dashboard serves /, /events and /report\n');
    }
  }

  await listen(server, opts.host, opts.port);
  server.on('error', (err) => opts.log(`WARN[0000] web dashboard: ${err.message}`));
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' || bound.address.includes(':') ? `[${bound.address}]` : bound.address;

  let finished = false;
  const publish = (report: RunReport, final: boolean) => {
    if (finished) return; // the final report stays the last word
    finished = final;
    current = report;
    currentJson = JSON.stringify(report);
    streams.send('report', currentJson, final);
  };
  return {
    url: `http://${host}:${bound.port}/`,
    update: (report) => publish(report, false),
    finish: (report) => publish(report, true),
    close: () => new Promise((resolve) => {
      streams.closeAll();
      server.close(() => resolve());
      server.closeIdleConnections();
      // a viewer's keep-alive connection between requests would hold close() up
      setTimeout(() => server.closeAllConnections(), 200).unref();
    }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(headOnly ? undefined : body);
}

/** stampede-report-20250131-142501.html, from the run's start (UTC). */
export function reportFileName(report: RunReport): string {
  const stamp = new Date(report.startedAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `stampede-report-${stamp}.html`;
}

/** Binds the server; a busy or unusable address is a clear error naming the variables that move it. */
function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => {
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (err.code === 'EADDRINUSE') {
        reject(new StampedeError('E_DASHBOARD_PORT', `the web dashboard cannot listen on ${where}: the port is already in use; choose another with K6_WEB_DASHBOARD_PORT`, {
          hint: `K6_WEB_DASHBOARD_PORT=0 picks a free port; or stop what is using ${where}`,
        }));
      } else {
        reject(new StampedeError('E_DASHBOARD_ADDRESS', `the web dashboard cannot listen on ${where}: ${err.message}`, {
          hint: 'check K6_WEB_DASHBOARD_HOST and K6_WEB_DASHBOARD_PORT',
        }));
      }
    };
    server.once('error', failed);
    server.listen(port, host, () => { server.off('error', failed); resolve(); });
  });
}
