// Diagnostic: where the retained heap of a finished N-job batch goes, per job. It runs the batch,
// then drops one structure at a time (reaching into private fields on purpose) and measures the
// heap after a full GC. Run: npx tsx bench/heapBreakdown.ts 20000
/* eslint-disable @typescript-eslint/no-explicit-any */
import { benchRuntime } from './runtime.js';
import { settledHeap } from './measure.js';
const N = Number(process.argv[2] ?? 20000);
const { runtime, manager } = await benchRuntime(N);
const h0 = settledHeap();
await manager.createBatch({ jobScheduleDescriptions: Array.from({ length: N }, () => ({})) });
await runtime.runUntilIdle();
const steps: [string, () => void][] = [
  ['log lines', () => { (runtime.sim.log as any).lines = []; }],
  ['Event objects', () => { (runtime.sim.store as any).tables.get('Event').objects.clear(); (runtime.sim as any).ctx.eventFifo = []; }],
  ['queue (timers)', () => { (runtime.sim as any).queue.heap = []; (runtime.sim as any).jobs.ttls.heap = []; }],
  ['engine tombstones', () => { (manager.cache as any).batches.deleted.clear(); for (const k of ['deletedJobs', 'deletedPods']) (manager.cache as any).jobPods[k].clear(); }],
  ['sim label index + dependents', () => { for (const t of (runtime.sim.store as any).tables.values()) for (const m of t.byLabel.values()) m.clear(); (runtime.sim.store as any).dependents.clear(); }],
  ['engine Jobs/pods records (finished jobs leave)', () => { for (const k of ['jobs', 'pods']) (manager.cache as any).jobPods[k].clear(); }],
  ['Pods (store+cache)', () => { (runtime.sim.store as any).tables.get('Pod').objects.clear(); }],
  ['Jobs (store+cache)', () => { (runtime.sim.store as any).tables.get('Job').objects.clear(); }],
  ['RadixBatch (store+cache)', () => { (runtime.sim.store as any).tables.get('RadixBatch').objects.clear(); manager.cache.batches.items.clear(); (manager.reconciler as any).counts.clear(); }],
];
let prev = settledHeap();
console.log('total per job', Math.round((prev - h0) / N));
for (const [name, fn] of steps) { fn(); const h = settledHeap(); console.log(name.padEnd(30), Math.round((prev - h) / N)); prev = h; }
console.log('rest', Math.round((prev - h0) / N));
