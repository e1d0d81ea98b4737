// The engine's clock on the simulator: virtual time and the simulator's event queue. The engine's
// work runs in the client lane: after the cluster's own work due at the same instant.
import type { EngineClock } from '../engine/clock.js';
import type { Simulator } from '../sim/simulator.js';
import type { VirtualWaits } from './virtualWaits.js';

/** With `waits`, a task blocked on a request that waits on virtual time does not hold the clock. */
export function simEngineClock(sim: Simulator, waits?: VirtualWaits): EngineClock {
  return {
    now: () => sim.now(),
    schedule: waits
      ? (delayMs, task, opts) => sim.after(delayMs, () => waits.hold(task()), { ...opts, client: true })
      : (delayMs, task, opts) => sim.after(delayMs, task, { ...opts, client: true }),
  };
}
