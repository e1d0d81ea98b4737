// Diagnostic: the simulator's share of `fanout` alone. The same N Jobs (built by the engine's
// buildKubeJob, owned by one RadixBatch) are created directly through the port with the engine's
// watches stopped, then the simulator runs until idle. fanout minus this is the engine's share.
// Run: npx tsx bench/simOnly.ts 20000
import { benchRuntime } from './runtime.js';
import { round, settledHeap, timed } from './measure.js';
import { buildKubeJob } from '../src/engine/kubeJob.js';
import type { RadixBatch } from '../src/cluster/radixBatch.js';

const N = Number(process.argv[2] ?? 20000);
const { runtime, manager } = await benchRuntime(N);
manager.stop();
const port = runtime.sim.port('default');
const heap0 = settledHeap();
const accept = await timed(async () => {
  const rb = await port.create('RadixBatch', {
    apiVersion: 'jobsim.io/v1',
    kind: 'RadixBatch',
    metadata: { name: 'batch-compute-20260101000000-simonly0' }, // names as long as the engine's
    spec: { radixDeploymentJobRef: { name: 'd', job: 'compute' }, jobs: [] },
  } as RadixBatch);
  for (let i = 0; i < N; i++) {
    const job = { name: `j${String(i).padStart(7, '0')}`, backoffLimit: 0 };
    await port.create('Job', buildKubeJob({ app: 'jobsim', head: rb.metadata.name, object: rb, job, component: manager.component }));
  }
});
const run = await timed(() => runtime.runUntilIdle());
const heap1 = settledHeap();
console.log(JSON.stringify({ bench: "simOnly", jobs: N, acceptMs: round(accept.ms), runMs: round(run.ms), runCpuMs: round(run.cpuMs), totalMs: round(accept.ms + run.ms), heapGrowthBytesPerJob: Math.round((heap1 - heap0) / N) }));
