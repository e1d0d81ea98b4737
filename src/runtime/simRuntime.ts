// One simulated cluster with a Job Manager per job component: what `jobsim serve` runs by default.
import { ApiError } from '../engine/errors.js';
import { SeededRandom } from '../common/rng.js';
import type { JobManager } from '../engine/jobManager.js';
import type { SimConfig } from '../sim/config.js';
import { Simulator } from '../sim/simulator.js';
import { ClockDriver, clockScale, type ClockMode, type WallClock } from './clockDriver.js';
import { simEngineClock } from './simEngineClock.js';
import { startManagers, stopManagers, type ManagerSettings } from './managers.js';
import { VirtualWaits } from './virtualWaits.js';
import type { SenderEnvironment, WebhookSender } from './webhookSender.js';

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
    const sim = new Simulator({ ...o.sim, ...(startTime !== undefined ? { startTime } : {}) });
    this.sim = sim;
    const waits = new VirtualWaits(
      () => sim.faults.pending('apiLatency'),
      (err) => o.onError?.(err, 'simulator task'),
    );
    const port = sim.port(o.namespace ?? 'default');
    port.observer = waits;
    // A sink that can be attached (the WebhookSender, or a wrapper that forwards) runs on this simulator.
    const sink = o.webhooks as Partial<Pick<WebhookSender, 'attach'>> | undefined;
    if (typeof sink?.attach === 'function') sink.attach(senderEnvironment(sim));
    // Each cron tick is a line of the event log, beside whatever the caller asked to be told.
    const onCronTick: ManagerSettings['onCronTick'] = (tick) => {
      sim.log.append(sim.now(), 'CronTick', { name: tick.component, data: { ...tick } });
      o.onCronTick?.(tick);
    };
    this.managers = await startManagers(
      { ...o, onCronTick },
      {
        port,
        clock: simEngineClock(sim, waits),
        random: (component) => new SeededRandom(`${sim.config.seed}:names:${component.name}`),
      },
    );
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
    stopManagers(this.managers);
  }
}

/**
 * The webhook sender on the simulator: backoff waits on the virtual clock (in the background: they
 * do not keep the simulator busy), and each attempt is first put to the simulator's `receiverDown`
 * faults, which refuse it without sending anything and log the refusal.
 */
export function senderEnvironment(sim: Simulator): SenderEnvironment {
  return {
    schedule: (delayMs, task) => sim.after(delayMs, task, { background: true }),
    refuse: ({ url, id, attempt }) => {
      const fault = sim.faults.refuseHttp(url, { request: id, attempt });
      if (!fault) return undefined;
      return fault.status === undefined
        ? { error: `connect ECONNREFUSED (${fault.id}: receiver down)` }
        : { status: fault.status, error: `HTTP ${fault.status} (${fault.id}: receiver down)` };
    },
  };
}
