// One interface over the two places the Job Manager can run for the shared case suite: the
// simulator (virtual clock, stepped event by event) and a real control plane (wall clock, polled).
// Cases talk HTTP to the API and let time pass only through `until` and `sleep`.
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.js';
import { profileByName, type ProfileName } from '../../src/engine/profile.js';
import { defaultComponent, type JobComponent } from '../../src/engine/types.js';
import { parseClockMode } from '../../src/runtime/clockDriver.js';
import { SimRuntime } from '../../src/runtime/simRuntime.js';
import type { SimConfig } from '../../src/sim/config.js';

export type Agent = ReturnType<typeof request>;

export interface Backend {
  readonly kind: 'simulator' | 'cluster';
  /** Time can be stepped exactly (the simulator's manual clock). */
  readonly virtualClock: boolean;
  /** WORKLOAD_EXIT_CODES per attempt works for restartPolicy Never pods. */
  readonly exitCodesPerAttempt: boolean;
  readonly http: Agent;
  /** Errors the engine or HTTP layer logged. */
  readonly errors: unknown[];
  /** Current time of the backend, ms (virtual on the simulator). */
  now(): number;
  /** Lets `seconds` pass. */
  sleep(seconds: number): Promise<void>;
  /**
   * Samples `probe` until it returns a value (not undefined), letting time pass in between: the
   * simulator steps to its next event, the cluster polls. Fails after `timeoutSeconds`.
   */
  until<T>(probe: () => Promise<T | undefined>, timeoutSeconds: number, what: string): Promise<T>;
  close(): Promise<void>;
}

export interface SimBackendOptions {
  profile?: ProfileName;
  component?: Partial<JobComponent>;
  seed?: number;
  /** Simulator settings (e.g. podStartupSeconds), over the defaults. */
  sim?: Partial<SimConfig>;
}

export async function simBackend(opts: SimBackendOptions = {}): Promise<Backend> {
  const profile = profileByName(opts.profile ?? 'documented');
  const component = { ...defaultComponent(), ...opts.component };
  const errors: unknown[] = [];
  const runtime = new SimRuntime({
    components: [component],
    profile,
    clock: parseClockMode('manual'),
    sim: { ...opts.sim, seed: opts.seed ?? opts.sim?.seed ?? 1 },
    onError: (err) => errors.push(err),
  });
  await runtime.start();
  const app: Express = createApp({ profile, manager: () => runtime.manager(component.name), sim: runtime, logError: (err) => errors.push(err) });
  const http = request(app);
  return {
    kind: 'simulator',
    virtualClock: true,
    exitCodesPerAttempt: true,
    http,
    errors,
    now: () => runtime.sim.now(),
    sleep: (seconds) => runtime.advance(seconds),
    async until(probe, timeoutSeconds, what) {
      const deadline = runtime.sim.now() + timeoutSeconds * 1000;
      for (;;) {
        await runtime.manager(component.name).whenIdle();
        const v = await probe();
        if (v !== undefined) return v;
        if (runtime.sim.now() >= deadline) throw new Error(`simulator: ${what} not reached within ${timeoutSeconds} virtual seconds`);
        if (runtime.sim.pendingEvents === 0) throw new Error(`simulator: ${what} not reached and no event is pending (t=${(runtime.sim.now() - (deadline - timeoutSeconds * 1000)) / 1000}s)`);
        const before = runtime.sim.now();
        await runtime.toNextEvent();
        if (runtime.sim.now() > deadline && before < deadline) {
          // Do not jump far past the deadline: sample once more at the event reached.
        }
      }
    },
    async close() {
      runtime.stop();
    },
  };
}

/** Distinct consecutive values. */
export function dedupe<T>(xs: T[]): T[] {
  return xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
}
