// History cleanup's index of completed heads (engine/history.ts): told of each batch change, it
// must pick the same batches to delete as a scan of every head of the component in the cache would
// (from the heads it hands over, and from the groups it keeps between cleanups),
// through adds, completions, changed completions, reopened batches, moved job references, deletions
// and disowned batches, at any cleanup time.
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { ClusterPort } from '../../src/cluster/port.js';
import { ClusterCache } from '../../src/engine/clusterCache.js';
import { CompletedHeads, historyCandidates } from '../../src/engine/history.js';
import { LABEL_BATCH_TYPE, LABEL_PART_OF, type RadixBatch } from '../../src/cluster/radixBatch.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MINUTE = 60_000;

interface Shape {
  job: string;
  type: 'job' | 'batch';
  part: boolean;
  /** completion time, or undefined while not completed */
  completed: number | undefined;
}

function batch(name: string, rv: number, s: Shape): RadixBatch {
  return {
    apiVersion: 'radix.equinor.com/v1',
    kind: 'RadixBatch',
    metadata: { name, uid: `uid-${name}`, resourceVersion: String(rv), labels: { [LABEL_BATCH_TYPE]: s.type, ...(s.part ? { [LABEL_PART_OF]: 'other' } : {}) } },
    spec: { radixDeploymentJobRef: { name: 'deployment', job: s.job }, jobs: [] },
    ...(s.completed === undefined
      ? { status: { condition: { type: 'Active' } } }
      : { status: { condition: { type: 'Completed', completionTime: new Date(s.completed).toISOString() } } }),
  } as RadixBatch;
}

/** What the cleaner weighed before the index: every head of the component in the cache. */
function scan(cache: ClusterCache, job: string): RadixBatch[] {
  return [...cache.batches.items.values()].filter((b) => b.metadata.labels?.[LABEL_PART_OF] === undefined && b.spec.radixDeploymentJobRef.job === job);
}

const names = (heads: RadixBatch[]) => heads.map((h) => h.metadata.name);

const op = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    name: fc.integer({ min: 0, max: 11 }),
    job: fc.constantFrom('etl', 'etl', 'etl', 'other'),
    type: fc.constantFrom('job' as const, 'batch' as const),
    part: fc.boolean(),
    // minutes before now it completed, or not completed
    completedAgo: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'block' as const), name: fc.integer({ min: 0, max: 11 }) }),
  fc.record({ kind: fc.constant('clean' as const), advance: fc.integer({ min: 0, max: 40 }), limit: fc.integer({ min: 0, max: 3 }) }),
);

describe('CompletedHeads', () => {
  it('gives history cleanup the candidates a scan of every head gives', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), fc.func(fc.boolean()), (ops, verdict) => {
        const cache = new ClusterCache({} as ClusterPort);
        const index = new CompletedHeads(cache, 'etl');
        cache.batchListeners.push((type, rb, previous) => index.observe(type, rb, previous));
        const succeeded = (h: RadixBatch) => verdict(h.metadata.name);
        let now = T0;
        let rv = 0;
        for (const o of ops) {
          if (o.kind === 'clean') {
            now += o.advance * MINUTE;
            const expected = historyCandidates(scan(cache, 'etl'), now, o.limit, succeeded);
            const got = historyCandidates(index.olderThanAnHour(now), now, o.limit, succeeded);
            expect(names(got)).toEqual(names(expected));
            // The same from the groups it keeps between cleanups.
            expect(names(index.candidates(now, o.limit, succeeded))).toEqual(names(expected));
            continue;
          }
          const name = `b${o.name}`;
          if (o.kind === 'put') {
            const completed = o.completedAgo === undefined ? undefined : Math.floor((now - o.completedAgo * MINUTE) / 1000) * 1000;
            const current = cache.batch(name);
            cache.apply('RadixBatch', current ? 'MODIFIED' : 'ADDED', batch(name, ++rv, { job: o.job, type: o.type, part: o.part, completed }));
          } else if (o.kind === 'delete') {
            const current = cache.batch(name);
            if (current) cache.apply('RadixBatch', 'DELETED', { ...current, metadata: { ...current.metadata, resourceVersion: String(++rv) } });
          } else cache.blockBatch(name);
        }
        // At the end, the heads it weighs are exactly the old completed heads of the component.
        now += 61 * MINUTE;
        const old = scan(cache, 'etl').filter((h) => h.status?.condition?.type === 'Completed');
        expect(names(index.olderThanAnHour(now)).sort()).toEqual(names(old).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('weighs only heads older than an hour, and lets go of deleted ones', () => {
    const cache = new ClusterCache({} as ClusterPort);
    const index = new CompletedHeads(cache, 'etl');
    cache.batchListeners.push((type, rb, previous) => index.observe(type, rb, previous));
    for (let i = 0; i < 120; i++) cache.apply('RadixBatch', 'ADDED', batch(`c${i}`, i + 1, { job: 'etl', type: 'job', part: false, completed: T0 + i * MINUTE }));
    // At T0 + 2 h, the heads completed in the first hour (c0..c59) are older than an hour.
    const at = T0 + 120 * MINUTE;
    expect(names(index.olderThanAnHour(at))).toEqual(Array.from({ length: 60 }, (_, i) => `c${i}`));
    for (let i = 0; i < 50; i++) cache.apply('RadixBatch', 'DELETED', batch(`c${i}`, 1000 + i, { job: 'etl', type: 'job', part: false, completed: T0 + i * MINUTE }));
    expect(names(index.olderThanAnHour(at + MINUTE))).toEqual(Array.from({ length: 11 }, (_, i) => `c${50 + i}`));
  });

  it('picks the oldest of a group when a head completed before heads already older than an hour', () => {
    const cache = new ClusterCache({} as ClusterPort);
    const index = new CompletedHeads(cache, 'etl');
    cache.batchListeners.push((type, rb, previous) => index.observe(type, rb, previous));
    const put = (name: string, rv: number, completed: number) => cache.apply('RadixBatch', 'ADDED', batch(name, rv, { job: 'etl', type: 'job', part: false, completed }));
    const all = () => true;
    put('c1', 1, T0 + 10 * MINUTE);
    put('c2', 2, T0 + 20 * MINUTE);
    const at = T0 + 90 * MINUTE;
    expect(names(index.candidates(at, 1, all))).toEqual(['c1']);
    // Told later of a head that completed first: it is the oldest of the three.
    put('c0', 3, T0);
    expect(names(index.candidates(at + MINUTE, 1, all))).toEqual(['c0', 'c1']);
    expect(names(index.candidates(at + MINUTE, 2, all))).toEqual(['c0']);
    expect(names(historyCandidates(index.olderThanAnHour(at + MINUTE), at + MINUTE, 1, all))).toEqual(['c0', 'c1']);
  });

  it('keeps no deleted head alive (its entry held it, and a head the verdict on its parts)', async () => {
    const cache = new ClusterCache({} as ClusterPort);
    const index = new CompletedHeads(cache, 'etl');
    cache.batchListeners.push((type, rb, previous) => index.observe(type, rb, previous, () => 0));
    // Made in a function of its own: no variable of the test holds a head.
    const add = (name: string, rv: number, completed: number): WeakRef<RadixBatch> => {
      const head = batch(name, rv, { job: 'etl', type: 'batch', part: false, completed });
      cache.apply('RadixBatch', 'ADDED', head);
      return new WeakRef(head);
    };
    const remove = (name: string, rv: number) => {
      const current = cache.batch(name)!;
      cache.apply('RadixBatch', 'DELETED', { ...current, metadata: { ...current.metadata, resourceVersion: String(rv) } });
    };
    const refs = [0, 1, 2].map((i) => add(`n${i}`, i + 1, T0 + i * MINUTE));
    // Older than an hour (moved out of the young entries), then deleted as history cleanup would.
    expect(names(index.candidates(T0 + 2 * 60 * MINUTE, 0, () => true))).toEqual(['n0', 'n1', 'n2']);
    for (let i = 0; i < 3; i++) remove(`n${i}`, 10 + i);
    // A head that completed and was deleted before it was an hour old.
    refs.push(add('y', 20, T0 + 2 * 60 * MINUTE));
    remove('y', 21);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true, true, true]);
  });
});
