// The engine's client-side rate limit on the virtual clock: a token bucket of `qps` a second and
// `burst` saved up, with interactive requests served before the reconciler's background ones.
import { describe, expect, it } from 'vitest';
import { TokenBucket, type Grant } from '../../src/cluster/tokenBucket.js';
import type { Lane } from '../../src/cluster/lanes.js';

/** A virtual clock whose tasks run in time order when `run` is called. */
function fakeClock() {
  let now = 0;
  const tasks: { at: number; seq: number; task: () => Promise<void> | void }[] = [];
  let seq = 0;
  return {
    now: () => now,
    after: (ms: number, task: () => Promise<void> | void) => void tasks.push({ at: now + ms, seq: seq++, task }),
    /** Runs every task due by `until`, awaiting what each returns. */
    async run(until: number) {
      for (;;) {
        tasks.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = tasks[0];
        if (!next || next.at > until) break;
        tasks.shift();
        now = next.at;
        await next.task();
      }
      now = until;
    },
  };
}

describe('TokenBucket on a virtual clock (simulator.clientQps)', () => {
  it('sends a burst at once, then one request every 1/qps seconds, in the order they came', async () => {
    const clock = fakeClock();
    const limit = new TokenBucket(10, 5, clock.now, clock.after);
    const sentAt: [number, number][] = [];
    for (let i = 0; i < 12; i++) {
      const grant: Grant = () => void sentAt.push([i, clock.now()]);
      if (limit.take('background', grant)) sentAt.push([i, clock.now()]);
    }
    // The burst of 5 at once; the other 7 wait.
    expect(sentAt).toEqual([0, 1, 2, 3, 4].map((i) => [i, 0]));
    expect(limit.waits).toBe(7);
    await clock.run(2000);
    expect(sentAt.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(sentAt.slice(5).map(([, at]) => at)).toEqual([100, 200, 300, 400, 500, 600, 700]);
    // Saved up again after a quiet second: a new burst goes at once.
    await clock.run(3000);
    expect(limit.take('background', () => undefined)).toBe(true);
  });

  it('serves waiting interactive requests before background ones, and awaits what a grant returns', async () => {
    const clock = fakeClock();
    const limit = new TokenBucket(1, 1, clock.now, clock.after);
    const order: string[] = [];
    const take = (lane: Lane, name: string) => limit.take(lane, () => Promise.resolve().then(() => void order.push(`${name}@${clock.now()}`)));
    expect(take('background', 'job-1')).toBe(true);
    expect(take('background', 'job-2')).toBe(false);
    expect(take('background', 'job-3')).toBe(false);
    expect(take('interactive', 'get')).toBe(false);
    await clock.run(5000);
    // Each continuation ran inside the task that granted its token (the clock awaited it).
    expect(order).toEqual(['get@1000', 'job-2@2000', 'job-3@3000']);
  });
});
