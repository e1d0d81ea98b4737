// The leader elector against an in-memory Lease with the API server's conditional writes, on a
// virtual clock: one leader at a time, renewals, takeover after a crash within the lease duration
// plus a retry, release on stop, stepping down when renewals fail, and the timing rules.
import { describe, expect, it } from 'vitest';
import { checkTiming, LeaderElector, type ElectionTiming, type ElectorClock, type LeaseRecord, type LeaseStore, type StoredLease } from './leaderElection.js';

const TIMING: ElectionTiming = { leaseDurationMs: 10_000, renewDeadlineMs: 7_000, retryPeriodMs: 2_000 };

/** Virtual time: sleepers wake in time order once every pending promise has settled. */
class VirtualClock implements ElectorClock {
  t = 0;
  private sleepers: { at: number; wake: () => void }[] = [];
  private seed = 1;
  now = () => this.t;
  wallNow = () => Date.UTC(2026, 0, 1) + this.t;
  random = () => {
    this.seed = (this.seed * 16807) % 2147483647;
    return this.seed / 2147483647;
  };
  sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((x) => x !== s);
        resolve();
      };
      const s = {
        at: this.t + ms,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(s);
      signal.addEventListener('abort', onAbort);
    });

  private async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  }

  /** Runs until virtual time `until`, calling `each` after every wake-up. */
  async runUntil(until: number, each: () => void = () => undefined): Promise<void> {
    for (;;) {
      await this.settle();
      each();
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (!next || next.at > until) {
        this.t = until;
        return;
      }
      this.sleepers.shift();
      this.t = Math.max(this.t, next.at);
      next.wake();
    }
  }
}

const httpError = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });

/** One Lease with resourceVersion semantics; per-caller faults. */
class MemoryLease {
  stored: StoredLease | undefined;
  private version = 0;
  writes = 0;

  client(faults: { down?: boolean; hang?: boolean } = {}): LeaseStore {
    const guard = async () => {
      if (faults.hang) await new Promise<never>(() => undefined);
      if (faults.down) throw httpError(503);
    };
    return {
      get: async () => {
        await guard();
        return this.stored && structuredClone(this.stored);
      },
      create: async (record: LeaseRecord) => {
        await guard();
        if (this.stored) throw httpError(409);
        this.stored = { record: { ...record }, version: String(++this.version) };
        this.writes++;
        return this.stored.version;
      },
      update: async (record: LeaseRecord, version: string) => {
        await guard();
        if (!this.stored || this.stored.version !== version) throw httpError(409);
        this.stored = { record: { ...record }, version: String(++this.version) };
        this.writes++;
        return this.stored.version;
      },
    };
  }
}

function candidate(lease: MemoryLease, clock: VirtualClock, id: string, faults: { down?: boolean; hang?: boolean } = {}) {
  const log: string[] = [];
  const elector = new LeaderElector(lease.client(faults), id, TIMING, { onStartedLeading: () => log.push('start'), onStoppedLeading: () => log.push('stop') }, clock);
  return { elector, log, faults };
}

describe('LeaderElector', () => {
  it('a lone candidate creates the Lease, leads at once and renews every retry period', async () => {
    const clock = new VirtualClock();
    const lease = new MemoryLease();
    const a = candidate(lease, clock, 'a');
    a.elector.start();
    await clock.runUntil(0);
    expect(a.elector.isLeader()).toBe(true);
    expect(lease.stored?.record).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 10, leaseTransitions: 0 });
    expect(lease.stored?.record.renewTime).toBe('2026-01-01T00:00:00.000000Z');
    await clock.runUntil(20_000);
    // One create, then a renewal every 2 s (without a read: the holder writes with the version it knows).
    expect(lease.writes).toBe(11);
    expect(lease.stored?.record.renewTime).toBe('2026-01-01T00:00:20.000000Z');
    expect(lease.stored?.record.acquireTime).toBe('2026-01-01T00:00:00.000000Z');
    await a.elector.stop();
    expect(a.log).toEqual(['start', 'stop']);
  });

  it('of several candidates exactly one leads, and the others keep waiting while it renews', async () => {
    const clock = new VirtualClock();
    const lease = new MemoryLease();
    const all = ['a', 'b', 'c'].map((id) => candidate(lease, clock, id));
    for (const c of all) c.elector.start();
    const leadersSeen = new Set<number>();
    await clock.runUntil(60_000, () => leadersSeen.add(all.filter((c) => c.elector.isLeader()).length));
    expect([...leadersSeen]).toEqual([1]);
    expect(all.filter((c) => c.log.length > 0).map((c) => c.log)).toEqual([['start']]);
    expect(lease.stored?.record.leaseTransitions).toBe(0);
    for (const c of all) await c.elector.stop();
  });

  it('after the leader crashes, another takes over within lease duration + 1.2 retry periods of its last renewal, never overlapping', async () => {
    const clock = new VirtualClock();
    const lease = new MemoryLease();
    const a = candidate(lease, clock, 'a');
    a.elector.start();
    await clock.runUntil(0);
    const b = candidate(lease, clock, 'b');
    b.elector.start();
    await clock.runUntil(9_000);
    expect(a.elector.isLeader()).toBe(true);
    expect(b.elector.isLeader()).toBe(false);
    // "SIGKILL": from now on a's requests never return.
    const lastRenewal = Date.parse(lease.stored!.record.renewTime) - Date.UTC(2026, 0, 1);
    a.faults.hang = true;
    let both = false;
    await clock.runUntil(40_000, () => (both ||= a.elector.isLeader() && b.elector.isLeader()));
    expect(both).toBe(false);
    expect(b.elector.isLeader()).toBe(true);
    expect(lease.stored?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    const takeover = b.elector.transitions[0]!.at - lastRenewal;
    expect(takeover).toBeGreaterThanOrEqual(TIMING.leaseDurationMs);
    expect(takeover).toBeLessThanOrEqual(TIMING.leaseDurationMs + 1.2 * TIMING.retryPeriodMs + TIMING.retryPeriodMs);
    // a (cut off) stepped down when its renew deadline passed, before b took over.
    expect(a.log).toEqual(['start', 'stop']);
    expect(a.elector.transitions[1]!.at).toBeLessThanOrEqual(lastRenewal + TIMING.renewDeadlineMs);
    expect(a.elector.transitions[1]!.at).toBeLessThan(b.elector.transitions[0]!.at);
    await b.elector.stop();
  });

  it('a leader that stops releases the Lease, and the next candidate takes it within a retry period', async () => {
    const clock = new VirtualClock();
    const lease = new MemoryLease();
    const a = candidate(lease, clock, 'a');
    a.elector.start();
    await clock.runUntil(0);
    const b = candidate(lease, clock, 'b');
    b.elector.start();
    await clock.runUntil(5_000);
    const stopped = a.elector.stop();
    await clock.runUntil(5_000);
    await stopped;
    expect(lease.stored?.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    await clock.runUntil(5_000 + 1.2 * TIMING.retryPeriodMs);
    expect(b.elector.isLeader()).toBe(true);
    expect(lease.stored?.record.holderIdentity).toBe('b');
    await b.elector.stop();
  });

  it('a leader whose renewals fail steps down after the renew deadline and leads again once the server answers', async () => {
    const clock = new VirtualClock();
    const lease = new MemoryLease();
    const a = candidate(lease, clock, 'a');
    a.elector.start();
    await clock.runUntil(10_000);
    a.faults.down = true;
    await clock.runUntil(10_000 + TIMING.renewDeadlineMs + 1);
    expect(a.elector.isLeader()).toBe(false);
    a.faults.down = false;
    await clock.runUntil(30_000);
    expect(a.elector.isLeader()).toBe(true);
    // Its own record: renewed in place, no transition.
    expect(lease.stored?.record).toMatchObject({ holderIdentity: 'a', leaseTransitions: 0 });
    expect(a.log).toEqual(['start', 'stop', 'start']);
    await a.elector.stop();
  });

  it('refuses timings where a leader could outlive its Lease', () => {
    expect(() => checkTiming({ leaseDurationMs: 5_000, renewDeadlineMs: 5_000, retryPeriodMs: 1_000 })).toThrow(/lease duration/);
    expect(() => checkTiming({ leaseDurationMs: 10_000, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 })).toThrow(/renew deadline/);
    expect(() => checkTiming({ leaseDurationMs: 10_000, renewDeadlineMs: 7_000, retryPeriodMs: 0 })).toThrow(/retry period/);
    expect(() => checkTiming(TIMING)).not.toThrow();
  });
});
