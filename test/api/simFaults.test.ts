// The apiLatency and receiverDown faults through the control API, and the engine under API latency:
// slower answers only, the same outcome, a deterministic log under the manual clock.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isValidQuantity } from '../../src/cluster/quantity.js';
import type { Job } from '../../src/cluster/types.js';
import { loadOpenApi } from '../openapi/schema.js';
import { expectContract, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Log entries of a type (and message). */
function effects(h: Harness, message?: string) {
  return h.sim.log.events().filter((e) => e.type === 'FaultEffect' && (message === undefined || e.message === message));
}

/**
 * Sends a request that will wait on virtual time: waits (wall clock) until it reached the cluster
 * port and waits there, then moves the clock on a second at a time until it is answered.
 */
async function slowRequest<T>(h: Harness, send: () => PromiseLike<T>): Promise<T> {
  const before = effects(h, 'ApiLatency').length;
  let answer: T | undefined;
  let done = false;
  const pending = Promise.resolve(send()).then((r) => {
    answer = r;
    done = true;
  });
  for (let i = 0; i < 500 && effects(h, 'ApiLatency').length === before && !done; i++) await sleep(5);
  for (let i = 0; i < 600 && !done; i++) await h.advance(1);
  await pending;
  return answer as T;
}

describe('/sim/v1/faults: apiLatency and receiverDown', () => {
  it('injects, lists and deletes both; the answers match the contract', async () => {
    h = await startHarness();
    const slow = await h.http.post('/sim/v1/faults').send({ type: 'apiLatency', verb: 'updateStatus', resource: 'RadixBatch', latencySeconds: 1.5, fraction: 0.5, count: 10, durationSeconds: 600 });
    expectContract('post', '/sim/v1/faults', slow);
    expect(slow.body).toMatchObject({ id: 'fault-1', type: 'apiLatency', state: 'active', hits: 0, latencySeconds: 1.5 });
    const down = await h.http.post('/sim/v1/faults').send({ type: 'receiverDown', url: 'http://hooks.example.com/*', status: 503, at: 60, durationSeconds: 30 });
    expectContract('post', '/sim/v1/faults', down);
    expect(down.body).toMatchObject({ id: 'fault-2', type: 'receiverDown', state: 'scheduled', url: 'http://hooks.example.com/*', status: 503 });
    const listed = await h.http.get('/sim/v1/faults');
    expectContract('get', '/sim/v1/faults', listed);
    expect(listed.body.map((f: { id: string; state: string }) => [f.id, f.state])).toEqual([
      ['fault-1', 'active'],
      ['fault-2', 'scheduled'],
    ]);
    await h.advance(60);
    expect((await h.http.get('/sim/v1/faults')).body[1].state).toBe('active');
    await h.advance(30);
    expect((await h.http.get('/sim/v1/faults')).body[1].state).toBe('ended');
    const deleted = await h.http.delete('/sim/v1/faults/fault-1');
    expectContract('delete', '/sim/v1/faults/{id}', deleted);
    expect(deleted.body).toMatchObject({ id: 'fault-1', state: 'ended' });
    const types = h.sim.log.events().map((e) => `${e.type}:${e.name}`);
    expect(types).toEqual(expect.arrayContaining(['FaultInjected:fault-1', 'FaultScheduled:fault-2', 'FaultInjected:fault-2', 'FaultRecovered:fault-2', 'FaultRemoved:fault-1']));
  });

  it('refuses bad latency and receiver faults in the error shape, and changes nothing', async () => {
    h = await startHarness();
    const bodies = [
      { type: 'apiLatency', verb: 'get', resource: 'Job' },
      { type: 'apiLatency', verb: 'get', resource: 'Job', latencySeconds: 0 },
      { type: 'apiLatency', verb: 'get', resource: 'Job', latencySeconds: 7200 },
      { type: 'apiLatency', verb: 'get', resource: '', latencySeconds: 1 },
      { type: 'apiLatency', verb: 'get', resource: 'Job', latencySeconds: '1' },
      { type: 'receiverDown', url: '' },
      { type: 'receiverDown', status: 302 },
      { type: 'receiverDown', status: 'down' },
    ];
    for (const body of bodies) {
      const res = await h.http.post('/sim/v1/faults').send(body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(res.body).toMatchObject({ status: 'Failure', code: res.status });
      expect(typeof res.body.message).toBe('string');
      expect(typeof res.body.reason).toBe('string');
    }
    expect((await h.http.get('/sim/v1/faults')).body).toEqual([]);
    expect(effects(h)).toEqual([]);
  });
});

describe('/sim/v1/faults: a shortage\'s quantities', () => {
  it('the contract admits only quantities the simulator takes (Schemathesis sent cpu "\\u007f", valid by the contract, refused with 400)', () => {
    const schema = (loadOpenApi() as unknown as { components: { schemas: Record<string, { properties: Record<string, { pattern?: string }> }> } }).components.schemas;
    const fault = Object.values(schema).find((s) => s.properties?.latencySeconds && s.properties?.cpu)!;
    for (const field of ['cpu', 'memory']) {
      const pattern = new RegExp(fault.properties[field]!.pattern!, 'u');
      for (const ok of ['2', '500m', '4Gi', '0', '1.5', '.5', '5.', '+3', '1e3', '2E', '3E2']) expect(pattern.test(ok), ok).toBe(true);
      for (const bad of ['\u007f', '', '-1', '32Mx', ' 2', '2 ', '1e', 'm']) expect(pattern.test(bad), JSON.stringify(bad)).toBe(false);
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.+-eEmkMGTPKinu '.split('')), maxLength: 8 }), (text) => !pattern.test(text) || isValidQuantity(text)),
        { numRuns: 2000 },
      );
    }
  });

  it('a malformed quantity is refused in the error shape, and nothing is injected', async () => {
    h = await startHarness();
    const res = await h.http.post('/sim/v1/faults').send({ type: 'nodeShortage', cpu: '\u007f' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ status: 'Failure', code: res.status });
    expect((await h.http.get('/sim/v1/faults')).body).toEqual([]);
  });
});

describe('the engine under API latency', () => {
  const batch = { jobScheduleDescriptions: [{ variables: { WORKLOAD_SECONDS: '3' } }, { variables: { WORKLOAD_SECONDS: '5' } }, { variables: { WORKLOAD_SECONDS: '4', WORKLOAD_EXIT_CODE: '1' } }] };

  /** One batch from creation to the end, with or without latency on every request. */
  async function run(latencySeconds?: number) {
    h = await startHarness();
    if (latencySeconds) expect((await h.http.post('/sim/v1/faults').send({ type: 'apiLatency', verb: '*', resource: '*', latencySeconds })).status).toBe(200);
    const created = await slowRequest(h, () => h.http.post('/api/v1/batches').send(batch));
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    await h.idle();
    const status = (await h.http.get(`/api/v1/batches/${created.body.name}`)).body;
    const result = {
      status: status.status,
      jobs: status.jobStatuses.map((j: { status: string; failed?: number }) => [j.status, j.failed ?? 0]),
      log: h.sim.log.sha256(),
      delayed: effects(h, 'ApiLatency').length,
      errors: h.errors.length,
      finishedAt: (Date.parse(status.ended) - h.sim.config.startTime) / 1000,
    };
    h.stop();
    return result;
  }

  it('slower answers only: the batch ends as it does without latency, later, with no engine error; the log is the same for the same requests', async () => {
    const plain = await run();
    const slow = await run(2);
    expect(slow.errors).toBe(0);
    expect(slow.delayed).toBeGreaterThan(5);
    expect({ status: slow.status, jobs: slow.jobs }).toEqual({ status: plain.status, jobs: plain.jobs });
    expect(slow.status).toBe('Failed');
    expect(slow.jobs).toEqual([
      ['Succeeded', 0],
      ['Succeeded', 0],
      ['Failed', 1],
    ]);
    expect(slow.finishedAt).toBeGreaterThan(plain.finishedAt);
    // Deterministic under the manual clock.
    expect(await run(2)).toEqual(slow);
  }, 60_000);

  it('a latency fault from the scenario, active from the start: the request waits, then the job runs', async () => {
    h = await startHarness({ sim: { faults: [{ type: 'apiLatency', verb: 'create', resource: 'RadixBatch', latencySeconds: 5, count: 1 }] } });
    const created = await slowRequest(h, () => h.http.post('/api/v1/jobs').send({}));
    expect(created.status).toBe(200);
    expect(h.sim.now() - h.sim.config.startTime).toBeGreaterThanOrEqual(5000);
    expect(effects(h, 'ApiLatency').map((e) => e.data)).toEqual([expect.objectContaining({ verb: 'create', resource: 'RadixBatch', latencySeconds: 5 })]);
    await h.idle();
    expect((await h.http.get(`/api/v1/jobs/${created.body.name}`)).body.status).toBe('Succeeded');
    expect(h.errors).toEqual([]);
  });

  it("simulator.clientQps: the engine's requests take tokens on the virtual clock; a batch's Jobs come one a second, and it ends as without", async () => {
    h = await startHarness({ sim: { clientQps: 1, clientBurst: 2 } });
    const created = await h.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [1, 2, 3, 4].map(() => ({ variables: { WORKLOAD_SECONDS: '1' } })) });
    expect(created.status).toBe(200);
    await h.idle();
    const batch = (await h.http.get(`/api/v1/batches/${created.body.name}`)).body;
    expect(batch.status).toBe('Succeeded');
    expect(batch.jobStatuses.map((j: { status: string }) => j.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
    // The Jobs were created at distinct seconds: the burst went on the batch's own writes first.
    const jobs = h.sim.store.list<Job>('Job');
    const seconds = new Set(jobs.map((j) => j.metadata.creationTimestamp));
    expect(jobs).toHaveLength(4);
    expect(seconds.size).toBeGreaterThanOrEqual(3);
    expect(h.sim.clientLimit!.waits).toBeGreaterThan(0);
    expect(h.errors).toEqual([]);
  });
});
