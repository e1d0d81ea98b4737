// Moves the simulator's virtual clock with the wall clock: `real` (1:1) or `scaled:N` (N times
// faster). `manual` mode has no driver; time moves only through the control API.
import { END_OF_TIME_MS } from '../sim/limits.js';
import type { Simulator } from '../sim/simulator.js';

export type ClockMode = { mode: 'manual' } | { mode: 'real' } | { mode: 'scaled'; scale: number };

/** Fastest scaled clock: a million times real time (10 virtual years in about 5 minutes). */
export const MAX_CLOCK_SCALE = 1_000_000;

export function parseClockMode(text: string): ClockMode {
  if (text === 'manual' || text === 'real') return { mode: text };
  const m = /^scaled:(\d+(?:\.\d+)?)$/.exec(text);
  if (m && Number(m[1]) > 0 && Number(m[1]) <= MAX_CLOCK_SCALE) return { mode: 'scaled', scale: Number(m[1]) };
  throw new Error(`invalid --clock "${text}": expected real, manual or scaled:N (0 < N <= ${MAX_CLOCK_SCALE})`);
}

export function clockScale(mode: ClockMode): number {
  return mode.mode === 'manual' ? 0 : mode.mode === 'real' ? 1 : mode.scale;
}

/** Wall-clock time source, injectable for tests. */
export interface WallClock {
  now(): number;
}

export const systemWallClock: WallClock = { now: () => Date.now() };

export class ClockDriver {
  private wallAnchor: number;
  private virtualAnchor: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly sim: Simulator,
    private readonly scale: number,
    private readonly wall: WallClock = systemWallClock,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.wallAnchor = wall.now();
    this.virtualAnchor = sim.now();
  }

  /** Virtual time that corresponds to the wall clock now (it stops at the end of time). */
  virtualNow(): number {
    return Math.min(END_OF_TIME_MS, this.virtualAnchor + (this.wall.now() - this.wallAnchor) * this.scale);
  }

  start(): void {
    this.sim.onSchedule = () => this.arm();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.sim.onSchedule = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs everything due by now, so a request sees the cluster as of its arrival. */
  async catchUp(): Promise<void> {
    await this.sim.runUntil(Math.floor(this.virtualNow()));
  }

  /** The control API moved the simulator ahead: keep following the wall clock from there. */
  rebase(): void {
    this.wallAnchor = this.wall.now();
    this.virtualAnchor = this.sim.now();
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.sim.nextEventAt();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (next === undefined) return;
    const delay = Math.max(0, (next - this.virtualNow()) / this.scale);
    // Long sleeps are re-armed in steps so a wall-clock jump cannot strand the driver.
    this.timer = setTimeout(() => this.tick(), Math.min(delay, 60_000));
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = undefined;
    this.catchUp()
      .catch((err) => this.onError(err))
      .finally(() => this.arm());
  }
}
