// One poller per target samples the statuses of every job and batch a running case follows with
// two list requests (GET /api/v1/jobs, GET /api/v1/batches) per tick, however many cases run at
// once: the reference's Kubernetes client allows 5 requests/s and a GET of one job costs it three,
// so a poll per job and case would slow every answer.
import type { Target } from './targets.js';

export interface Sample {
  /** Wall-clock ms. */
  at: number;
  status: string;
  body: unknown;
}

interface Named {
  name: string;
  status?: string;
  jobStatuses?: Named[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Poller {
  private readonly followed = new Map<string, number>();
  private readonly samples = new Map<string, Sample[]>();
  private running: Promise<void> | undefined;
  private tick = 0;
  /** Requests that failed (kept for the failure message of a case that times out). */
  readonly errors: string[] = [];

  constructor(
    private readonly target: Target,
    readonly intervalMs: number,
  ) {}

  /** Starts sampling `name` (a job's full name or a batch's name) until unfollow. */
  follow(name: string): void {
    this.followed.set(name, (this.followed.get(name) ?? 0) + 1);
    if (!this.samples.has(name)) this.samples.set(name, []);
    this.running ??= this.loop();
  }

  unfollow(name: string): void {
    const n = (this.followed.get(name) ?? 1) - 1;
    if (n <= 0) this.followed.delete(name);
    else this.followed.set(name, n);
  }

  history(name: string): Sample[] {
    return this.samples.get(name) ?? [];
  }

  latest(name: string): Sample | undefined {
    return this.samples.get(name)?.at(-1);
  }

  /** Waits for a sample of `name` that satisfies `pred`. */
  async waitFor(name: string, pred: (s: Sample) => boolean, timeoutMs: number): Promise<Sample> {
    const deadline = Date.now() + timeoutMs;
    const seen = () => this.history(name).find(pred);
    for (;;) {
      const hit = seen();
      if (hit) return hit;
      if (Date.now() > deadline) {
        const h = this.history(name).map((s) => s.status);
        throw new Error(`${this.target.name}: ${name} did not reach the awaited status within ${timeoutMs} ms (seen: ${h.join(' ') || 'nothing'}${this.errors.length ? `; poll errors: ${this.errors.slice(-3).join('; ')}` : ''})`);
      }
      await sleep(100);
    }
  }

  private record(items: Named[] | null | undefined, at: number): void {
    for (const item of items ?? []) {
      if (this.followed.has(item.name)) this.samples.get(item.name)!.push({ at, status: item.status ?? '', body: item });
    }
  }

  private async loop(): Promise<void> {
    while (this.followed.size > 0) {
      const started = Date.now();
      try {
        const wantsBatches = [...this.followed.keys()].some((n) => !/-[a-z0-9]{8}-[a-z0-9]{8}$/.test(n));
        const jobs = await this.target.send('GET', '/api/v1/jobs');
        this.record(jobs.json as Named[] | null, Date.now());
        if (wantsBatches && this.tick % 2 === 0) {
          const batches = await this.target.send('GET', '/api/v1/batches');
          this.record(batches.json as Named[] | null, Date.now());
        }
      } catch (err) {
        this.errors.push(err instanceof Error ? err.message : String(err));
      }
      this.tick++;
      await sleep(Math.max(0, this.intervalMs - (Date.now() - started)));
    }
    this.running = undefined;
  }
}
