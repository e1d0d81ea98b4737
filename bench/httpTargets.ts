// The servers of the HTTP benchmark (bench/http.ts), each run in a child process of its own so the
// load generator does not share its event loop:
//   raw      node:http: read the body, JSON.parse it, answer a job status (the floor of any Node server)
//   express  bare Express 5 with express.json() and the same answer
//   jobsim   jobsim's app on the simulator (manual clock), as `jobsim serve` runs it
// Usage: node --import tsx bench/httpTargets.ts raw|express|jobsim  -> prints {"port":N} on stdout.
// Every target also answers GET /bench/memory with the process's memory, for the streaming check.
import express from 'express';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchRuntime } from './runtime.js';

const kind = process.argv[2];
const status = { jobId: '', name: 'batch-compute-20260101000000-abcdefgh-ijklmnop', created: '', started: '', ended: '', status: 'Waiting', updated: '' };

function memory(res: ServerResponse): void {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(process.memoryUsage()));
}

async function handler(): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  if (kind === 'raw') {
    return (req, res) => {
      if (req.url === '/bench/memory') return memory(res);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ ...status, jobId: body.jobId ?? '' }));
      });
    };
  }
  if (kind === 'express') {
    const app = express();
    app.use(express.json({ limit: '256mb' }));
    app.get('/bench/memory', (_req, res) => memory(res));
    app.post('/api/v1/jobs', (req, res) => {
      res.json({ ...status, jobId: (req.body as { jobId?: string } | undefined)?.jobId ?? '' });
    });
    return app;
  }
  if (kind === 'jobsim') {
    const { serveApp } = await benchRuntime(200_000);
    const app = serveApp();
    return (req, res) => (req.url === '/bench/memory' ? memory(res) : app(req, res));
  }
  throw new Error(`unknown target ${kind} (raw, express or jobsim)`);
}

const server = createServer(await handler());
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
