// One simulated cluster with a Job Manager per job component: what `jobsim serve` runs by default.
import { ApiError } from '../engine/errors.js';
import { SeededRandom } from '../common/rng.js';
import type { JobManager } from '../engine/jobManager.js';
import type { SimConfig } from '../sim/config.js';
import { rfc3339 } from '../cluster/time.js';
import { END_OF_TIME_MS, MAX_SECONDS, withinTime } from '../sim/limits.js';
import { Simulator } from '../sim/simulator.js';
import { ClockDriver, clockScale, systemWallClock, type ClockMode, type WallClock } from './clockDriver.js';
import { readinessOf, type Readiness, type ReadinessCheck } from './readiness.js';
import { simEngineClock } from './simEngineClock.js';
import { startManagers, stopManagers, type ManagerSettings } from './managers.js';
import { VirtualWaits } from './virtualWaits.js';
import type { EngineClock } from '../engine/clock.js';
import type { SenderEnvironment, WebhookSender } from './webhookSender.js';

export interface SimRuntimeOptions extends ManagerSettings {
  clock: ClockMode;
  sim?: Partial<SimConfig>;
  namespace?: string;
  wallClock?: WallClock;
}

/** Largest single advance: 10 years. */
export const MAX_ADVANCE_SECONDS = MAX_SECONDS;

/**
 * A run of due work that has not finished an instant for this much wall time is wedged: one of its
 * tasks (a reconcile pass) awaits something that never settles, and no request that needs the
 * clock can be answered.
 */
export const WEDGED_AFTER_MS = 10_000;

/** Longest a run of due work holds the event loop before it lets other work in. */
const BREATHE_MS = 50;

export class SimRuntime {
  sim!: Simulator;
  /** The engine's clock on `sim`: work of a client of the cluster (a simulation's API traffic) runs on it. */
  clock!: EngineClock;
  managers = new Map<string, JobManager>();
  driver: ClockDriver | undefined;
  private stopped = false;
  /** Wall time the simulator last made progress (started a run of due work, or finished an instant). */
  private progressAt = 0;
  /** Wall time the simulator last gave the event loop a turn during a run. */
  private breathedAt = 0;
  /** Paused from the control API: time stands still as in manual mode until resumed. */
  private paused = false;

  constructor(readonly options: SimRuntimeOptions) {}

  get clockMode(): ClockMode {
    return this.paused ? { mode: 'manual' } : this.options.clock;
  }

  /** Stops following the wall clock (real and scaled modes); advancing still works. */
  async pause(): Promise<void> {
    if (!this.driver) return;
    await this.catchUp();
    this.driver.stop();
    this.driver = undefined;
    this.paused = true;
  }

  /** Follows the wall clock again from the current virtual time. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.startDriver();
  }

  private startDriver(): void {
    const o = this.options;
    if (o.clock.mode === 'manual') return;
    this.driver = new ClockDriver(this.sim, clockScale(o.clock), o.wallClock, (err) => o.onError?.(err, 'clock driver'));
    this.driver.start();
  }

  async start(): Promise<void> {
    const o = this.options;
    const startTime = o.sim?.startTime ?? (o.clock.mode === 'manual' ? undefined : Math.floor((o.wallClock?.now() ?? Date.now()) / 1000) * 1000);
    const sim = new Simulator({ ...o.sim, ...(startTime !== undefined ? { startTime } : {}) });
    this.sim = sim;
    this.stopped = false;
    sim.onProgress = () => this.progress();
    const waits = new VirtualWaits(
      () => sim.clientLimit !== undefined || sim.faults.pending('apiLatency'),
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
    this.clock = simEngineClock(sim, waits);
    this.managers = await startManagers(
      { ...o, onCronTick },
      {
        port,
        clock: this.clock,
        random: (component) => new SeededRandom(`${sim.config.seed}:names:${component.name}`),
      },
    );
    this.paused = false;
    this.startDriver();
  }

  manager(component: string): JobManager {
    const m = this.managers.get(component);
    if (!m) throw new Error(`no job component ${component}`);
    return m;
  }

  /** Brings the virtual clock up to the wall clock; nothing to wait for (undefined) with a manual clock. */
  catchUp(): Promise<void> | undefined {
    return this.driver?.catchUp();
  }

  async advance(seconds: number): Promise<void> {
    // The HTTP contract bounds this too; a clock past year 9999 has no RFC 3339 form.
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw new ApiError(422, `seconds must be between 0 and ${MAX_ADVANCE_SECONDS} (10 years)`, 'Invalid');
    }
    await this.catchUp();
    if (!withinTime(this.sim.now() + seconds * 1000)) {
      throw new ApiError(422, `seconds: ${seconds} s from ${rfc3339(this.sim.now())} would pass the end of the simulator's time, ${rfc3339(END_OF_TIME_MS)}`, 'Invalid');
    }
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

  private get wall(): WallClock {
    return this.options.wallClock ?? systemWallClock;
  }

  /**
   * A long run (days of virtual time, many retries) gives the event loop a turn every BREATHE_MS, so
   * /healthz, /readyz and other requests are answered meanwhile.
   */
  private progress(): Promise<void> | undefined {
    const now = this.wall.now();
    this.progressAt = now;
    if (now - this.breathedAt < BREATHE_MS) return undefined;
    this.breathedAt = now;
    return new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Ready when the virtual clock can still move (it is not at the end of time) and no run of due
   * work has been stuck for WEDGED_AFTER_MS of wall time.
   */
  readiness(): Readiness {
    if (this.stopped) return readinessOf([{ name: 'engine', ok: false, message: 'stopped' }]);
    const now = this.sim.now();
    const clock: ReadinessCheck =
      Number.isFinite(now) && now < END_OF_TIME_MS
        ? { name: 'clock', ok: true, message: rfc3339(now) }
        : { name: 'clock', ok: false, message: `the virtual clock is at its end, ${rfc3339(END_OF_TIME_MS)}: no work can progress (POST /sim/v1/reset starts over)` };
    const stuckMs = this.sim.currentDrain !== undefined ? this.wall.now() - this.progressAt : 0;
    const engine: ReadinessCheck =
      stuckMs > WEDGED_AFTER_MS
        ? { name: 'engine', ok: false, message: `the simulator has been on one instant for ${Math.round(stuckMs / 1000)} s of wall time: a task of it never settles` }
        : { name: 'engine', ok: true };
    return readinessOf([clock, engine]);
  }

  /** Runs the work due now (e.g. the webhook events of requests just answered), before a shutdown. */
  async settle(): Promise<void> {
    await this.catchUp();
    await this.sim.runUntil(this.sim.now());
  }

  /** Starts over with an empty cluster (same seed and configuration). */
  async reset(): Promise<void> {
    this.stop();
    await this.start();
  }

  stop(): void {
    this.stopped = true;
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
