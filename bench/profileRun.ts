// Diagnostic: CPU profile of the run phase of `fanout` only (accept excluded), with every sample
// charged to the innermost frame from src/<area>/ (engine, sim, kube, ...) or to GC, so the
// engine's own share can be told from the simulator's in one run on a loaded machine.
// Run: npx tsx bench/profileRun.ts 20000 [top] [simonly]   (writes /tmp/fanout-run.cpuprofile)
// simonly: the Jobs are created directly through the port with the engine stopped (as
// bench/simOnly.ts), for the simulator's own share of time and GC in the same units.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { benchRuntime } from './runtime.js';
import { buildKubeJob } from '../src/engine/kubeJob.js';
import type { RadixBatch } from '../src/cluster/radixBatch.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const N = Number(process.argv[2] ?? 20000);
const top = Number(process.argv[3] ?? 25);
const { runtime, manager } = await benchRuntime(N);
if (process.argv[4] === 'simonly') {
  manager.stop();
  const port = runtime.sim.port('default');
  const rb = await port.create('RadixBatch', {
    apiVersion: 'jobsim.io/v1',
    kind: 'RadixBatch',
    metadata: { name: 'batch-compute-20260101000000-simonly0' },
    spec: { radixDeploymentJobRef: { name: 'd', job: 'compute' }, jobs: [] },
  } as RadixBatch);
  for (let i = 0; i < N; i++) {
    const job = { name: `j${String(i).padStart(7, '0')}`, backoffLimit: 0 };
    await port.create('Job', buildKubeJob({ app: 'jobsim', head: rb.metadata.name, object: rb, job, component: manager.component }));
  }
} else {
  await manager.createBatch({ jobScheduleDescriptions: Array.from({ length: N }, () => ({ backoffLimit: 0 })) });
}
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
await runtime.runUntilIdle();
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
writeFileSync('/tmp/fanout-run.cpuprofile', JSON.stringify(profile));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const areas = new Map<string, number>();
const fns = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const t = (profile.timeDeltas[i] ?? 0) / 1000;
  total += t;
  let area = 'other';
  let fn = '';
  for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(garbage collector)') { area = 'gc'; break; }
    const m = /\/src\/(\w+)\//.exec(n.callFrame.url);
    if (m) { area = m[1]!; fn = `${n.callFrame.functionName || '(anonymous)'} ${m[1]}`; break; }
  }
  areas.set(area, (areas.get(area) ?? 0) + t);
  if (area === 'engine') fns.set(fn, (fns.get(fn) ?? 0) + t);
}
const ms = (t: number) => Math.round(t);
console.log(JSON.stringify({ jobs: N, runProfiledMs: ms(total), ...Object.fromEntries([...areas].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, ms(v)])) }));
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(String(ms(v)).padStart(7), k);
runtime.stop();
