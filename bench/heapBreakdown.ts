// Diagnostic: where the retained heap of a finished N-job batch goes, per job. It runs the batch,
// then drops one structure at a time (reaching into private fields on purpose) and measures the
// heap after a full GC. Run: npx tsx bench/heapBreakdown.ts 20000
// With `first-instant`, it stops after the batch's first virtual instant instead (every Job and pod
// created, the pods that fit nowhere waiting): the state the run carries while the backlog drains.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { benchRuntime } from './runtime.js';
import { settledHeap } from './measure.js';
const N = Number(process.argv[2] ?? 20000);
const { runtime, manager } = await benchRuntime(N);
const h0 = settledHeap();
await manager.createBatch({ jobScheduleDescriptions: Array.from({ length: N }, () => ({})) });
if (process.argv[3] === 'first-instant') await runtime.advance(0);
else await runtime.runUntilIdle();
const store = runtime.sim.store as any;
const cache = manager.cache as any;
const table = (kind: string) => store.tables.get(kind);
const clearTable = (kind: string) => {
  const t = table(kind);
  if (!t) return;
  t.byNamespace.clear();
  // The table's remembered namespace (store.ts) must not keep the cleared objects.
  t.lastNs = t.lastNames = undefined;
};
const steps: [string, () => void][] = [
  ['log chunks', () => { (runtime.sim.log as any).chunks = []; }],
  ['Event ring', () => { for (const k of ['involved', 'reasons', 'messages', 'types', 'ats', 'sources']) store.events[k] = []; }],
  ['queue (timers) + TTLs', () => { (runtime.sim as any).queue.heap = []; const t = (runtime.sim as any).jobs.ttls; t.ats = []; t.seqs = []; t.items = []; }],
  ['engine tombstones', () => { cache.batches.deleted.clear(); for (const k of ['deletedJobs', 'deletedPods', 'finishedJobs']) cache.jobPods[k].clear(); }],
  ['Job controller tracking', () => { (runtime.sim as any).jobs.tracking.clear(); }],
  ['scheduler waiting queue', () => { (runtime.sim as any).scheduler.queue = []; }],
  ['sim owner index', () => { for (const t of store.tables.values()) t.owned.clear(); }],
  ['engine Jobs/pods records (finished jobs leave)', () => { for (const k of ['jobs', 'pods']) cache.jobPods[k].clear(); }],
  ['Pods (store)', () => { clearTable('Pod'); }],
  ['Jobs (store)', () => { clearTable('Job'); }],
  ['RadixBatch (store+cache)', () => { clearTable('RadixBatch'); cache.batches.items.clear(); (manager as any).reconciler?.counts?.clear?.(); }],
];
let prev = settledHeap();
console.log('total per job', Math.round((prev - h0) / N));
for (const [name, fn] of steps) { fn(); const h = settledHeap(); console.log(name.padEnd(30), Math.round((prev - h) / N)); prev = h; }
console.log('rest', Math.round((prev - h0) / N));
