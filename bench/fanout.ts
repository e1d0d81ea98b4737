// One batch of N jobs on the simulator (manual clock): accept, then run until idle (every job
// terminal). Reports wall and CPU time, events processed per second and heap growth per job.
import { benchRuntime } from './runtime.js';
import { round, settledHeap, timed } from './measure.js';
import type { JobScheduleDescription } from '../src/engine/types.js';
import type { SimConfig } from '../src/sim/config.js';

export interface FanoutOptions {
  jobs: number;
  /** Share of attempts that fail (exit code 1), drawn per job from a seeded sequence. */
  failRate: number;
  backoffLimit: number;
  seed: number;
  /** Simulator settings for experiments (e.g. `{ recordEvents: false }`). */
  sim?: Partial<SimConfig>;
}

/** Exit codes per attempt for a job: each attempt fails with probability `rate` (deterministic). */
function exitCodes(index: number, rate: number, seed: number, attempts: number): string | undefined {
  if (rate <= 0) return undefined;
  let x = (index + 1) * 2654435761 + seed * 97;
  const codes: number[] = [];
  for (let a = 0; a < attempts; a++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    codes.push(x / 2 ** 32 < rate ? 1 : 0);
    if (codes[a] === 0) break;
  }
  return codes.join(',');
}

export async function fanout(o: FanoutOptions) {
  const { runtime, manager, errors } = await benchRuntime(o.jobs, { seed: o.seed, ...o.sim });
  const describe = (): JobScheduleDescription[] =>
    Array.from({ length: o.jobs }, (_, i) => {
      const codes = exitCodes(i, o.failRate, o.seed, o.backoffLimit + 1);
      return { backoffLimit: o.backoffLimit, ...(codes ? { variables: { WORKLOAD_EXIT_CODES: codes } } : {}) };
    });
  // The heap is measured around the whole run: the request is built after the first measure (what
  // the engine keeps of it counts) and neither it nor the 100,000-job response is kept by this
  // function (only the batch name), so the growth is what jobsim itself retains.
  const heap0 = settledHeap();
  let descs: JobScheduleDescription[] | undefined = describe();
  const accept = await timed(async () => (await manager.createBatch({ jobScheduleDescriptions: descs! })).name);
  descs = undefined;
  const log0 = runtime.sim.log.count;
  const run = await timed(() => runtime.runUntilIdle());
  const heap1 = settledHeap();
  const batch = await manager.getBatch(accept.value);
  const statuses = new Map<string, number>();
  for (const j of batch.jobStatuses ?? []) statuses.set(j.status, (statuses.get(j.status) ?? 0) + 1);
  const events = runtime.sim.log.count - log0;
  runtime.stop();
  return {
    jobs: o.jobs,
    failRate: o.failRate,
    backoffLimit: o.backoffLimit,
    acceptMs: round(accept.ms),
    runMs: round(run.ms),
    runCpuMs: round(run.cpuMs),
    totalMs: round(accept.ms + run.ms),
    events,
    eventsPerSecond: Math.round(events / (run.ms / 1000)),
    virtualSeconds: (runtime.sim.now() - runtime.sim.config.startTime) / 1000,
    heapGrowthBytesPerJob: Math.round((heap1 - heap0) / o.jobs),
    batchStatus: batch.status,
    jobStatuses: Object.fromEntries(statuses),
    engineErrors: errors.length,
  };
}
