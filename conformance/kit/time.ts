// Time as the checks see it: the simulator's virtual clock (advanced through its control API, exact)
// or the wall clock (sleep and poll, with generous bounds).
import type { Client } from './http.js';
import { CheckFailure } from './failure.js';

export interface TimeDriver {
  readonly virtual: boolean;
  /** Seconds between two samples when polling. */
  readonly pollSeconds: number;
  /** Current time in ms (virtual or wall). */
  now(): Promise<number>;
  /** Lets `seconds` pass: advances the virtual clock, or sleeps. */
  advance(seconds: number): Promise<void>;
}

export class VirtualTime implements TimeDriver {
  readonly virtual = true;
  readonly pollSeconds = 1;
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
  constructor(private readonly signal?: AbortSignal) {}

  async now(): Promise<number> {
    return Date.now();
  }

  advance(seconds: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.signal?.aborted) return reject(this.signal.reason);
      const timer = setTimeout(() => {
        this.signal?.removeEventListener('abort', onAbort);
        resolve();
      }, seconds * 1000);
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.signal?.reason);
      };
      this.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
