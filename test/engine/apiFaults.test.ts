// Engine fixes for two API-fault cases found by the simulator's no-loss property (test/sim/noLoss.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from './engineHarness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let e: Engine | undefined;
afterEach(() => e?.stop());

describe('the engine under API faults', () => {
  it('a 409 Conflict (not AlreadyExists) when creating a Kubernetes Job is retried; the job runs', async () => {
    e = await startEngine();
    e.runtime.sim.injectFault({ type: 'api', verb: 'create', resource: 'Job', error: 409, count: 1 });
    const job = (await e.http.post('/api/v1/jobs').send({ variables: { WORKLOAD_SECONDS: '1' } })).body;
    await e.idle();
    expect((await e.http.get(`/api/v1/jobs/${job.name}`)).body.status).toBe('Succeeded');
    expect(e.runtime.sim.store.count('Job')).toBe(1);
  });

  it('a RadixBatch create that timed out after being applied is removed: the client was told it failed, nothing runs', async () => {
    // Seed 4: the timeout's coin says the write landed.
    e = await startEngine({ sim: { seed: 4 } });
    e.runtime.sim.injectFault({ type: 'api', verb: 'create', resource: 'RadixBatch', error: 'timeout', count: 1 });
    const res = await e.http.post('/api/v1/jobs').send({});
    expect(res.status).toBeGreaterThanOrEqual(500);
    await e.idle();
    const outcome = e.runtime.sim.log.events().map((x) => (x.data as { outcome?: string } | undefined)?.outcome).find(Boolean);
    expect(outcome).toBe('applied');
    expect((await e.http.get('/api/v1/jobs')).body).toEqual([]);
    expect(e.runtime.sim.store.count('RadixBatch')).toBe(0);
    expect(e.runtime.sim.store.count('Job')).toBe(0);
  });
});
