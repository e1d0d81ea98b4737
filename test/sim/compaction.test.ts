// Settled objects (finished Jobs and their pods) are kept as differences from a base object; every
// read must give back an object equal to the one last written, key order included.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubeObject } from '../../src/cluster/types.js';
import { Compact, Compactor } from '../../src/sim/compaction.js';
import { jobObject, newSim, NS } from './support.js';

describe('compaction', () => {
  it('keeps a base per family of objects settled interleaved (jobs of several components)', () => {
    const c = new Compactor();
    const a = (i: number) => ({ metadata: { name: `a${i}`, labels: { component: 'a' } }, spec: { image: 'a:1', args: ['x', 'y'] } });
    const b = (i: number) => ({ kind: 'other', metadata: { name: `b${i}` }, data: { list: [1, 2, 3] } });
    expect(c.compact('Job', a(0))).toBeUndefined();
    expect(c.compact('Job', b(0))).toBeUndefined(); // of another shape: a base of its own
    for (let i = 1; i < 4; i++) {
      for (const make of [a, b]) {
        const obj = make(i);
        const compact = c.compact('Job', obj)!;
        expect(compact).toBeDefined();
        expect(compact.paths.map((p) => p.join('.'))).toEqual(['metadata.name']);
        expect(JSON.stringify(compact.expand())).toBe(JSON.stringify(obj));
      }
    }
  });

  it('expands to an equal object that shares unchanged subtrees with the base', () => {
    const c = new Compactor();
    const shared = { deep: { list: [1, 2, 3] } };
    const base = { metadata: { name: 'a', labels: { x: '1', y: '2' } }, spec: shared, status: { phase: 'Succeeded' } };
    const other = { metadata: { name: 'b', labels: { x: '1', y: '3' } }, spec: shared, status: { phase: 'Failed', reason: 'Error' } };
    expect(c.compact('Thing', base)).toBeUndefined(); // the first settled object is the base
    const compact = c.compact('Thing', other)!;
    expect(compact).toBeDefined();
    expect(compact.paths.map((p) => p.join('.'))).toEqual(['metadata.name', 'metadata.labels.y', 'status']);
    const back = compact.expand<typeof other>();
    expect(JSON.stringify(back)).toBe(JSON.stringify(other));
    expect(back.spec).toBe(shared);
    expect(back.metadata.labels).not.toBe(base.metadata.labels);
    expect(base.metadata.labels.y).toBe('2'); // the base is never written to
  });

  it('objects differing in the same places share one path list, however the shapes alternate', () => {
    const c = new Compactor();
    const pod = (i: number, node: string) => ({ name: `p${i}`, spec: { nodeName: node }, status: { phase: 'Succeeded' } });
    c.compact('Pod', pod(0, 'node-1'));
    // Pods bound to the base's node differ in their name only; the others in their node too.
    const compacts = Array.from({ length: 30 }, (_, i) => c.compact('Pod', pod(i + 1, ['node-1', 'node-2', 'node-3'][i % 3]!))!);
    const byShape = new Map<string, Set<unknown>>();
    for (const x of compacts) {
      const shape = x.paths.map((p) => p.join('.')).join(',');
      if (!byShape.has(shape)) byShape.set(shape, new Set());
      byShape.get(shape)!.add(x.paths);
    }
    expect([...byShape.keys()].sort()).toEqual(['name', 'name,spec.nodeName']);
    for (const lists of byShape.values()) expect(lists.size).toBe(1);
    compacts.forEach((x, i) => expect(x.expand()).toEqual(pod(i + 1, ['node-1', 'node-2', 'node-3'][i % 3]!)));
  });

  it('an object kept whole becomes the base of the next ones (another batch, another component)', () => {
    const c = new Compactor();
    const big = (tag: string, n: number) => ({ tag, items: Array.from({ length: 40 }, (_, i) => `${tag}-${i}`), n });
    c.compact('Thing', big('a', 1));
    expect(c.compact('Thing', big('b', 1))).toBeUndefined(); // 41 differences: kept whole, the new base
    const next = c.compact('Thing', big('b', 2))!;
    expect(next.base).toEqual(big('b', 1));
    expect(next.paths.map((p) => p.join('.'))).toEqual(['n']);
  });

  it('keeps objects of another shape whole (key order matters to JSON)', () => {
    const c = new Compactor();
    c.compact('Thing', { a: 1, b: { x: 1, y: 2 } });
    // Below the top, a subtree of another key order is replaced whole: still exact.
    const back = c.compact('Thing', { a: 2, b: { y: 2, x: 1 } })!.expand();
    expect(JSON.stringify(back)).toBe('{"a":2,"b":{"y":2,"x":1}}');
    expect(c.compact('Thing', { b: { x: 1, y: 2 }, a: 1 })).toBeUndefined();
  });

  it('a simulated batch: every finished Job and pod reads back equal to its last written version', async () => {
    // Every settled object compacted at once (by default the newest 65,536 wait whole).
    const sim = newSim({ settledWhole: 0 });
    const last = new Map<string, string>();
    for (const kind of ['Job', 'Pod']) {
      sim.store.watch(kind, (e) => {
        if (e.type !== 'DELETED') last.set(`${kind}/${e.object.metadata.name}`, JSON.stringify(e.object));
      });
    }
    for (let i = 0; i < 40; i++) sim.store.create('Job', jobObject(`job-${i}`, { env: { WORKLOAD_SECONDS: String(1 + (i % 3)), WORKLOAD_EXIT_CODE: i % 5 === 0 ? '1' : '0' }, backoffLimit: 1 }));
    await sim.runUntilIdle();
    let compact = 0;
    for (const kind of ['Job', 'Pod']) {
      const table = (sim.store as unknown as { tables: Map<string, { byNamespace: Map<string, Map<string, unknown>> }> }).tables.get(kind)!;
      for (const stored of table.byNamespace.get(NS)!.values()) if (stored && stored.constructor.name === 'Compact') compact++;
      const objects = sim.store.list<KubeObject>(kind, NS);
      expect(objects.length).toBeGreaterThan(0);
      for (const o of objects) {
        expect(JSON.stringify(o)).toBe(last.get(`${kind}/${o.metadata.name}`));
        expect(JSON.stringify(sim.store.get(kind, NS, o.metadata.name))).toBe(last.get(`${kind}/${o.metadata.name}`));
      }
    }
    // All but the two bases (one Job, one pod) are kept compactly.
    expect(compact).toBeGreaterThan(40);
    // A settled object can still be written: it is stored whole again.
    const job = sim.store.get('Job', NS, 'job-7')!;
    const labelled = sim.store.update('Job', { ...job, metadata: { ...job.metadata, labels: { extra: 'yes' } } });
    expect(sim.store.get('Job', NS, 'job-7')!.metadata.labels).toEqual({ extra: 'yes' });
    expect(labelled.metadata.resourceVersion).not.toBe(job.metadata.resourceVersion);
  });

  it('keeps the newest settled objects whole and compacts the oldest past the window', async () => {
    const sim = newSim({ settledWhole: 20 });
    for (let i = 0; i < 40; i++) sim.store.create('Job', jobObject(`job-${i}`, { env: { WORKLOAD_SECONDS: String(1 + (i % 3)) } }));
    await sim.runUntilIdle();
    const table = (kind: string) => (sim.store as unknown as { tables: Map<string, { byNamespace: Map<string, Map<string, unknown>> }> }).tables.get(kind)!.byNamespace.get(NS)!;
    const isCompact = (o: unknown) => !!o && (o as object).constructor.name === 'Compact';
    let compact = 0;
    let whole = 0;
    for (const kind of ['Job', 'Pod']) for (const o of table(kind).values()) isCompact(o) ? compact++ : whole++;
    // 80 settled objects (40 Jobs, 40 pods): the newest 20 whole, the 60 before them compact but
    // for the two bases (the first Job and the first pod kept whole as bases).
    expect(whole).toBe(22);
    expect(compact).toBe(58);
    // An object deleted while it waits whole leaves the window at once: the window holds no
    // deleted object alive, and counts only objects still stored.
    const waiting = [...table('Job').entries()].filter(([, o]) => !isCompact(o)).map(([n]) => n).pop()!;
    const gone = new WeakRef(sim.store.get('Job', NS, waiting)!);
    sim.store.delete('Job', NS, waiting);
    await sim.runUntilIdle();
    expect(table('Job').has(waiting)).toBe(false);
    // 20 whole, less the deleted Job and its pod (garbage-collected with it).
    expect(sim.store.waitingWhole().length).toBe(18);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(gone.deref()).toBeUndefined();
    for (let i = 40; i < 70; i++) sim.store.create('Job', jobObject(`job-${i}`, { env: { WORKLOAD_SECONDS: '1' } }));
    await sim.runUntilIdle();
    compact = 0;
    whole = 0;
    for (const kind of ['Job', 'Pod']) for (const o of table(kind).values()) isCompact(o) ? compact++ : whole++;
    expect(sim.store.waitingWhole().length).toBe(20);
    expect(whole).toBe(22);
    // 60 more settled, less the deleted Job and its pod.
    expect(compact).toBe(58 + 60 - 2);
  });

  it('an object written again leaves the window and is stored whole', async () => {
    const sim = newSim({ settledWhole: 4 });
    for (let i = 0; i < 3; i++) sim.store.create('Job', jobObject(`job-${i}`, { env: { WORKLOAD_SECONDS: '1' } }));
    await sim.runUntilIdle();
    expect(sim.store.waitingWhole().length).toBe(4);
    const waiting = sim.store.waitingWhole().find((w) => w.kind === 'Job')!.obj;
    const job = sim.store.get<KubeObject>('Job', NS, waiting.metadata.name)!;
    expect(job).toBe(waiting);
    sim.store.update('Job', { ...job, metadata: { ...job.metadata, labels: { extra: 'yes' } } });
    expect(sim.store.waitingWhole().some((w) => w.obj === job)).toBe(false);
    expect(sim.store.waitingWhole().length).toBe(3);
    // Settled again, the new version waits at the newest end.
    const again = sim.store.get<KubeObject>('Job', NS, waiting.metadata.name)!;
    sim.store.settle('Job', again);
    expect(sim.store.waitingWhole().map((w) => w.obj).pop()).toBe(again);
    expect(sim.store.waitingWhole().length).toBe(4);
    // A version no longer stored is not settled.
    sim.store.settle('Job', job);
    expect(sim.store.waitingWhole().length).toBe(4);
  });

  // A tree of small objects and arrays (a Job or pod in miniature), and a few changes to it.
  const leaf = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', 'c'));
  const tree = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.dictionary(fc.constantFrom('k', 'l', 'm', 'n'), tie('node'), { maxKeys: 4 }),
      fc.array(tie('node'), { maxLength: 3 }),
    ),
  })).node;
  type Tree = unknown;

  /** The paths to every node of `t` (root excluded), in walk order. */
  function pathsOf(t: Tree, prefix: (string | number)[] = []): (string | number)[][] {
    if (typeof t !== 'object' || t === null) return [];
    const out: (string | number)[][] = [];
    for (const [k, v] of Object.entries(t)) {
      const key = Array.isArray(t) ? Number(k) : k;
      out.push([...prefix, key], ...pathsOf(v, [...prefix, key]));
    }
    return out;
  }

  /** What expanding means: a deep copy of the base with each path set in turn. */
  function applied(base: Tree, paths: (string | number)[][], values: unknown[]): Tree {
    const root = structuredClone(base) as Record<string | number, unknown>;
    paths.forEach((path, i) => {
      let node = root;
      for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
      node[path[path.length - 1]!] = values[i];
    });
    return root;
  }

  it('expands any list of changed paths to the base with each change applied, in walk order or not', () => {
    fc.assert(
      fc.property(
        tree.filter((t) => typeof t === 'object' && t !== null && pathsOf(t).length > 0),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.array(leaf, { minLength: 6, maxLength: 6 }),
        (base, picks, inOrder, values) => {
          const all = pathsOf(base);
          // Distinct nodes, none inside another one picked (a replaced subtree is not walked into).
          const chosen: (string | number)[][] = [];
          for (const p of picks.map((i) => all[i % all.length]!)) {
            const within = (a: (string | number)[], b: (string | number)[]) => a.length <= b.length && a.every((k, j) => k === b[j]);
            if (!chosen.some((c) => within(c, p) || within(p, c))) chosen.push(p);
          }
          const paths = inOrder ? all.filter((p) => chosen.includes(p)) : chosen;
          const vals = values.slice(0, paths.length);
          const frozen = structuredClone(base);
          const back = new Compact(base as object, paths, vals).expand();
          expect(back).toEqual(applied(base, paths, vals));
          expect(base).toEqual(frozen); // the base is never written to
        },
      ),
      { numRuns: 500 },
    );
  });
});
