// The simulator's control API: the clock, advancing it, the event log and its hash, reset.
import { afterEach, describe, expect, it } from 'vitest';
import { expectContract, startHarness, type Harness, EXACT } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.stop());

async function run(seed: number) {
  h = await startHarness({ seed });
  await h.createJob({ variables: { WORKLOAD_SECONDS: '3', WORKLOAD_EXIT_CODE: '1' }, backoffLimit: 1 });
  await h.createBatch({ jobScheduleDescriptions: [{}, { variables: { WORKLOAD_SECONDS: '1' } }] });
  const idle = await h.http.post('/sim/v1/clock/run-until-idle');
  expectContract('post', '/sim/v1/clock/run-until-idle', idle);
  const events = await h.http.get('/sim/v1/events');
  expectContract('get', '/sim/v1/events', events);
  const jsonl = await h.http.get('/sim/v1/events?format=jsonl');
  h.stop();
  return { idle: idle.body, events: events.body, jsonl };
}

describe('simulator control API', () => {
  it('reports the manual clock and advances it by seconds, to the next event, and until idle', async () => {
    // Exact times (latency off): the next event is the end of the 3 s job, not a step of the control plane.
    h = await startHarness({ sim: EXACT });
    const clock = await h.http.get('/sim/v1/clock');
    expectContract('get', '/sim/v1/clock', clock);
    expect(clock.body).toEqual({ now: '2026-01-01T00:00:00Z', mode: 'manual', scale: 0, pendingEvents: 0, nextEventAt: null });
    await h.createJob({ variables: { WORKLOAD_SECONDS: '4' } });
    const busy = (await h.http.get('/sim/v1/clock')).body;
    expect(busy.nextEventAt).toBe('2026-01-01T00:00:00Z');
    expect(busy.pendingEvents).toBeGreaterThan(0);

    const advanced = await h.http.post('/sim/v1/clock/advance').send({ seconds: 1.5 });
    expectContract('post', '/sim/v1/clock/advance', advanced);
    expect(advanced.body).toMatchObject({ now: '2026-01-01T00:00:01Z', nextEventAt: '2026-01-01T00:00:04Z' });
    const next = await h.http.post('/sim/v1/clock/advance').send({ toNextEvent: true });
    expect(next.body.now).toBe('2026-01-01T00:00:04Z');
    const idle = await h.http.post('/sim/v1/clock/advance').send({ untilIdle: true });
    expect(idle.body).toMatchObject({ pendingEvents: 0 });
    expect((await h.http.get('/api/v1/jobs')).body[0].status).toBe('Succeeded');
  });

  it('rejects a malformed advance request', async () => {
    h = await startHarness();
    for (const body of [{ seconds: -1 }, { seconds: 'ten' }, {}, { seconds: 1, untilIdle: true }, { seconds: 6.082365555551124e16 }]) {
      const res = await h.http.post('/sim/v1/clock/advance').send(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body).toMatchObject({ status: 'Failure', reason: 'Invalid', code: 422 });
    }
    expect((await h.http.get('/sim/v1/clock')).body.now).toBe('2026-01-01T00:00:00Z');
  });

  it('gives the same event log, byte for byte, for the same seed and requests', async () => {
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.events.count).toBeGreaterThan(20);
    expect(a.events.sha256).toBe(b.events.sha256);
    expect(a.jsonl.text).toBe(b.jsonl.text);
    expect(a.jsonl.headers['x-event-log-sha256']).toBe(a.events.sha256);
    expect(c.events.sha256).not.toBe(a.events.sha256);
  });

  it('filters the log with since, and resets to an empty cluster', async () => {
    h = await startHarness();
    await h.createJob();
    await h.idle();
    const all = (await h.http.get('/sim/v1/events')).body;
    const tail = (await h.http.get(`/sim/v1/events?since=${all.count - 2}`)).body;
    expect(tail.events.map((e: { seq: number }) => e.seq)).toEqual([all.count - 1, all.count]);
    const reset = await h.http.post('/sim/v1/reset');
    expectContract('post', '/sim/v1/reset', reset);
    expect(reset.body.now).toBe('2026-01-01T00:00:00Z');
    expect((await h.http.get('/api/v1/jobs')).body).toEqual([]);
  });

  it('refuses to run until idle when a job retries past the horizon', async () => {
    h = await startHarness();
    await h.createJob({ backoffLimit: 1000, timeLimitSeconds: 400000, variables: { WORKLOAD_EXIT_CODE: '1', WORKLOAD_SECONDS: '172800' } });
    const res = await h.http.post('/sim/v1/clock/run-until-idle');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/still busy after 30 virtual days/);
  });
});
