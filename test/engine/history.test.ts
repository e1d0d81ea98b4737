import { afterEach, describe, expect, it } from 'vitest';
import { RecordingSink, startEngine } from './engineHarness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let engine: Engine | undefined;
afterEach(() => engine?.stop());

const HOUR = 3600;

async function names(e: Engine, path: string): Promise<string[]> {
  const res = await e.http.get(path);
  return ((res.body ?? []) as { name: string }[]).map((x) => x.name);
}

describe('history cleanup', () => {
  it('keeps the newest N completed batches per group once they are older than an hour', async () => {
    const sink = new RecordingSink();
    engine = await startEngine({ historyLimit: 2, webhooks: sink, components: [{ notifications: { webhook: 'http://h:1/' } }] });
    const ok: string[] = [];
    const failed: string[] = [];
    for (let i = 0; i < 4; i++) {
      ok.push((await engine.http.post('/api/v1/jobs').send({})).body.name);
      failed.push((await engine.http.post('/api/v1/jobs').send({ variables: { WORKLOAD_EXIT_CODE: '1' } })).body.name);
      await engine.idle();
      await engine.advance(60);
    }
    const batches: string[] = [];
    for (let i = 0; i < 3; i++) {
      batches.push((await engine.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{}] })).body.name);
      await engine.idle();
      await engine.advance(60);
    }
    // Less than an hour old: a new batch triggers cleanup, but nothing is old enough.
    const recent = (await engine.http.post('/api/v1/jobs').send({ variables: { WORKLOAD_SECONDS: '1' } })).body.name as string;
    await engine.advance(61);
    expect(await names(engine, '/api/v1/jobs')).toHaveLength(9);

    await engine.advance(HOUR);
    const trigger = (await engine.http.post('/api/v1/jobs').send({})).body.name as string;
    await engine.advance(1);
    const left = await names(engine, '/api/v1/jobs');
    // Single jobs: the newest 2 succeeded (ok[3], recent) and the newest 2 failed stay, and the
    // trigger, which has not completed yet.
    expect([...left].sort()).toEqual([ok[3]!, recent, ...failed.slice(2), trigger].sort());
    expect(await names(engine, '/api/v1/batches')).toEqual(batches.slice(1));
    // Each deletion sends a Delete event.
    const deleted = sink.events.filter((e) => e.event === 'Delete').map((e) => e.name);
    const batchOf = (job: string) => job.replace(/-[^-]+$/, '');
    expect(deleted.sort()).toEqual([...[...ok.slice(0, 3), ...failed.slice(0, 2)].map(batchOf), batches[0]!].sort());
  });

  it('deletes on the engine clock, in the background of a create', async () => {
    engine = await startEngine({ historyLimit: 1 });
    for (let i = 0; i < 3; i++) await engine.http.post('/api/v1/jobs').send({});
    await engine.idle();
    await engine.advance(HOUR + 60);
    await engine.http.post('/api/v1/jobs').send({});
    await engine.advance(1);
    expect(engine.manager().history.deleted).toBe(2);
  });
});

describe('payload secrets', () => {
  it('are owned by the batch and removed with it (no 24-hour leak)', async () => {
    engine = await startEngine();
    const res = await engine.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{ payload: 'a' }, { payload: 'b' }] });
    const B = res.body.name as string;
    await engine.idle();
    const port = engine.runtime.sim.port('default');
    const secrets = await port.list('Secret');
    expect(secrets.map((s) => s.metadata.name)).toEqual([`${B}-payloads-0`]);
    expect(Object.keys(secrets[0]!.data ?? {})).toHaveLength(2);
    await engine.http.delete(`/api/v1/batches/${B}`).expect(200);
    await engine.idle();
    expect(await port.list('Secret')).toEqual([]);
  });
});
