// Requests that wait on the virtual clock (the simulator's `apiLatency` fault, or the engine's
// client-side rate limit, `clientQps`) inside work the simulator runs. The simulator runs one task
// at a time and awaits the promise a task returns before virtual time moves on; a task whose request
// is answered only after some virtual time would so hold the clock for ever. This lets time move on
// as soon as such a task is blocked on a waiting request, and makes the simulator wait for the
// caller again, at the instant of the answer, until it finishes or waits again.
//
// "Blocked" is told apart from "still working" by the event loop: the simulator's work is promise
// continuations only (no I/O, no timers), so a task still unsettled once the microtask queue is empty
// (a setImmediate later) can only be waiting on virtual time. None of this costs anything unless a
// latency fault is scheduled or active or a request is waiting.
import type { WaitObserver } from '../sim/simPort.js';

const quiet = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualWaits implements WaitObserver {
  /** Requests waiting for their answer. */
  private waits = 0;
  /** Tasks being held, told when a request starts waiting. */
  private readonly held = new Set<() => void>();

  constructor(
    /** Whether a request may be made to wait (a rate limit is set, or a latency fault is scheduled or active). */
    private readonly possible: () => boolean,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  waiting(): void {
    this.waits++;
    for (const check of [...this.held]) check();
  }

  answered(): Promise<void> {
    this.waits--;
    // The caller's continuation runs now; wait until it has finished or is waiting again.
    return quiet();
  }

  /** What a simulator task returns instead of `result`: it settles when the task is done or blocked. */
  hold(result: void | Promise<void>): void | Promise<void> {
    if (!result || (this.waits === 0 && !this.possible())) return result;
    const work = result;
    return new Promise<void>((resolve, reject) => {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.held.delete(check);
        resolve();
      };
      const check = () => {
        if (this.waits > 0) void quiet().then(release);
      };
      work.then(release, (err: unknown) => {
        if (released) return this.onError(err);
        released = true;
        this.held.delete(check);
        reject(err);
      });
      this.held.add(check);
      check();
    });
  }
}
