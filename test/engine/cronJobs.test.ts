// Cron jobs on the simulator: ticks on the virtual clock, the concurrency policies, what the
// created jobs carry and how they behave afterwards (list, get, stop, delete, webhooks).
import { afterEach, describe, expect, it } from 'vitest';
import { ANNOTATION_CRON_SCHEDULE, LABEL_BATCH_CRON } from '../../src/engine/cronLabels.js';
import type { RadixBatch } from '../../src/cluster/radixBatch.js';
import type { CronConfig } from '../../src/engine/types.js';
import { cronRunnerOf } from '../../src/runtime/managers.js';
import { RecordingSink, startEngine } from './engineHarness.js';
import { LATENCY_OFF } from '../../src/sim/latency.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let engine: Engine | undefined;
afterEach(() => engine?.stop());

const START = Date.UTC(2026, 0, 1);

function cronHeads(e: Engine, component = 'compute'): RadixBatch[] {
  return e
    .manager(component)
    .cache.heads()
    .filter((h) => h.metadata.labels?.[LABEL_BATCH_CRON] === 'true')
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name));
}

function tickLines(e: Engine) {
  return e.runtime.sim.log.events().filter((l) => l.type === 'CronTick');
}

async function start(cron: CronConfig, seconds: number, opts: { profile?: 'documented' | 'radix'; webhook?: boolean; jobsFail?: boolean } = {}) {
  const sink = new RecordingSink();
  engine = await startEngine({
    profile: opts.profile ?? 'documented',
    webhooks: sink,
    // Latency off: the policies are checked at exact instants of the virtual clock (a job Running at
    // the next tick); with the cluster model a job needs about a second more to start. Every Job
    // creation failing keeps a job Waiting (its batch never becomes Active).
    sim: { latency: LATENCY_OFF, ...(opts.jobsFail ? { faults: [{ type: 'api', verb: 'create', resource: 'Job', error: 500 }] } : {}) },
    components: [
      {
        cron,
        variables: { WORKLOAD_SECONDS: String(seconds) },
        ...(opts.webhook ? { notifications: { webhook: 'http://hooks.example/cron' } } : {}),
      },
    ],
  });
  return { engine, sink };
}

describe('cron jobs on the simulator', () => {
  it('ticks are events of the virtual clock: exact times, in the log, reached by toNextEvent', async () => {
    const { engine: e } = await start({ schedules: ['*/5 * * * *'], concurrency: 'Allow' }, 10);
    expect(cronRunnerOf(e.manager())!.nextTicks()).toEqual([{ schedule: '*/5 * * * *', at: START + 300_000 }]);
    await e.runtime.toNextEvent();
    expect(e.runtime.sim.now()).toBe(START + 300_000);
    await e.advance(600);
    const ticks = tickLines(e);
    expect(ticks.map((t) => t.at)).toEqual(['2026-01-01T00:05:00Z', '2026-01-01T00:10:00Z', '2026-01-01T00:15:00Z']);
    expect(ticks.every((t) => t.data?.action === 'created' && t.data.schedule === '*/5 * * * *')).toBe(true);
    // A pending tick does not keep the simulator busy: run-until-idle ends once the jobs have.
    await e.idle();
    expect(cronHeads(e)).toHaveLength(3);
  });

  it('created jobs carry the cron label and the schedule annotation, and are listed, read, stopped and deleted like any other', async () => {
    const { engine: e, sink } = await start({ schedules: ['* * * * *'], concurrency: 'Allow' }, 600, { webhook: true });
    await e.http.post('/api/v1/jobs').send({}).expect(200);
    await e.advance(60);
    const [head] = cronHeads(e);
    expect(head!.metadata.labels).toMatchObject({ [LABEL_BATCH_CRON]: 'true', 'radix-batch-type': 'job', 'radix-component': 'compute' });
    expect(head!.metadata.annotations).toEqual({ [ANNOTATION_CRON_SCHEDULE]: '* * * * *' });
    expect(head!.spec.jobs).toHaveLength(1);
    // The job posted through the API is not a cron job and has no annotation.
    const api = e.manager().cache.heads().find((h) => h.metadata.labels?.[LABEL_BATCH_CRON] === 'false')!;
    expect(api.metadata.annotations).toBeUndefined();

    const name = `${head!.metadata.name}-${head!.spec.jobs[0]!.name}`;
    const list = await e.http.get('/api/v1/jobs').expect(200);
    expect((list.body as { name: string }[]).map((j) => j.name)).toContain(name);
    expect((await e.http.get(`/api/v1/jobs/${name}`).expect(200)).body.status).toBe('Running');
    await e.http.post(`/api/v1/jobs/${name}/stop`).expect(200);
    await e.advance(5);
    expect((await e.http.get(`/api/v1/jobs/${name}`).expect(200)).body.status).toBe('Stopped');
    await e.http.delete(`/api/v1/jobs/${name}`).expect(200);
    await e.http.get(`/api/v1/jobs/${name}`).expect(404);
    // Webhooks fire for cron jobs as for any batch.
    const events = sink.deliveries.filter((d) => d.batch === head!.metadata.name).map((d) => d.event.event);
    expect(events[0]).toBe('Create');
    expect(events.at(-1)).toBe('Delete');
  });

  it('Allow runs them side by side', async () => {
    const { engine: e } = await start({ schedules: ['* * * * *'], concurrency: 'Allow' }, 150);
    await e.advance(240);
    const heads = cronHeads(e);
    expect(heads).toHaveLength(4);
    expect(heads.filter((h) => h.status?.condition?.type === 'Active')).toHaveLength(3);
  });

  it('Forbid skips a tick while an earlier cron job is still running', async () => {
    const { engine: e } = await start({ schedules: ['* * * * *'], concurrency: 'Forbid' }, 150);
    await e.advance(300);
    // Created at 1 min; running at 2 and 3 min (it ends at 3.5 min); created again at 4 min; skipped at 5.
    expect(tickLines(e).map((t) => [t.at.slice(11, 16), t.data?.action])).toEqual([
      ['00:01', 'created'],
      ['00:02', 'skipped'],
      ['00:03', 'skipped'],
      ['00:04', 'created'],
      ['00:05', 'skipped'],
    ]);
    expect(cronHeads(e)).toHaveLength(2);
  });

  it('Replace stops the running one first, then creates', async () => {
    const { engine: e } = await start({ schedules: ['* * * * *'], concurrency: 'Replace' }, 150);
    await e.advance(180);
    const heads = cronHeads(e);
    expect(heads).toHaveLength(3);
    const ticks = tickLines(e);
    expect(ticks[1]!.data).toMatchObject({ action: 'created', running: [heads[0]!.metadata.name], stopped: [heads[0]!.metadata.name] });
    const jobs = await e.http.get('/api/v1/jobs').expect(200);
    const statuses = (jobs.body as { name: string; status: string }[]).map((j) => j.status);
    expect(statuses.sort()).toEqual(['Running', 'Stopped', 'Stopped']);
  });

  for (const [profile, expected] of [
    ['radix', 3],
    ['documented', 1],
  ] as const) {
    it(`${profile}: Forbid ${profile === 'radix' ? 'does not see' : 'sees'} a job still Waiting`, async () => {
      const { engine: e } = await start({ schedules: ['* * * * *'], concurrency: 'Forbid' }, 10, { profile, jobsFail: true });
      await e.advance(180);
      expect(cronHeads(e)).toHaveLength(expected);
      expect(cronHeads(e).every((h) => (h.status?.condition?.type ?? 'Waiting') === 'Waiting')).toBe(true);
    });
  }

  it('ticks in the configured time zone (02:30 in Oslo is 01:30 UTC in winter)', async () => {
    const { engine: e } = await start({ schedules: ['30 2 * * *'], timeZone: 'Europe/Oslo', concurrency: 'Allow' }, 10);
    await e.advance(2 * 86_400);
    expect(tickLines(e).map((t) => t.at)).toEqual(['2026-01-01T01:30:00Z', '2026-01-02T01:30:00Z']);
  });

  it('several schedules tick one at a time; the same seed gives the same log', async () => {
    const run = async () => {
      const { engine: e } = await start({ schedules: ['* * * * *', '*/2 * * * *', '@every 90s'], concurrency: 'Forbid' }, 45);
      await e.advance(600);
      const out = { hash: e.runtime.sim.log.sha256(), ticks: tickLines(e).map((t) => [t.at, t.data?.schedule, t.data?.action]) };
      e.stop();
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    // At 00:02 both the minute and the two-minute schedule tick: the first creates, the second sees it running.
    expect(a.ticks.filter((t) => t[0] === '2026-01-01T00:02:00Z').map((t) => t[2])).toEqual(['created', 'skipped']);
    expect(a.ticks.filter((t) => t[1] === '@every 90s').map((t) => t[0]).slice(0, 2)).toEqual(['2026-01-01T00:01:30Z', '2026-01-01T00:03:00Z']);
  });
});
