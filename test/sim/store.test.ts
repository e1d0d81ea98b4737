// The store's API semantics where kube-apiserver treats custom resources unlike built-in kinds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/cluster/port.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { isCustomResource } from '../../src/sim/store.js';
import { createJob, newSim, NS } from './support.js';

const batch = (name: string) =>
  ({ apiVersion: 'jobsim.io/v1', kind: 'RadixBatch', metadata: { name, namespace: NS }, spec: { jobs: [] }, status: {} }) as unknown as KubeObject;

describe('store: updates without metadata.resourceVersion', () => {
  it('tells custom resources by their API group', () => {
    for (const v of ['v1', 'batch/v1', 'apps/v1', 'policy/v1', 'networking.k8s.io/v1', 'apiextensions.k8s.io/v1']) expect(isCustomResource(v), v).toBe(false);
    for (const v of ['jobsim.io/v1', 'radix.equinor.com/v1', 'example.com/v1alpha1']) expect(isCustomResource(v), v).toBe(true);
  });

  it('refuses to update a custom resource without a resourceVersion: 422 "must be specified for an update" (kube-apiserver)', () => {
    const sim = newSim();
    const created = sim.store.create('RadixBatch', batch('b1'));
    const unconditional = { ...created, metadata: { ...created.metadata, resourceVersion: undefined } };
    for (const sub of [undefined, 'status'] as const) {
      let err: unknown;
      try {
        sim.store.update('RadixBatch', unconditional, sub);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ClusterError);
      expect((err as ClusterError).code).toBe(422);
      expect((err as Error).message).toContain('metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');
    }
    // With the resourceVersion it is accepted.
    expect(sim.store.update('RadixBatch', created).metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
  });

  it('still updates a built-in kind without a resourceVersion (unconditional write)', () => {
    const sim = newSim();
    const job = createJob(sim, 'j', {});
    const updated = sim.store.update('Job', { ...job, metadata: { ...job.metadata, resourceVersion: undefined, labels: { a: 'b' } } });
    expect(updated.metadata.labels).toEqual({ a: 'b' });
  });

  it('the sim port writes like the kubernetes port: status unconditionally (a JSON patch), spec by read-then-replace', async () => {
    const sim = newSim();
    const port = sim.port(NS);
    const created = (await port.create('RadixBatch', batch('b2') as never)) as unknown as KubeObject & { status: unknown; spec: { jobs: unknown[] } };
    const status = await port.updateStatus('RadixBatch', { ...created, metadata: { ...created.metadata, resourceVersion: undefined }, status: { condition: { type: 'Active' } } } as never);
    expect((status as unknown as { status: unknown }).status).toEqual({ condition: { type: 'Active' } });
    const spec = await port.update('RadixBatch', { ...created, metadata: { ...created.metadata, resourceVersion: undefined }, spec: { jobs: [{ name: 'x' }] } } as never);
    expect((spec as unknown as { spec: unknown }).spec).toEqual({ jobs: [{ name: 'x' }] });
    // A stale resourceVersion still conflicts.
    await expect(port.update('RadixBatch', created as never)).rejects.toMatchObject({ code: 409 });
  });
});

describe('store: objects an owner has', () => {
  const pod = (name: string, uid: string) =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid, controller: true }] }, spec: { containers: [] } }) as unknown as KubeObject;

  it("finds an owner's dependents in its namespace, in the kinds whose references name its kind", () => {
    const sim = newSim();
    sim.store.create('Pod', pod('p1', 'u1'));
    sim.store.create('Pod', pod('p2', 'u1'));
    sim.store.create('Pod', { ...pod('elsewhere', 'u1'), metadata: { ...pod('elsewhere', 'u1').metadata, namespace: 'other' } } as KubeObject);
    expect(sim.store.dependentsOf('u1', NS, 'Job')).toEqual([
      ['Pod', NS, 'p1'],
      ['Pod', NS, 'p2'],
    ]);
    // A cluster-scoped owner (no namespace): every namespace; an owner of unknown kind: every kind.
    expect(sim.store.dependentsOf('u1')).toHaveLength(3);
    // No pod's owner is a RadixBatch: the uid is not looked up there.
    expect(sim.store.dependentsOf('u1', NS, 'RadixBatch')).toEqual([]);
    sim.store.forgetOwner('u1', NS, 'Job');
    expect(sim.store.dependentsOf('u1', NS, 'Job')).toEqual([]);
    expect(sim.store.dependentsOf('u1', 'other', 'Job')).toEqual([['Pod', 'other', 'elsewhere']]);
  });

  it('lists a name deleted and added again once, in key order (a large list, read before)', () => {
    const sim = newSim();
    for (let i = 0; i < 12; i++) sim.store.create('Pod', pod(`p${i}`, 'u1'));
    expect(sim.store.owned('Pod', NS, 'u1')).toHaveLength(12);
    sim.store.delete('Pod', NS, 'p3');
    expect(sim.store.owned('Pod', NS, 'u1').map((p) => p.metadata.name)).not.toContain('p3');
    sim.store.create('Pod', pod('p3', 'u1'));
    sim.store.create('Pod', pod('p12', 'u1'));
    expect(sim.store.owned('Pod', NS, 'u1').map((p) => p.metadata.name)).toEqual(['p0', 'p1', 'p10', 'p11', 'p12', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
  });

  it('lists them in key order after any adds and deletes, read between them or not (the sorted list kept in step)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.integer({ min: 0, max: 23 }).map((i) => `pod-${i}`), del: fc.boolean(), read: fc.boolean() }), { minLength: 30, maxLength: 80 }),
        (ops) => {
          const sim = newSim();
          const live = new Set<string>();
          const check = () => expect(sim.store.owned('Pod', NS, 'u1').map((p) => p.metadata.name)).toEqual([...live].sort());
          for (const { name, del, read } of ops) {
            if (del && live.has(name)) {
              sim.store.delete('Pod', NS, name);
              live.delete(name);
            } else if (!live.has(name)) {
              sim.store.create('Pod', pod(name, 'u1'));
              live.add(name);
            }
            if (read) check();
          }
          check();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('store: change observers', () => {
  it('tell each change with the version before it, and stop when let go', () => {
    const sim = newSim();
    const seen: [string, string | undefined, string | undefined][] = [];
    const stop = sim.store.observe('RadixBatch', (type, obj, previous) => seen.push([type, obj.metadata.resourceVersion, previous?.metadata.resourceVersion]));
    const created = sim.store.create('RadixBatch', batch('b1'));
    const updated = sim.store.update('RadixBatch', { ...created, status: { condition: { type: 'Active' } } } as KubeObject, 'status');
    const gone = sim.store.delete('RadixBatch', NS, 'b1');
    expect(seen).toEqual([
      ['ADDED', created.metadata.resourceVersion, undefined],
      ['MODIFIED', updated.metadata.resourceVersion, created.metadata.resourceVersion],
      // A deletion: the deleted version is the one before it.
      ['DELETED', gone.metadata.resourceVersion, updated.metadata.resourceVersion],
    ]);
    stop();
    sim.store.create('RadixBatch', batch('b2'));
    expect(seen).toHaveLength(3);
  });
});
