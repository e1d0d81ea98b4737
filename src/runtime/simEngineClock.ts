// The engine's clock on the simulator: virtual time and the simulator's event queue.
import type { EngineClock } from '../engine/clock.js';
import type { Simulator } from '../sim/simulator.js';

export function simEngineClock(sim: Simulator): EngineClock {
  return {
    now: () => sim.now(),
    schedule: (delayMs, task, opts) => sim.after(delayMs, task, opts),
  };
}
