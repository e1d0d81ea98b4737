// One simulated cluster with a Job Manager per job component: what `jobsim serve` runs by default.
import { ApiError } from '../engine/errors.js';
import { SeededRandom } from '../common/rng.js';
import type { JobManager } from '../engine/jobManager.js';
import type { SimConfig } from '../sim/config.js';
import { Simulator } from '../sim/simulator.js';
import { ClockDriver, clockScale, type ClockMode, type WallClock } from './clockDriver.js';
import { simEngineClock } from './simEngineClock.js';
import { startManagers, type ManagerSettings } from './managers.js';

export interface SimRuntimeOptions extends ManagerSettings {
  clock: ClockMode;
  sim?: Partial<SimConfig>;
  namespace?: string;
  wallClock?: WallClock;
}

/** Largest single advance: 10 years. */
export const MAX_ADVANCE_SECONDS = 315_360_000;

export class SimRuntime {
  sim!: Simulator;
  managers = new Map<string, JobManager>();
  driver: ClockDriver | undefined;

  constructor(readonly options: SimRuntimeOptions) {}

  get clockMode(): ClockMode {
    return this.options.clock;
  }

  async start(): Promise<void> {
    const o = this.options;
    const startTime = o.sim?.startTime ?? (o.clock.mode === 'manual' ? undefined : Math.floor((o.wallClock?.now() ?? Date.now()) / 1000) * 1000);
    this.sim = new Simulator({ ...o.sim, ...(startTime !== undefined ? { startTime } : {}) });
    const port = this.sim.port(o.namespace ?? 'default');
    this.managers = await startManagers(o, {
      port,
      clock: simEngineClock(this.sim),
      random: (component) => new SeededRandom(`${this.sim.config.seed}:names:${component.name}`),
    });
    if (o.clock.mode !== 'manual') {
      this.driver = new ClockDriver(this.sim, clockScale(o.clock), o.wallClock, (err) => o.onError?.(err, 'clock driver'));
      this.driver.start();
    }
  }

  manager(component: string): JobManager {
    const m = this.managers.get(component);
    if (!m) throw new Error(`no job component ${component}`);
    return m;
  }

  /** Brings the virtual clock up to the wall clock (real and scaled modes). */
  async catchUp(): Promise<void> {
    await this.driver?.catchUp();
  }

  async advance(seconds: number): Promise<void> {
    // The HTTP contract bounds this too; a clock past year 9999 has no RFC 3339 form.
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw new ApiError(422, `seconds must be between 0 and ${MAX_ADVANCE_SECONDS} (10 years)`, 'Invalid');
    }
    await this.catchUp();
    await this.sim.advance(seconds);
    this.driver?.rebase();
  }

  async toNextEvent(): Promise<void> {
    await this.catchUp();
    await this.sim.toNextEvent();
    this.driver?.rebase();
  }

  async runUntilIdle(): Promise<void> {
    await this.catchUp();
    try {
      await this.sim.runUntilIdle();
    } finally {
      this.driver?.rebase();
    }
  }

  /** Starts over with an empty cluster (same seed and configuration). */
  async reset(): Promise<void> {
    this.stop();
    await this.start();
  }

  stop(): void {
    this.driver?.stop();
    this.driver = undefined;
    for (const m of this.managers.values()) m.stop();
  }
}
