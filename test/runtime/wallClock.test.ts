// The engine's wall clock: "now" work runs in the next turn of the event loop (not after the 1 ms a
// zero timer waits), later work after its delay; both can be cancelled, and errors are reported.
import { describe, expect, it } from 'vitest';
import { wallEngineClock } from '../../src/runtime/wallClock.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('wall engine clock', () => {
  it('runs zero-delay work in the next turn, in order, and not once cancelled', async () => {
    const clock = wallEngineClock();
    const ran: string[] = [];
    clock.schedule(0, () => void ran.push('a'));
    const cancel = clock.schedule(0, () => void ran.push('cancelled'));
    clock.schedule(-5, () => void ran.push('b'));
    cancel();
    expect(ran).toEqual([]); // never synchronously
    await tick();
    expect(ran).toEqual(['a', 'b']);
  });

  it('runs delayed work after its delay, and reports errors and rejections', async () => {
    const errors: unknown[] = [];
    const clock = wallEngineClock((err) => errors.push(err));
    const ran: string[] = [];
    clock.schedule(5, () => void ran.push('later'));
    clock.schedule(0, () => {
      throw new Error('thrown');
    });
    clock.schedule(0, () => Promise.reject(new Error('rejected')));
    await tick();
    expect(ran).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual(['later']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['thrown', 'rejected']);
  });
});
