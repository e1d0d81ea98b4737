// Events: kept until --event-ttl (kube-apiserver deletes them then, and watchers hear of it); past the
// simulator's own cap (maxEvents) the oldest are forgotten quietly, a memory bound and not an event.
import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../../src/cluster/types.js';
import { createJob, newSim, NS, EXACT } from './support.js';

describe('Event ring', () => {
  it('keeps the newest maxEvents Events, readable by name; past the cap the oldest go without a DELETED', async () => {
    const sim = newSim({ maxEvents: 5, eventTtlSeconds: 3600 });
    const seen: string[] = [];
    sim.store.watch('Event', (e) => seen.push(`${e.type} ${(e.object as KubeEvent).reason}`), NS);
    createJob(sim, 'j', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    const all = seen.filter((s) => s.startsWith('ADDED'));
    expect(all.map((s) => s.slice(6))).toEqual(['SuccessfulCreate', 'Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'Completed']);
    expect(seen.filter((s) => s.startsWith('DELETED'))).toEqual([]);
    const kept = sim.store.list<KubeEvent>('Event', NS);
    expect(sim.store.count('Event')).toBe(5);
    expect(kept.map((e) => e.reason).sort()).toEqual(['Completed', 'Created', 'Pulled', 'Pulling', 'Started']);
    for (const e of kept) expect(sim.store.get<KubeEvent>('Event', NS, e.metadata.name)).toEqual(e);
    // The forgotten ones cannot be read any more.
    expect(sim.store.list<KubeEvent>('Event', NS).some((e) => e.reason === 'Scheduled')).toBe(false);
  });

  it('deletes Events after eventTtlSeconds, and watchers are told', async () => {
    const sim = newSim({ eventTtlSeconds: 60 });
    const deleted: string[] = [];
    sim.store.watch('Event', (e) => e.type === 'DELETED' && deleted.push((e.object as KubeEvent).reason), NS);
    createJob(sim, 'j', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    expect(sim.store.count('Event')).toBe(7);
    await sim.advance(61);
    expect(sim.store.count('Event')).toBe(0);
    expect(deleted).toHaveLength(7);
  });
});

describe('pod Event notes (the cluster port feed the engine reads Event messages from)', () => {
  it('are what the Event objects say: held ones first, then each recorded or API-created Event about a pod of the namespace', async () => {
    // Latency off: the port hands each note over inside the write that made it (with the cluster model notes arrive the watch latency later: latency.test.ts).
    const sim = newSim(EXACT);
    createJob(sim, 'early', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    const port = sim.port(NS);
    const notes: string[] = [];
    const stop = await port.watchPodEvents((pod, message, at) => notes.push(`${pod}|${message}|${at}`));
    // Replayed: the held Events about pods, as their objects say.
    const about = (objs: KubeEvent[]) => objs.filter((e) => e.involvedObject.kind === 'Pod').map((e) => `${e.involvedObject.name}|${e.message}|${e.lastTimestamp}`);
    const held = about(sim.store.list<KubeEvent>('Event', NS));
    expect(held.length).toBe(5);
    expect(notes).toEqual(held);
    notes.length = 0;
    // Recorded ones: the same as the watch of Event objects hears (Job Events and other namespaces left out).
    const watched: KubeEvent[] = [];
    sim.store.watch('Event', (e) => watched.push(e.object as KubeEvent), NS);
    watched.length = 0; // its replay of the held ones
    createJob(sim, 'late', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    expect(watched.some((e) => e.involvedObject.kind === 'Job')).toBe(true);
    expect(notes).toEqual(about(watched));
    expect(notes.at(-1)).toMatch(/^late-\w+\|Started container main\|/);
    // An Event created through the API about a pod, and one in another namespace.
    notes.length = 0;
    const apiEvent = (namespace: string) =>
      ({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `x.${namespace}`, namespace },
        involvedObject: { kind: 'Pod', name: 'p1', namespace },
        reason: 'Custom',
        message: `hello from ${namespace}`,
        type: 'Normal',
        lastTimestamp: '2026-01-01T00:00:09Z',
      }) as KubeEvent;
    sim.store.create('Event', apiEvent(NS));
    sim.store.create('Event', apiEvent('other'));
    expect(notes).toEqual([`p1|hello from ${NS}|2026-01-01T00:00:09Z`]);
    stop();
    createJob(sim, 'after', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    expect(notes).toHaveLength(1);
  });
});
