// The cron runner on a wall-clock-like engine clock: long waits are cut to what Node's timers can
// hold, and a timer that fires early waits again instead of ticking before its time.
import { describe, expect, it } from 'vitest';
import type { EngineClock } from '../../src/engine/clock.js';
import { CronRunner } from '../../src/engine/cronJobs.js';
import type { JobManager } from '../../src/engine/jobManager.js';
import { PROFILES } from '../../src/engine/profile.js';
import { defaultComponent, type CronConfig } from '../../src/engine/types.js';

/** A clock whose timers the test fires by hand, at a time of its choosing. */
class HandClock implements EngineClock {
  nowMs = Date.UTC(2026, 0, 1);
  timers: { delayMs: number; task: () => void | Promise<void>; cancelled: boolean }[] = [];
  now(): number {
    return this.nowMs;
  }
  schedule(delayMs: number, task: () => void | Promise<void>) {
    const t = { delayMs, task, cancelled: false };
    this.timers.push(t);
    return () => {
      t.cancelled = true;
    };
  }
  async fire(atMs: number): Promise<void> {
    const t = this.timers.shift()!;
    this.nowMs = atMs;
    await t.task();
  }
}

function fakeManager(cron: CronConfig, created: string[]): JobManager {
  return {
    component: { ...defaultComponent('nightly'), cron },
    profile: PROFILES.radix,
    cache: { heads: () => [], batchListeners: [] },
    createJob: async (_d: unknown, c?: { schedule: string }) => {
      created.push(c!.schedule);
      return { name: `batch-nightly-${created.length}-job` };
    },
  } as unknown as JobManager;
}

describe('cron runner on a wall clock', () => {
  it('a tick further away than a timer can wait is reached in several waits', async () => {
    const clock = new HandClock();
    const created: string[] = [];
    const runner = new CronRunner({ manager: fakeManager({ schedules: ['@yearly'], concurrency: 'Allow' }, created), clock });
    runner.start();
    const yearly = Date.UTC(2027, 0, 1);
    expect(clock.timers[0]!.delayMs).toBe(2 ** 31 - 1);
    // Each wait is cut to ~24.8 days; the tick comes at its time, not before.
    let waits = 0;
    while (created.length === 0 && waits < 30) {
      const at = clock.nowMs + clock.timers[0]!.delayMs;
      await clock.fire(at);
      waits++;
    }
    expect(waits).toBe(Math.ceil((yearly - Date.UTC(2026, 0, 1)) / (2 ** 31 - 1)));
    expect(clock.nowMs).toBe(yearly);
    expect(created).toEqual(['@yearly']);
    // Armed for the next year.
    expect(clock.timers).toHaveLength(1);
    runner.stop();
  });

  it('a timer that fires early waits the rest; stop cancels', async () => {
    const clock = new HandClock();
    const created: string[] = [];
    const runner = new CronRunner({ manager: fakeManager({ schedules: ['* * * * *'], concurrency: 'Forbid' }, created), clock });
    runner.start();
    expect(clock.timers[0]!.delayMs).toBe(60_000);
    await clock.fire(clock.nowMs + 59_990);
    expect(created).toEqual([]);
    expect(clock.timers[0]!.delayMs).toBe(10);
    await clock.fire(clock.nowMs + 10);
    expect(created).toEqual(['* * * * *']);
    runner.stop();
    expect(clock.timers.every((t) => t.cancelled)).toBe(true);
  });
});
