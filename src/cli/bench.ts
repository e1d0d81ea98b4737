// `jobsim bench`: the simulator and accept-latency benchmarks of bench/, and the load and soak run
// (simulator or kubernetes backend), printed as JSON lines.
import { createLatency } from '../../bench/create.js';
import { fanout } from '../../bench/fanout.js';
import { httpBench } from '../../bench/http.js';
import { memoryLatencyNs, releaseProbe } from '../../bench/hostProbe.js';
import type { LatencyModel } from '../sim/latency.js';
import { progress } from './progress.js';

export type BenchName = 'fanout' | 'retries' | 'create' | 'http' | 'all' | 'soak' | 'soak-kube';

export interface BenchOptions {
  jobs?: number;
  /** Length of each load run of the http scenario. */
  seconds?: number;
  seed: number;
  /** The simulated cluster's latency model (default off: the recorded figures were taken so). */
  latency?: LatencyModel;
  /** soak: how long, how many clients, the simulator's clock, the history limit, the largest batch. */
  minutes?: number;
  clients?: number;
  clock?: string;
  historyLimit?: number;
  maxBatch?: number;
  thinkMs?: number;
  kubeQps?: number;
  kubeBurst?: number;
}

export async function bench(name: BenchName, o: BenchOptions, out: (line: string) => void): Promise<void> {
  const print = (bench: string, result: object) => out(JSON.stringify({ bench, node: process.version, ...result }));
  if (name === 'soak' || name === 'soak-kube') {
    await soakBench(name, o, print, out);
    return;
  }
  // The host's memory latency just before and after a simulator run (see bench/hostProbe.ts).
  const probed = async <T extends object>(run: () => Promise<T>) => {
    const before = memoryLatencyNs();
    releaseProbe();
    const result = await run();
    const after = memoryLatencyNs();
    releaseProbe();
    return { ...result, hostMemoryLatencyNs: [before, after] };
  };
  const sim = o.latency ? { sim: { latency: o.latency } } : {};
  // On a terminal, a line that says which benchmark runs and for how long (they take seconds to minutes).
  const step = async <T>(label: string, run: () => Promise<T>) => {
    const p = progress(`jobsim bench: ${label}`);
    try {
      return await run();
    } finally {
      p.done();
    }
  };
  if (name === 'fanout' || name === 'all') print('fanout', await step('fanout', () => probed(() => fanout({ jobs: o.jobs ?? 100_000, failRate: 0, backoffLimit: 0, seed: o.seed, ...sim }))));
  if (name === 'retries' || name === 'all') print('retries', await step('retries', () => probed(() => fanout({ jobs: o.jobs ?? 10_000, failRate: 0.1, backoffLimit: 3, seed: o.seed, ...sim }))));
  if (name === 'create' || name === 'all') print('create', await step('create', () => createLatency({ singles: 1000, batch: o.jobs ?? 10_000 })));
  if (name === 'http' || name === 'all') print('http', await step('http', () => httpBench({ seconds: o.seconds ?? 5, connections: 10, batch: o.jobs ?? 100_000 })));
}

async function soakBench(name: 'soak' | 'soak-kube', o: BenchOptions, print: (bench: string, result: object) => void, out: (line: string) => void): Promise<void> {
  const { soak, SOAK_DEFAULTS } = await import('../../bench/soak.js');
  const backend = name === 'soak' ? 'simulator' : 'kubernetes';
  const d = SOAK_DEFAULTS[backend];
  const options = {
    ...d,
    backend,
    seed: o.seed,
    ...(o.minutes !== undefined ? { minutes: o.minutes } : {}),
    ...(o.clients !== undefined ? { clients: o.clients } : {}),
    ...(o.clock !== undefined ? { clock: o.clock } : {}),
    ...(o.historyLimit !== undefined ? { historyLimit: o.historyLimit } : {}),
    ...(o.maxBatch !== undefined ? { maxBatch: o.maxBatch } : {}),
    ...(o.thinkMs !== undefined ? { thinkMs: o.thinkMs } : {}),
    ...(o.kubeQps !== undefined ? { kubeQps: o.kubeQps } : {}),
    ...(o.kubeBurst !== undefined ? { kubeBurst: o.kubeBurst } : {}),
    progress: out,
  } as const;
  if (backend === 'simulator') {
    print(name, await soak(options));
    return;
  }
  const { benchCluster } = await import('../../bench/cluster.js');
  const cluster = benchCluster();
  const namespace = await cluster.freshNamespace('jobsim-soak');
  try {
    print(name, await soak({ ...options, kubeconfig: cluster.kubeconfig, namespace }));
  } finally {
    await cluster.deleteNamespace(namespace);
  }
}
