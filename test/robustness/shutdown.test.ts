// Graceful shutdown: `jobsim serve` as a child process, SIGTERM in the middle of many concurrent
// creates. Every request the server accepted is answered in full, the server says how many it
// answered (and that it cut none off), and it exits 0. Then, in process: queued webhook events are
// delivered within the grace period, and what cannot be is logged and counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type ServeOptions, type Serving } from '../../src/cli/serve.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess | undefined;
let serving: Serving | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await serving?.close();
  serving = undefined;
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  receiver = undefined;
});

interface Outcome {
  status?: number;
  body?: string;
  error?: string;
}

/** One create on a connection of its own: either a whole answer, or a connection error and no answer. */
function create(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/jobs', agent: false, headers: { 'content-type': 'application/json' } }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', (err) => resolve({ status: res.statusCode!, body, error: `after the status line: ${err.message}` }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end('{"variables":{"WORKLOAD_SECONDS":"1"}}');
  });
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
}

describe('graceful shutdown', () => {
  it('SIGTERM mid-load: every accepted create gets its whole answer, one clear line, exit 0', async () => {
    // Every create waits 1 s (real time) for the cluster, so hundreds are in flight at the signal.
    const dir = mkdtempSync(join(tmpdir(), 'jobsim-shutdown-'));
    const scenario = join(dir, 'slow-creates.yaml');
    writeFileSync(scenario, 'faults:\n  - { type: apiLatency, verb: create, resource: RadixBatch, latencySeconds: 1 }\n');
    const args = ['serve', '--port', '0', '--clock', 'real', '--scenario', scenario, '--shutdown-grace-seconds', '20'];
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    lines(child.stderr!, (l) => stderr.push(l));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr.join('\n')}`)), 45_000);
      lines(child!.stdout!, (l) => {
        const m = /"port":(\d+)/.exec(l);
        if (m && l.includes('listening on')) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const total = 400;
    let answered = 0;
    let signalled = false;
    const outcomes = await Promise.all(
      Array.from({ length: total }, () =>
        create(port).then((o) => {
          if (o.status !== undefined && ++answered === 40 && !signalled) {
            signalled = true;
            child!.kill('SIGTERM');
          }
          return o;
        }),
      ),
    );
    expect(signalled).toBe(true);
    expect(await exited).toBe(0);

    const ok = outcomes.filter((o) => o.status === 200);
    // An answer that began was finished, and every answer is a created job.
    for (const o of outcomes.filter((x) => x.status !== undefined)) {
      expect(o.error).toBeUndefined();
      expect(o.status).toBe(200);
      expect(JSON.parse(o.body!)).toMatchObject({ name: expect.stringMatching(/^batch-compute-/), status: 'Waiting' });
    }
    // What got no answer never reached the server: refused, or reset before it was accepted.
    for (const o of outcomes.filter((x) => x.status === undefined)) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(o.error);

    const stop = stderr.filter((l) => l.startsWith('jobsim serve: stopped on SIGTERM'));
    expect(stop, stderr.join('\n')).toHaveLength(1);
    const m = /(\d+) requests answered \((\d+) while stopping\), (\d+) cut off/.exec(stop[0]!);
    expect(m).not.toBeNull();
    // The server answered exactly the requests that got a 200 here: none answered was lost on the way.
    expect(Number(m![1])).toBe(ok.length);
    expect(Number(m![3])).toBe(0);
    expect(ok.length).toBeGreaterThanOrEqual(40);
    // The signal came mid-load: requests were still in flight, and they were finished.
    expect(Number(m![2])).toBeGreaterThan(0);
    console.log(`shutdown under load: ${stop[0]}; ${outcomes.length - ok.length} of ${total} refused or reset before they were accepted`);
  }, 90_000);

  function webhookConfig(url: string, port: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'jobsim-shutdown-'));
    const file = join(dir, 'radixconfig.yaml');
    writeFileSync(
      file,
      `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata: {name: app}
spec:
  jobs:
    - name: compute
      schedulerPort: ${port}
      notifications: {webhook: "${url}"}
`,
    );
    return file;
  }

  async function freePort(): Promise<number> {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }

  const BASE: ServeOptions = { port: 0, host: '127.0.0.1', seed: '1', clock: 'manual', compat: 'documented', component: 'compute', bodyLimit: '1mb', backoffCap: 600, workloadSeconds: 5 };

  it('delivers queued webhook events within the grace period', async () => {
    const received: string[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      // A slow receiver: each answer takes 200 ms.
      req.on('end', () => setTimeout(() => {
        received.push(JSON.parse(body).event);
        res.end();
      }, 200));
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const port = await freePort();
    serving = await serve({ ...BASE, config: webhookConfig(url, port) }, pino({ level: 'silent' }));
    for (let i = 0; i < 3; i++) expect((await fetch(`http://127.0.0.1:${port}/api/v1/jobs`, { method: 'POST', body: '{}' })).status).toBe(200);
    // Manual clock: the Create events are due now and not sent yet; the shutdown runs them and waits.
    // (Running them also starts the jobs: their Update events are due too.)
    const report = await serving.shutdown(10_000);
    expect(report.webhooks.undelivered).toBe(0);
    expect(report.webhooks.delivered).toBe(received.length);
    expect(received.filter((e) => e === 'Create')).toHaveLength(3);
    serving = undefined;
  });

  it('logs and counts what a dead receiver leaves undelivered when the grace period ends', async () => {
    const port = await freePort();
    const dead = await freePort();
    const logged: { msg: string; undelivered?: number }[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    serving = await serve({ ...BASE, config: webhookConfig(`http://127.0.0.1:${dead}/hook`, port) }, log);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/jobs`, { method: 'POST', body: '{}' })).status).toBe(200);
    const report = await serving.shutdown(1500);
    expect(report.webhooks.delivered).toBe(0);
    expect(report.webhooks.undelivered).toBeGreaterThanOrEqual(1);
    expect(logged.filter((l) => l.msg.startsWith('webhook event dropped: shutdown'))).toHaveLength(report.webhooks.undelivered);
    expect(logged.find((l) => l.msg === 'jobsim: webhook events left undelivered at shutdown')?.undelivered).toBe(report.webhooks.undelivered);
    serving = undefined;
  });
});
