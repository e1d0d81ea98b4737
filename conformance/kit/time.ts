// Time as the checks see it: the simulator's virtual clock (advanced through its control API, exact)
// or the wall clock (sleep and poll, with generous bounds).
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

  private parse(now: string | undefined, ex: import('./types.js').Exchange): number {
    const t = now ? Date.parse(now) : NaN;
    if (Number.isNaN(t)) throw new CheckFailure({ message: 'GET /sim/v1/clock gave no parsable `now`', exchange: ex });
    return t;
  }
}

export class RealTime implements TimeDriver {
  readonly virtual = false;
  readonly pollSeconds = 0.25;
  readonly resolutionMs = 0;
  constructor(private readonly signal?: AbortSignal) {}

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
