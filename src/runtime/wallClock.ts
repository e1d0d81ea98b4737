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
      return later(delayMs, () => run(task));
    },
  };
}

/** Node's timers hold at most 2^31-1 ms; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `fn` after `delayMs`, in steps for a delay longer than a timer holds; never for an infinite one. */
function later(delayMs: number, fn: () => void): () => void {
  if (delayMs === Infinity) return () => undefined;
  let cancelled = false;
  let timer: NodeJS.Timeout;
  const step = (left: number) => {
    timer = setTimeout(() => {
      if (cancelled) return;
      if (left > MAX_TIMER_MS) step(left - MAX_TIMER_MS);
      else fn();
    }, Math.min(left, MAX_TIMER_MS));
  };
  step(delayMs);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
