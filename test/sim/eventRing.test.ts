// Events: kept until --event-ttl (kube-apiserver deletes them then, and watchers hear of it); past the
// simulator's own cap (maxEvents) the oldest are forgotten quietly, a memory bound and not an event.
import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../../src/kube/types.js';
import { createJob, newSim, NS } from './support.js';

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
