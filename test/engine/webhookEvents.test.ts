import { afterEach, describe, expect, it } from 'vitest';
import { RecordingSink, startEngine } from './engineHarness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let engine: Engine | undefined;
afterEach(() => engine?.stop());

const WEBHOOK = 'http://backend:8080/job-events';

describe('webhook events (the reference\'s watcher_test and webhook_notifier_test)', () => {
  it('sends nothing without notifications.webhook', async () => {
    const sink = new RecordingSink();
    engine = await startEngine({ webhooks: sink });
    await engine.http.post('/api/v1/jobs').send({});
    await engine.idle();
    expect(sink.deliveries).toEqual([]);
  });

  for (const profile of ['radix', 'documented'] as const) {
    it(`${profile}: Create, Updates with only the changed jobs, Delete with every job`, async () => {
      const sink = new RecordingSink();
      engine = await startEngine({ profile, webhooks: sink, components: [{ notifications: { webhook: WEBHOOK } }] });
      const created = await engine.http.post('/api/v1/batches').send({
        batchId: 'b1',
        jobScheduleDescriptions: [
          { jobId: 'fast', variables: { WORKLOAD_SECONDS: '5' } },
          { jobId: 'slow', variables: { WORKLOAD_SECONDS: '50' } },
        ],
      });
      expect(created.status).toBe(200);
      const B = created.body.name as string;
      await engine.advance(20);
      await engine.idle();
      await engine.http.delete(`/api/v1/batches/${B}`).expect(200);
      await engine.advance(1);

      const events = sink.events;
      expect(sink.deliveries.every((d) => d.url === WEBHOOK && d.batch === B && d.component === 'compute')).toBe(true);
      expect(events[0]!.event).toBe('Create');
      expect(events[0]!.jobStatuses).toBeUndefined();
      expect(events.at(-1)!.event).toBe('Delete');
      expect(events.at(-1)!.jobStatuses?.map((j) => j.jobId)).toEqual(['fast', 'slow']);
      const updates = events.slice(1, -1);
      expect(updates.length).toBeGreaterThan(1);
      expect(updates.every((e) => e.event === 'Update')).toBe(true);
      // The fast job's success is reported alone; the slow one is not repeated while unchanged.
      const success = updates.find((e) => e.jobStatuses?.some((j) => j.status === 'Succeeded'))!;
      expect(success.jobStatuses!.map((j) => j.jobId)).toEqual(['fast']);
      // Every job status carries batchName and updated; the batch carries updated.
      for (const e of events) {
        expect(e.name).toBe(B);
        expect(e.batchId).toBe('b1');
        expect(e.batchType).toBe('batch');
        expect(typeof e.updated).toBe('string');
        for (const j of e.jobStatuses ?? []) {
          expect(j.batchName).toBe(B);
          expect(j.name.startsWith(`${B}-`)).toBe(true);
          expect(typeof j.updated).toBe('string');
        }
        if (profile === 'radix') expect(e.DeploymentName).toBe('');
        else expect(e).not.toHaveProperty('DeploymentName');
      }
      const final = events.at(-2)!;
      expect(final.status).toBe(profile === 'radix' ? 'Completed' : 'Succeeded');
      expect(final.ended).toBeTruthy();
      expect(Object.keys(final).at(-1)).toBe('event');
    });
  }

  it('single jobs: no batchName on the job, no batchId, the job phase as the batch status', async () => {
    const sink = new RecordingSink();
    engine = await startEngine({ profile: 'radix', webhooks: sink, components: [{ notifications: { webhook: WEBHOOK } }] });
    const job = await engine.http.post('/api/v1/jobs').send({ jobId: 'one', variables: { WORKLOAD_EXIT_CODE: '3' } });
    await engine.idle();
    const events = sink.events;
    expect(events[0]!.event).toBe('Create');
    expect(events[0]!.batchType).toBe('job');
    const last = events.at(-1)!;
    expect(last.status).toBe('Failed');
    for (const e of events) for (const j of e.jobStatuses ?? []) {
      expect(j).not.toHaveProperty('batchName');
      expect(j.name).toBe(job.body.name);
    }
  });

  it('events of other components are not sent to this component\'s webhook', async () => {
    const sink = new RecordingSink();
    engine = await startEngine({ webhooks: sink, components: [{ name: 'compute', notifications: { webhook: WEBHOOK } }, { name: 'etl' }] });
    await engine.httpOf('etl').post('/api/v1/jobs').send({}).expect(200);
    await engine.idle();
    expect(sink.deliveries).toEqual([]);
  });
});
