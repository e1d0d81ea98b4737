// GET /jobsim/v1/watch: the first event, batch changes with the rows of the jobs that changed,
// coalescing of a large batch, resumption with Last-Event-ID, resync when that is impossible, and
// a slow client's bounded queue.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../src/api/changeFeed.js';
import { watchHandler } from '../../src/api/watchRoute.js';
import { startHarness } from '../support/harness.js';
import { startServer, type TestServer } from '../ui/server.js';
import { openSse, type SseFrame } from '../ui/sse.js';

describe('watch stream', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());
  const url = () => `${server.base}/jobsim/v1/watch`;
  const isBatch = (name: string) => (f: SseFrame) => f.event === 'batch' && f.data.batch.name === name;

  it('starts with hello, then reports a job as it changes, with its row', async () => {
    const sse = await openSse(url());
    const [hello] = await sse.read(() => true);
    expect(hello).toMatchObject({ event: 'hello' });
    expect(hello!.id).toMatch(/^[0-9a-f]+-\d+$/);
    const job = await server.post<{ name: string }>('/api/v1/jobs', { jobId: 'w1', variables: { WORKLOAD_SECONDS: '5' } });
    const batch = job.name.slice(0, job.name.lastIndexOf('-'));
    await server.post('/sim/v1/clock/advance', { seconds: 10 });
    // Read until the batch has succeeded and a clock frame came (with the latency model the batch's
    // last change may come before the clock's frame of the same advance).
    let succeeded = false;
    let clock = false;
    const frames = await sse.read((f) => {
      if (isBatch(batch)(f) && f.data.batch.status === 'Succeeded') succeeded = true;
      if (f.event === 'clock') clock = true;
      return succeeded && clock;
    });
    sse.close();
    const last = frames.filter(isBatch(batch)).at(-1)!;
    expect(last.data.batch).toMatchObject({ name: batch, type: 'job', jobId: 'w1', status: 'Succeeded', total: 1, counts: { Succeeded: 1 } });
    expect(last.data.jobs).toMatchObject([{ name: job.name, jobId: 'w1', status: 'Succeeded', attempts: 1, exitCode: 0 }]);
    // The simulator's clock and log came along.
    expect(frames.some((f) => f.event === 'clock')).toBe(true);
    expect(frames.some((f) => f.event === 'sim' && f.data.events.length > 0)).toBe(true);
  });

  it('coalesces a 2,000-job batch: a few events, the job rows left out', async () => {
    const sse = await openSse(url());
    await sse.read((f) => f.event === 'hello');
    const jobs = Array.from({ length: 2000 }, (_, i) => ({ jobId: `c${i}` }));
    const made = await server.post<{ name: string }>('/api/v1/batches', { batchId: 'coalesce', jobScheduleDescriptions: jobs });
    // Within one virtual second every job gets a Job and a pod, 330 of them start: thousands of status writes.
    await server.post('/sim/v1/clock/advance', { seconds: 1 });
    const frames = (await sse.read(() => false, 1500)).filter(isBatch(made.name));
    sse.close();
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(8);
    expect(frames.some((f) => f.data.jobsTruncated === true && f.data.jobs === undefined)).toBe(true);
    const last = frames.at(-1)!.data.batch;
    expect(last.total).toBe(2000);
    expect(Object.values(last.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('resumes after a disconnect with Last-Event-ID, and says resync when it cannot', async () => {
    const first = await openSse(url());
    const [hello] = await first.read(() => true);
    first.close();
    // Missed while disconnected:
    const job = await server.post<{ name: string }>('/api/v1/jobs', { jobId: 'missed' });
    const batch = job.name.slice(0, job.name.lastIndexOf('-'));
    await new Promise((r) => setTimeout(r, 600));
    const resumed = await openSse(url(), { 'last-event-id': hello!.id! });
    const frames = await resumed.read(isBatch(batch), 5000);
    resumed.close();
    expect(frames.map((f) => f.event)).not.toContain('hello');
    expect(frames.map((f) => f.event)).not.toContain('resync');
    expect(frames.some(isBatch(batch))).toBe(true);
    const ids = frames.map((f) => Number(f.id!.split('-')[1]));
    expect(ids[0]).toBe(Number(hello!.id!.split('-')[1]) + 1);

    for (const stale of ['00000000-5', 'garbage', `${hello!.id!.split('-')[0]}-999999999`]) {
      const s = await openSse(`${url()}?lastEventId=${encodeURIComponent(stale)}`);
      const [f] = await s.read(() => true);
      s.close();
      expect(f).toMatchObject({ event: 'resync' });
    }
  });
});

describe('shutting down with a watch stream open', () => {
  it('ends the stream, so the server closes', async () => {
    const server = await startServer();
    const sse = await openSse(`${server.base}/jobsim/v1/watch`);
    await sse.read((f) => f.event === 'hello');
    const closed = await Promise.race([server.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), 10_000))]);
    expect(closed).toBe('closed');
    expect(await sse.read(() => false, 1000)).toEqual([]);
  });
});

describe('a slow watch client', () => {
  it('gets its queue dropped and one resync instead of an unbounded buffer', async () => {
    const h = await startHarness();
    const feed = new ChangeFeed(() => h.runtime.manager('compute'), h.runtime, { tickMs: 10 });
    const req = Object.assign(new EventEmitter(), { get: () => undefined, query: {} });
    const written: string[] = [];
    let accept = true;
    const res = Object.assign(new EventEmitter(), {
      writeHead: () => undefined,
      flushHeaders: () => undefined,
      write: (text: string) => (written.push(text), accept),
      end: () => undefined,
    });
    watchHandler(feed, { maxQueued: 3 })(req as never, res as never);
    expect(written.join('')).toContain('event: hello');
    accept = false; // the socket's buffer is full from now on
    written.length = 0;
    for (let i = 0; i < 8; i++) {
      await h.createJob({ jobId: `slow-${i}` });
      await h.advance(1);
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(written.length).toBe(1); // the write that filled the buffer; the rest waits or is dropped
    accept = true;
    res.emit('drain');
    const after = written.slice(1).join('');
    expect(after).toContain('event: resync');
    expect(after.match(/event: batch/g) ?? []).toHaveLength(0);
    req.emit('close');
    feed.close();
    h.stop();
  });
});
