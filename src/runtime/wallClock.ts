// The engine's clock on a real cluster: the wall clock and Node's timers.
import type { EngineClock } from '../engine/clock.js';

export function wallEngineClock(onError: (err: unknown) => void = () => undefined): EngineClock {
  return {
    now: () => Date.now(),
    schedule: (delayMs, task) => {
      const timer = setTimeout(() => {
        try {
          const r = task();
          if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(onError);
        } catch (err) {
          onError(err);
        }
      }, Math.max(0, delayMs));
      return () => clearTimeout(timer);
    },
  };
}
