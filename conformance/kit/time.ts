// Time as the checks see it: the simulator's virtual clock (advanced through its control API, exact)
// or the wall clock (sleep and poll, with generous bounds, and polling reads paced run-wide).
import type { Client } from './http.js';
import { CheckFailure } from './failure.js';

export interface TimeDriver {
  readonly virtual: boolean;
  /** Seconds between two samples when polling. */
  readonly pollSeconds: number;
  /** Resolution of now(): a time read as t lies in [t, t + resolutionMs]. */
  readonly resolutionMs: number;
  /** Current time in ms (virtual or wall). */
  now(): Promise<number>;
  /** Lets `seconds` pass: advances the virtual clock, or sleeps. */
  advance(seconds: number): Promise<void>;
  /** Waits for the run-wide turn of one polling read (real time only; see PollPacer). */
  pace(): Promise<void>;
}

/** Polling reads per second of a whole run in real time, unless --poll-rate says otherwise. */
export const DEFAULT_POLL_RATE = 1.5;

/**
 * Spaces the polling reads of all the checks of a run at least 1/rate seconds apart, so that polling
 * stays gentle with a real server however many checks poll at once. The reference's job-scheduler keeps
 * client-go's default of 5 Kubernetes requests per second and spends about 3 of them on a GET of a job
 * or batch: polled faster than ~1.5 reads per second, it queues its own requests and every answer slows.
 */
export class PollPacer {
  private next = 0;
  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new Error(`the poll rate must be a positive number of reads per second, not ${perSecond}`);
  }

  async turn(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    // A timer may fire a fraction of a millisecond before performance.now() reaches its time
    // (148.9 ms for 149 seen under load): wait again for what is left.
    for (let left = at - now; left > 0; left = at - performance.now()) await sleep(left, signal);
  }
}

export class VirtualTime implements TimeDriver {
  readonly virtual = true;
  readonly pollSeconds = 1;
  // the clock moves only by the kit's whole-second advances, so second-precision readings are exact
  readonly resolutionMs = 0;
  constructor(private readonly client: Client) {}

  async now(): Promise<number> {
    const res = await this.client.request<{ now?: string }>('GET', '/sim/v1/clock');
    return this.parse(res.body?.now, res.ex);
  }

  async advance(seconds: number): Promise<void> {
    const res = await this.client.request<{ now?: string }>('POST', '/sim/v1/clock/advance', { body: { seconds } });
    if (res.status !== 200) throw new CheckFailure({ message: `the simulator refused to advance its clock by ${seconds}s`, exchange: res.ex, expected: 'HTTP 200' });
  }

  // time stands still between advances: reads cost nothing in time and need no pacing
  async pace(): Promise<void> {}

  private parse(now: string | undefined, ex: import('./types.js').Exchange): number {
    const t = now ? Date.parse(now) : NaN;
    if (Number.isNaN(t)) throw new CheckFailure({ message: 'GET /sim/v1/clock gave no parsable `now`', exchange: ex });
    return t;
  }
}

export class RealTime implements TimeDriver {
  readonly virtual = false;
  /** Between two samples of one poller; the run-wide pacer spaces all pollers' reads further. */
  readonly pollSeconds = 0.5;
  readonly resolutionMs = 0;
  constructor(
    private readonly pacer: PollPacer,
    private readonly signal?: AbortSignal,
  ) {}

  pace(): Promise<void> {
    return this.pacer.turn(this.signal);
  }

  async now(): Promise<number> {
    return Date.now();
  }

  advance(seconds: number): Promise<void> {
    return sleep(seconds * 1000, this.signal);
  }
}

/**
 * A simulator whose clock runs by itself (real or scaled:N): time is read from GET /sim/v1/clock (so
 * `scaled` servers are judged on their own time), and waiting sleeps the matching wall time.
 */
export class ServerPolledTime implements TimeDriver {
  readonly virtual = false;
  readonly pollSeconds: number;
  readonly resolutionMs = 1000;
  private readonly clockReader: VirtualTime;
  constructor(
    client: Client,
    private readonly scale: number,
    private readonly signal?: AbortSignal,
  ) {
    this.clockReader = new VirtualTime(client);
    this.pollSeconds = 0.25 * scale;
  }

  now(): Promise<number> {
    return this.clockReader.now();
  }

  advance(seconds: number): Promise<void> {
    return sleep((seconds / this.scale) * 1000, this.signal);
  }

  // a simulator serves reads from memory: its polling needs no pacing
  async pace(): Promise<void> {}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
