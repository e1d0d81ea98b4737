// `jobsim bench`: the simulator and accept-latency benchmarks of bench/, printed as JSON lines.
import { createLatency } from '../../bench/create.js';
import { fanout } from '../../bench/fanout.js';
import { httpBench } from '../../bench/http.js';
import { memoryLatencyNs, releaseProbe } from '../../bench/hostProbe.js';

export type BenchName = 'fanout' | 'retries' | 'create' | 'http' | 'all';

export interface BenchOptions {
  jobs?: number;
  /** Length of each load run of the http scenario. */
  seconds?: number;
  seed: number;
}

export async function bench(name: BenchName, o: BenchOptions, out: (line: string) => void): Promise<void> {
  const print = (bench: string, result: object) => out(JSON.stringify({ bench, node: process.version, ...result }));
  // The host's memory latency just before and after a simulator run (see bench/hostProbe.ts).
  const probed = async <T extends object>(run: () => Promise<T>) => {
    const before = memoryLatencyNs();
    releaseProbe();
    const result = await run();
    const after = memoryLatencyNs();
    releaseProbe();
    return { ...result, hostMemoryLatencyNs: [before, after] };
  };
  if (name === 'fanout' || name === 'all') print('fanout', await probed(() => fanout({ jobs: o.jobs ?? 100_000, failRate: 0, backoffLimit: 0, seed: o.seed })));
  if (name === 'retries' || name === 'all') print('retries', await probed(() => fanout({ jobs: o.jobs ?? 10_000, failRate: 0.1, backoffLimit: 3, seed: o.seed })));
  if (name === 'create' || name === 'all') print('create', await createLatency({ singles: 1000, batch: o.jobs ?? 10_000 }));
  if (name === 'http' || name === 'all') print('http', await httpBench({ seconds: o.seconds ?? 10, connections: 10, batch: o.jobs ?? 100_000 }));
}
