// The engine's clock on the simulator: virtual time and the simulator's event queue. The engine's
// work runs in the client lane: after the cluster's own work due at the same instant.
import type { EngineClock } from '../engine/clock.js';
import type { AfterOptions } from '../sim/context.js';
import type { Simulator } from '../sim/simulator.js';
import type { VirtualWaits } from './virtualWaits.js';

/** With `waits`, a task blocked on a request that waits on virtual time does not hold the clock. */
export function simEngineClock(sim: Simulator, waits?: VirtualWaits): EngineClock {
  // Two fixed option objects, not `{ ...opts, client: true }` per task: that spread gave each task's
  // options a hidden class of its own (common/shapes.ts).
  const lane = (opts: { background?: boolean } | undefined): AfterOptions => (opts?.background ? CLIENT_BACKGROUND : CLIENT);
  return {
    now: () => sim.now(),
    schedule: waits
      ? (delayMs, task, opts) => sim.after(delayMs, () => waits.hold(task()), lane(opts))
      : (delayMs, task, opts) => sim.after(delayMs, task, lane(opts)),
  };
}

const CLIENT: AfterOptions = Object.freeze({ client: true });
const CLIENT_BACKGROUND: AfterOptions = Object.freeze({ background: true, client: true });
