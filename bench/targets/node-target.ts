/**
 * The Node benchmark target: answers every request with a tiny body, after
 * an optional fixed delay. `node bench/targets/node-target.ts PORT [DELAY_MS]`
 * prints `listening PORT` when ready. Run it pinned to its own core.
 */
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const delayMs = Number(process.argv[3] ?? 0);
const server = http.createServer((_req, res) => {
  if (delayMs > 0) setTimeout(() => res.end('ok'), delayMs);
  else res.end('ok');
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`listening ${typeof addr === 'object' && addr ? addr.port : port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
