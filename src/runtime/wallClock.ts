// The engine's clock on a real cluster: the wall clock and Node's timers.
import type { EngineClock } from '../engine/clock.js';

export function wallEngineClock(onError: (err: unknown) => void = () => undefined): EngineClock {
  const run = (task: () => void | Promise<void>) => {
    try {
      const r = task();
      if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(onError);
    } catch (err) {
      onError(err);
    }
  };
  return {
    now: () => Date.now(),
    schedule: (delayMs, task) => {
      // Work for "now" (the reconciler takes one batch object per task) runs after pending I/O in
      // this turn of the event loop: setTimeout(0) waits at least 1 ms, per batch object.
      if (!(delayMs > 0)) {
        const immediate = setImmediate(() => run(task));
        return () => clearImmediate(immediate);
      }
      const timer = setTimeout(() => run(task), delayMs);
      return () => clearTimeout(timer);
    },
  };
}
