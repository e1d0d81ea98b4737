// Load and soak: `jobsim serve` as a child process (the simulator with a scaled clock, or the
// kubernetes backend on a control plane), and N concurrent clients in this process running a mix
// of every route over loopback for M minutes. Reports throughput, latency per route (p50, p99,
// max), answers by status code, and the server's RSS and CPU over time, with the number of batches
// it lists (history cleanup at work).
//
//   npm run bench -- --scenario soak [--minutes 10] [--clients 50] [--clock scaled:60] [--history-limit 10]
//   npm run bench -- --scenario soak-kube [--minutes 2] [--clients 10]
import { loadavg } from 'node:os';
import { SeededRandom } from '../src/common/rng.js';
import { percentile, round } from './measure.js';
import { processUsage, startServe } from './serveProcess.js';

export interface SoakOptions {
  backend: 'simulator' | 'kubernetes';
  minutes: number;
  clients: number;
  /** Mean think time of a client between two requests, ms (exponentially distributed). */
  thinkMs: number;
  /** Largest batch; sizes are log-uniform in 1..maxBatch. */
  maxBatch: number;
  /** Run time of one job attempt, seconds of the server's clock: uniform in [min, max]. */
  workloadSeconds: [number, number];
  historyLimit: number;
  /** simulator: its clock (scaled:N). */
  clock?: string;
  /** kubernetes: where and how fast. */
  kubeconfig?: string;
  namespace?: string;
  kubeQps?: number;
  kubeBurst?: number;
  sampleSeconds: number;
  seed: number;
  /** Progress lines (each RSS sample). */
  progress?: (line: string) => void;
}

export const SOAK_DEFAULTS: Record<'simulator' | 'kubernetes', Omit<SoakOptions, 'backend'>> = {
  simulator: { minutes: 10, clients: 50, thinkMs: 200, maxBatch: 1000, workloadSeconds: [1, 30], historyLimit: 10, clock: 'scaled:60', sampleSeconds: 10, seed: 1 },
  kubernetes: { minutes: 2, clients: 10, thinkMs: 500, maxBatch: 50, workloadSeconds: [1, 5], historyLimit: 10, kubeQps: 50, kubeBurst: 100, sampleSeconds: 10, seed: 1 },
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Route =
  | 'POST /api/v1/jobs'
  | 'POST /api/v1/batches'
  | 'GET /api/v1/jobs/{job}'
  | 'GET /api/v1/batches/{batch}'
  | 'GET /api/v1/batches/{batch}/jobs/{job}'
  | 'GET /api/v1/jobs'
  | 'GET /api/v1/batches'
  | 'POST /api/v1/jobs/{job}/stop'
  | 'POST /api/v1/batches/{batch}/stop'
  | 'DELETE /api/v1/jobs/{job}'
  | 'DELETE /api/v1/batches/{batch}';

/** Relative weights of the operations a client picks. */
const MIX: [Route, number][] = [
  ['POST /api/v1/jobs', 10],
  ['POST /api/v1/batches', 3],
  ['GET /api/v1/jobs/{job}', 25],
  ['GET /api/v1/batches/{batch}', 20],
  ['GET /api/v1/batches/{batch}/jobs/{job}', 8],
  ['GET /api/v1/jobs', 4],
  ['GET /api/v1/batches', 4],
  ['POST /api/v1/jobs/{job}/stop', 4],
  ['POST /api/v1/batches/{batch}/stop', 2],
  ['DELETE /api/v1/jobs/{job}', 5],
  ['DELETE /api/v1/batches/{batch}', 3],
];

interface RouteStats {
  latencies: number[];
  byStatus: Record<string, number>;
}

/** One client: its own seeded choices, and the names of what it created (the latest 50 of each). */
class Client {
  private readonly rnd: SeededRandom;
  private readonly jobs: string[] = [];
  private readonly batches: { name: string; jobs: string[] }[] = [];
  private readonly totalWeight = MIX.reduce((s, [, w]) => s + w, 0);

  constructor(
    private readonly base: string,
    private readonly o: SoakOptions,
    seed: string,
    private readonly record: (route: Route, ms: number, status: number | string) => void,
  ) {
    this.rnd = new SeededRandom(seed);
  }

  private pick<T>(items: T[]): T | undefined {
    return items.length ? items[this.rnd.int(items.length)] : undefined;
  }

  private variables() {
    const [lo, hi] = this.o.workloadSeconds;
    return { WORKLOAD_SECONDS: String(round(lo + this.rnd.next() * (hi - lo), 1)) };
  }

  private remember<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > 50) list.shift();
  }

  private chooseRoute(): Route {
    let r = this.rnd.next() * this.totalWeight;
    for (const [route, w] of MIX) if ((r -= w) < 0) return route;
    return MIX[0]![0];
  }

  async run(until: number): Promise<void> {
    while (performance.now() < until) {
      await this.step();
      await sleep(-Math.log(1 - this.rnd.next()) * this.o.thinkMs);
    }
  }

  private async call(route: Route, method: string, path: string, body?: unknown): Promise<unknown> {
    const t0 = performance.now();
    try {
      const res = await fetch(this.base + path, {
        method,
        ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      this.record(route, performance.now() - t0, res.status);
      return res.ok ? JSON.parse(text) : undefined;
    } catch (err) {
      this.record(route, performance.now() - t0, (err as { cause?: { code?: string } }).cause?.code ?? 'network');
      return undefined;
    }
  }

  private async step(): Promise<void> {
    let route = this.chooseRoute();
    // Operations on a job or batch of this client need one: create one first.
    if (route.includes('{job}') && !route.includes('{batch}') && this.jobs.length === 0) route = 'POST /api/v1/jobs';
    if (route.includes('{batch}') && this.batches.length === 0) route = 'POST /api/v1/batches';
    switch (route) {
      case 'POST /api/v1/jobs': {
        const r = (await this.call(route, 'POST', '/api/v1/jobs', { variables: this.variables() })) as { name?: string } | undefined;
        if (r?.name) this.remember(this.jobs, r.name);
        return;
      }
      case 'POST /api/v1/batches': {
        const size = Math.max(1, Math.min(this.o.maxBatch, Math.floor(Math.exp(this.rnd.next() * Math.log(this.o.maxBatch + 1)))));
        const descs = Array.from({ length: size }, (_, i) => ({ jobId: `j${i}`, variables: this.variables() }));
        const r = (await this.call(route, 'POST', '/api/v1/batches', { jobScheduleDescriptions: descs })) as
          | { name?: string; jobStatuses?: { name: string }[] }
          | undefined;
        if (r?.name) this.remember(this.batches, { name: r.name, jobs: (r.jobStatuses ?? []).slice(0, 20).map((j) => j.name) });
        return;
      }
      case 'GET /api/v1/jobs/{job}':
        await this.call(route, 'GET', `/api/v1/jobs/${this.pick(this.jobs)}`);
        return;
      case 'GET /api/v1/batches/{batch}':
        await this.call(route, 'GET', `/api/v1/batches/${this.pick(this.batches)!.name}`);
        return;
      case 'GET /api/v1/batches/{batch}/jobs/{job}': {
        const b = this.pick(this.batches)!;
        await this.call(route, 'GET', `/api/v1/batches/${b.name}/jobs/${this.pick(b.jobs) ?? 'none'}`);
        return;
      }
      case 'GET /api/v1/jobs':
        await this.call(route, 'GET', '/api/v1/jobs');
        return;
      case 'GET /api/v1/batches':
        await this.call(route, 'GET', '/api/v1/batches');
        return;
      case 'POST /api/v1/jobs/{job}/stop':
        await this.call(route, 'POST', `/api/v1/jobs/${this.pick(this.jobs)}/stop`);
        return;
      case 'POST /api/v1/batches/{batch}/stop':
        await this.call(route, 'POST', `/api/v1/batches/${this.pick(this.batches)!.name}/stop`);
        return;
      case 'DELETE /api/v1/jobs/{job}': {
        const name = this.jobs.splice(this.rnd.int(this.jobs.length), 1)[0]!;
        await this.call(route, 'DELETE', `/api/v1/jobs/${name}`);
        return;
      }
      case 'DELETE /api/v1/batches/{batch}': {
        const b = this.batches.splice(this.rnd.int(this.batches.length), 1)[0]!;
        await this.call(route, 'DELETE', `/api/v1/batches/${b.name}`);
        return;
      }
    }
  }
}

export interface SoakSample {
  /** Seconds since the clients started. */
  t: number;
  rssMiB: number;
  /** Server CPU over the last interval, percent of one core. */
  cpuPct: number;
  /** Batches the server lists (GET /api/v1/batches, by a monitor outside the mix). */
  batches: number | null;
  /** Requests answered in the last interval, per second. */
  rps: number;
  load1: number;
}

/** The server's flags for this run. */
function serveArgs(o: SoakOptions): string[] {
  const args = ['--history-limit', String(o.historyLimit), '--max-batch-size', String(Math.max(o.maxBatch, 1)), '--log-level', 'warn'];
  if (o.backend === 'simulator') return [...args, '--clock', o.clock ?? 'scaled:60'];
  return [...args, '--backend', 'kubernetes', '--kubeconfig', o.kubeconfig!, '--namespace', o.namespace!, '--kube-qps', String(o.kubeQps ?? 50), '--kube-burst', String(o.kubeBurst ?? 100)];
}

export async function soak(o: SoakOptions): Promise<object> {
  const serve = await startServe(serveArgs(o));
  const server = serve.child;
  const base = serve.base;
  const stats = new Map<Route, RouteStats>();
  let answered = 0;
  const record = (route: Route, ms: number, status: number | string) => {
    let s = stats.get(route);
    if (!s) stats.set(route, (s = { latencies: [], byStatus: {} }));
    s.latencies.push(ms);
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
    answered++;
  };
  const samples: SoakSample[] = [];
  const t0 = performance.now();
  const until = t0 + o.minutes * 60_000;
  let last = { at: t0, cpuS: processUsage(server.pid!)?.cpuS ?? 0, answered: 0 };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(Math.min(o.sampleSeconds * 1000, Math.max(50, until - performance.now())));
      const usage = processUsage(server.pid!);
      if (!usage) break;
      let batches: number | null = null;
      try {
        const list = (await (await fetch(`${base}/api/v1/batches`)).json()) as unknown[] | null;
        batches = list?.length ?? 0;
      } catch {
        // counted as unknown
      }
      const now = performance.now();
      const sample: SoakSample = {
        t: round((now - t0) / 1000, 0),
        rssMiB: round(usage.rssMiB),
        cpuPct: round(((usage.cpuS - last.cpuS) / ((now - last.at) / 1000)) * 100, 0),
        batches,
        rps: round((answered - last.answered) / ((now - last.at) / 1000), 0),
        load1: round(loadavg()[0]!, 2),
      };
      samples.push(sample);
      o.progress?.(JSON.stringify({ soak: 'sample', ...sample }));
      last = { at: now, cpuS: usage.cpuS, answered };
      if (now >= until) break;
    }
  })();
  const clients = Array.from({ length: o.clients }, (_, i) => new Client(base, o, `${o.seed}:client:${i}`, record));
  await Promise.all(clients.map((c) => c.run(until)));
  const elapsedS = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  const usage = processUsage(server.pid!);
  await serve.stop();

  const routes: Record<string, object> = {};
  let requests = 0;
  let serverErrors = 0;
  let networkErrors = 0;
  for (const [route] of MIX) {
    const s = stats.get(route);
    if (!s) continue;
    const sorted = [...s.latencies].sort((a, b) => a - b);
    requests += sorted.length;
    for (const [code, n] of Object.entries(s.byStatus)) {
      if (/^5\d\d$/.test(code)) serverErrors += n;
      else if (!/^\d+$/.test(code)) networkErrors += n;
    }
    routes[route] = {
      n: sorted.length,
      perSec: round(sorted.length / elapsedS, 1),
      p50Ms: round(percentile(sorted, 50), 1),
      p99Ms: round(percentile(sorted, 99), 1),
      maxMs: round(sorted[sorted.length - 1] ?? NaN, 1),
      status: s.byStatus,
    };
  }
  const half = samples.filter((s) => s.t >= elapsedS / 2);
  const slope = half.length >= 2 ? (half[half.length - 1]!.rssMiB - half[0]!.rssMiB) / ((half[half.length - 1]!.t - half[0]!.t) / 60) : NaN;
  return {
    backend: o.backend,
    ...(o.backend === 'simulator' ? { clock: o.clock } : { namespace: o.namespace, kubeQps: o.kubeQps, kubeBurst: o.kubeBurst }),
    minutes: o.minutes,
    clients: o.clients,
    thinkMs: o.thinkMs,
    maxBatch: o.maxBatch,
    workloadSeconds: o.workloadSeconds,
    historyLimit: o.historyLimit,
    elapsedS: round(elapsedS),
    requests,
    requestsPerSec: round(requests / elapsedS, 1),
    serverErrors,
    networkErrors,
    routes,
    rssMiB: { first: samples[0]?.rssMiB, peak: Math.max(...samples.map((s) => s.rssMiB)), last: usage ? round(usage.rssMiB) : samples[samples.length - 1]?.rssMiB, secondHalfSlopeMiBPerMin: round(slope, 2) },
    samples,
  };
}
