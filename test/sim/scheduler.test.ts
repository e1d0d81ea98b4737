// kube-scheduler's filtering (requests vs allocatable, nodeSelector, taints, cordon), its
// Unschedulable condition and FailedScheduling message, and binding as soon as capacity frees.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { NodeSelectorRequirement, Pod } from '../../src/cluster/types.js';
import { defaultNodes } from '../../src/sim/config.js';
import { feasibleNodesToFind, unschedulableMessage } from '../../src/sim/podScheduler.js';
import { createJob, eventsAbout, podsOf, newSim, secondsOf, EXACT } from './support.js';

/** One node without room for the pod's cpu until a pod of the same priority ends: preemption finds no victim. */
const FULL_NODE = '0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';

describe('scheduler', () => {
  it('leaves a pod that fits nowhere Pending with PodScheduled=False/Unschedulable and a FailedScheduling event', async () => {
    const sim = newSim();
    createJob(sim, 'huge', { requests: { memory: '32Gi' } });
    await sim.advance(1);
    const pod = podsOf(sim, 'huge')[0]!;
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status?.conditions).toEqual([
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.' }),
    ]);
    expect(eventsAbout(sim, pod.metadata.name)).toContain('FailedScheduling: 0/3 nodes are available: 3 Insufficient memory. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    // Nothing is scheduled: the simulation is idle even though the pod waits.
    await sim.runUntilIdle();
    expect(podsOf(sim, 'huge')[0]!.status?.phase).toBe('Pending');
  });

  it('keeps no earlier version of a waiting pod alive (a backlog of 100,000 kept two of each)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const sim = newSim();
    const created: WeakRef<Pod>[] = [];
    const stop = sim.store.watch('Pod', (e) => {
      if (e.type === 'ADDED') created.push(new WeakRef(e.object as Pod));
    });
    createJob(sim, 'huge', { requests: { memory: '32Gi' } });
    await sim.advance(1);
    stop();
    expect(created).toHaveLength(1);
    // The pod as created was replaced by its Unschedulable version; the scheduler waits on that one.
    expect(podsOf(sim, 'huge')[0]!.status?.conditions?.[0]?.reason).toBe('Unschedulable');
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
    expect(created[0]!.deref()).toBeUndefined();
  });

  it('counts each reason per node, as Kubernetes does', async () => {
    const sim = newSim({ nodes: defaultNodes(3) });
    sim.nodes.cordon('node-1', true);
    createJob(sim, 'big', { requests: { cpu: '6', memory: '1Gi' } });
    await sim.advance(1);
    expect(podsOf(sim, 'big')[0]!.status?.conditions?.[0]?.message).toBe('0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });

  it("words a mixed refusal as kube-scheduler 1.36 does (the messages seen on the local control plane's three kwok nodes)", async () => {
    // A taint on one node, another cordoned, 3 of the third's 4 cpu taken: then kube-scheduler's
    // filters stop at the first plugin that refuses (taint before selector), the reasons are
    // counted and sorted as strings, and preemption helps nowhere: it finds no victim of lower
    // priority on the full node, and does not try the others.
    const [tainted, cordoned, third] = defaultNodes(3);
    const sim = newSim({ ...EXACT, nodes: [{ ...tainted!, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }, cordoned!, third!] });
    sim.nodes.cordon('node-2', true);
    createJob(sim, 'fill', { requests: { cpu: '3' }, env: { WORKLOAD_SECONDS: '600' } });
    await sim.advance(1);
    expect(podsOf(sim, 'fill')[0]!.spec.nodeName).toBe('node-3');
    createJob(sim, 'mix2', { requests: { cpu: '2', memory: '1Gi' } });
    createJob(sim, 'mix5', { requests: { cpu: '5', memory: '1Gi' } });
    createJob(sim, 'mixsel', { requests: { cpu: '2', memory: '1Gi' }, nodeSelector: { foo: 'bar' } });
    createJob(sim, 'both', { requests: { cpu: '2', memory: '20Gi' } });
    await sim.advance(1);
    const message = (job: string) => podsOf(sim, job)[0]!.status?.conditions?.[0]?.message;
    expect(message('mix2')).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    expect(message('mix5')).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    expect(message('mixsel')).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(message('both')).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('sorts the counted reasons as strings, as Go sorts them ("10 ..." before "2 ...")', () => {
    const full = { reasons: ['Insufficient cpu'], unresolvable: false };
    const tainted = { reasons: ['node(s) had untolerated taint(s)'], unresolvable: true };
    expect(unschedulableMessage([...Array<typeof full>(10).fill(full), tainted, tainted])).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    expect(unschedulableMessage([full, full, tainted])).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(unschedulableMessage([])).toBe('no nodes available to schedule pods');
  });

  it('binds a waiting pod as soon as capacity frees up', async () => {
    // Exact times (latency off): binding and start-up take no time, so the second pod is marked Unschedulable within the first second.
    const sim = newSim({ ...EXACT, nodes: [{ name: 'small', cpu: '2', memory: '4Gi' }] });
    createJob(sim, 'first', { requests: { cpu: '2' }, env: { WORKLOAD_SECONDS: '30' } });
    createJob(sim, 'second', { requests: { cpu: '2' }, env: { WORKLOAD_SECONDS: '5' } });
    await sim.advance(1);
    expect(podsOf(sim, 'second')[0]!.status?.conditions?.[0]?.message).toBe(FULL_NODE);
    await sim.runUntilIdle();
    const second = podsOf(sim, 'second')[0]!;
    expect(second.spec.nodeName).toBe('small');
    expect(secondsOf(sim, second.status?.containerStatuses?.[0]?.state.terminated?.startedAt)).toBe(30);
  });

  it('marks every pod of a large backlog Unschedulable once, and binds them in order as capacity frees', async () => {
    // Exact times (latency off): each pair of pods runs back to back, so the last one starts at exactly 740 s.
    const sim = newSim({ ...EXACT, nodes: [{ name: 'small', cpu: '2', memory: '4Gi' }] });
    for (let i = 0; i < 150; i++) createJob(sim, `j${String(i).padStart(3, '0')}`, { requests: { cpu: '1' }, env: { WORKLOAD_SECONDS: '10' } });
    await sim.advance(1);
    const pending = Array.from({ length: 150 }, (_, i) => podsOf(sim, `j${String(i).padStart(3, '0')}`)[0]!).filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(148);
    for (const pod of pending) {
      expect(pod.status?.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: FULL_NODE })]);
      expect(eventsAbout(sim, pod.metadata.name)).toEqual([`FailedScheduling: ${FULL_NODE}`]);
    }
    await sim.runUntilIdle();
    // Two at a time, in creation order: the last pair starts after 74 rounds of 10 s.
    const last = podsOf(sim, 'j149')[0]!;
    expect(secondsOf(sim, last.status?.containerStatuses?.[0]?.state.terminated?.startedAt)).toBe(740);
  });

  it('drops a waiting pod that is deleted, or deleted and created again under its name, and binds the rest in order', async () => {
    // Exact times (latency off): start times are exact multiples of the 10 s run time.
    const sim = newSim({ ...EXACT, nodes: [{ name: 'small', cpu: '2', memory: '4Gi' }] });
    for (let i = 0; i < 6; i++) createJob(sim, `j${i}`, { requests: { cpu: '1' }, env: { WORKLOAD_SECONDS: '10' } });
    await sim.advance(1);
    // j2..j5 wait. j3's pod is deleted; j4's is deleted and a pod of the same name (a new uid) made.
    const gone = podsOf(sim, 'j3')[0]!;
    const renamed = podsOf(sim, 'j4')[0]!;
    sim.store.delete('Pod', gone.metadata.namespace, gone.metadata.name);
    sim.store.delete('Pod', renamed.metadata.namespace, renamed.metadata.name);
    const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, ...meta } = renamed.metadata;
    sim.store.create('Pod', { ...renamed, metadata: { ...meta, ownerReferences: undefined }, status: { phase: 'Pending' } });
    await sim.runUntilIdle();
    const startedAt = (p: Pod) => secondsOf(sim, p.status?.containerStatuses?.[0]?.state.terminated?.startedAt);
    const started = (job: string) => podsOf(sim, job).map(startedAt);
    // The deleted pods are skipped: j5 takes the second slot at 10 s.
    expect(started('j2')).toEqual([10]);
    expect(started('j5')).toEqual([10]);
    // Then in the order they were queued: the pod now under j4's old name (created first), then
    // the replacements the Job controller made for j3 and j4.
    const impostor = sim.store.get<Pod>('Pod', renamed.metadata.namespace, renamed.metadata.name)!;
    expect(impostor.metadata.uid).not.toBe(renamed.metadata.uid);
    expect(startedAt(impostor)).toBe(20);
    expect(started('j3')).toEqual([20]);
    expect(podsOf(sim, 'j4').filter((p) => p.metadata.uid !== impostor.metadata.uid).map(startedAt)).toEqual([30]);
  });

  it('gives every waiting pod of a deep backlog the reason that holds once the nodes change', async () => {
    const sim = newSim({ nodes: [{ name: 'small', cpu: '2', memory: '4Gi' }] });
    for (let i = 0; i < 150; i++) createJob(sim, `j${String(i).padStart(3, '0')}`, { requests: { cpu: '1' }, env: { WORKLOAD_SECONDS: '10' } });
    await sim.advance(1);
    // A node the pods do not tolerate: nothing more fits, but every reason now counts two nodes
    // (kube-scheduler retries its whole unschedulable queue on a node event), the 148th pod's too.
    sim.nodes.add({ name: 'tainted', cpu: '64', memory: '256Gi', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    await sim.advance(1);
    const pending = Array.from({ length: 150 }, (_, i) => podsOf(sim, `j${String(i).padStart(3, '0')}`)[0]!).filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(148);
    const reason =
      '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.';
    for (const pod of pending) expect(pod.status?.conditions?.[0]?.message).toBe(reason);
    expect(eventsAbout(sim, pending[147]!.metadata.name)).toEqual([`FailedScheduling: ${FULL_NODE}`, `FailedScheduling: ${reason}`]);
    // Pods finishing only free capacity: the pods behind the head are not all tried again.
    await sim.advance(10);
    expect(podsOf(sim, 'j149')[0]!.status?.conditions?.[0]?.message).toBe(reason);
  });

  it("gives each pod of a mixed backlog its own reasons (pods that fit nowhere in one pass are not all alike)", async () => {
    // Exact times (latency off): the reasons are read in the instant the pods were tried.
    const sim = newSim({ ...EXACT, nodes: [{ name: 'small', cpu: '2', memory: '4Gi', labels: { 'kubernetes.io/arch': 'amd64' } }] });
    createJob(sim, 'fill', { requests: { cpu: '2' }, env: { WORKLOAD_SECONDS: '10' } });
    // Arriving together to a full node: alike pods, then pods that differ in requests, selector and
    // tolerations (each of the alike ones shares its template's requests).
    createJob(sim, 'cpu1', { requests: { cpu: '1' } });
    createJob(sim, 'cpu2', { requests: { cpu: '1' } });
    createJob(sim, 'memory', { requests: { memory: '8Gi' } });
    createJob(sim, 'arm', { nodeSelector: { 'kubernetes.io/arch': 'arm64' } });
    createJob(sim, 'arm2', { nodeSelector: { 'kubernetes.io/arch': 'arm64' } });
    createJob(sim, 'amd', { requests: { cpu: '1' }, nodeSelector: { 'kubernetes.io/arch': 'amd64' } });
    createJob(sim, 'tolerant', { requests: { memory: '8Gi' }, tolerations: [{ key: 'x', operator: 'Exists', effect: 'NoSchedule' }] });
    createJob(sim, 'cpu3', { requests: { cpu: '1' } });
    await sim.advance(1);
    const message = (job: string) => podsOf(sim, job)[0]!.status?.conditions?.[0]?.message;
    expect(message('cpu1')).toBe(FULL_NODE);
    expect(message('cpu2')).toBe(FULL_NODE);
    expect(message('memory')).toBe('0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
    expect(message('arm')).toBe("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    expect(message('arm2')).toBe("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    expect(message('amd')).toBe(FULL_NODE);
    expect(message('tolerant')).toBe('0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
    expect(message('cpu3')).toBe(FULL_NODE);
    // Capacity freed: the same pods are placed again (the remembered misfit is of another capacity).
    await sim.advance(10);
    expect(podsOf(sim, 'cpu1')[0]!.spec.nodeName).toBe('small');
    expect(podsOf(sim, 'cpu2')[0]!.spec.nodeName).toBe('small');
    expect(message('cpu3')).toBe(FULL_NODE);
  });

  it('honours nodeSelector on node labels (architecture, node type)', async () => {
    const sim = newSim({
      nodes: [
        { name: 'x86', cpu: '4', memory: '16Gi', labels: { 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'standard-4' } },
        { name: 'arm', cpu: '4', memory: '16Gi', labels: { 'kubernetes.io/arch': 'arm64', 'node.kubernetes.io/instance-type': 'standard-4' } },
      ],
    });
    createJob(sim, 'on-arm', { nodeSelector: { 'kubernetes.io/arch': 'arm64' } });
    createJob(sim, 'on-gpu', { nodeSelector: { 'node.kubernetes.io/instance-type': 'gpu-8' } });
    await sim.advance(1);
    expect(podsOf(sim, 'on-arm')[0]!.spec.nodeName).toBe('arm');
    expect(podsOf(sim, 'on-gpu')[0]!.status?.conditions?.[0]?.message).toBe("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  });

  it('honours required node affinity (In, NotIn, Gt) on node labels', async () => {
    const sim = newSim({
      nodes: [
        { name: 'plain', cpu: '4', memory: '16Gi' },
        { name: 'gpu1', cpu: '4', memory: '16Gi', labels: { 'radix-node-gpu': 'a100', 'radix-node-gpu-count': '1' } },
        { name: 'gpu4', cpu: '4', memory: '16Gi', labels: { 'radix-node-gpu': 'a100', 'radix-node-gpu-count': '4' } },
      ],
    });
    const affinity = (...matchExpressions: NodeSelectorRequirement[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } });
    createJob(sim, 'two-gpus', { affinity: affinity({ key: 'radix-node-gpu', operator: 'In', values: ['a100'] }, { key: 'radix-node-gpu-count', operator: 'Gt', values: ['1'] }) });
    createJob(sim, 'no-a100', { affinity: affinity({ key: 'radix-node-gpu', operator: 'NotIn', values: ['a100'] }) });
    createJob(sim, 'v100', { affinity: affinity({ key: 'radix-node-gpu', operator: 'In', values: ['v100'] }) });
    await sim.advance(1);
    expect(podsOf(sim, 'two-gpus')[0]!.spec.nodeName).toBe('gpu4');
    expect(podsOf(sim, 'no-a100')[0]!.spec.nodeName).toBe('plain');
    expect(podsOf(sim, 'v100')[0]!.status?.conditions?.[0]?.message).toBe("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });

  it('keeps pods off tainted nodes unless they tolerate the taint', async () => {
    const sim = newSim({ nodes: [{ name: 'gpu', cpu: '8', memory: '64Gi', taints: [{ key: 'sku', value: 'gpu', effect: 'NoSchedule' }] }] });
    createJob(sim, 'plain');
    createJob(sim, 'tolerant', { tolerations: [{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
    await sim.advance(1);
    expect(podsOf(sim, 'plain')[0]!.status?.conditions?.[0]?.message).toBe('0/1 nodes are available: 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
    expect(podsOf(sim, 'tolerant')[0]!.spec.nodeName).toBe('gpu');
  });

  it('does not bind to a cordoned node, and binds once it is uncordoned', async () => {
    // Exact times (latency off): the pod is bound in the instant the node is uncordoned.
    const sim = newSim({ ...EXACT, nodes: [{ name: 'only', cpu: '4', memory: '16Gi' }] });
    sim.nodes.cordon('only', true);
    createJob(sim, 'waiting');
    await sim.advance(10);
    expect(podsOf(sim, 'waiting')[0]!.status?.conditions?.[0]?.message).toBe('0/1 nodes are available: 1 node(s) were unschedulable. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
    sim.nodes.cordon('only', false);
    await sim.advance(0);
    expect(podsOf(sim, 'waiting')[0]!.spec.nodeName).toBe('only');
  });

  it('binds pending pods to a node added later', async () => {
    const sim = newSim({ nodes: [{ name: 'late', cpu: '4', memory: '16Gi', at: 100 }] });
    createJob(sim, 'early');
    await sim.runUntilIdle();
    const pod = podsOf(sim, 'early')[0]!;
    expect(pod.spec.nodeName).toBe('late');
    expect(secondsOf(sim, pod.status?.containerStatuses?.[0]?.state.terminated?.startedAt)).toBe(100);
  });
});

describe('scheduler on a large cluster (percentageOfNodesToScore)', () => {
  it("looks for kube-scheduler's number of feasible nodes: all below 100, then 50% less 1% per 125 nodes, at least 5% and 100", () => {
    expect([1, 99, 100, 200, 1000, 5000, 6000].map(feasibleNodesToFind)).toEqual([1, 99, 100, 100, 420, 500, 300]);
  });

  it('takes the best of the first nodes that fit from where the last pod stopped looking, so pods spread over every node', async () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => ({ name: `n${String(i).padStart(4, '0')}`, cpu: '4', memory: '16Gi' }));
    // Exact times (latency off): the three pods are tried in one pass, in the order they came.
    const sim = newSim({ ...EXACT, nodes });
    for (const name of ['a', 'b', 'c']) createJob(sim, name, { env: { WORKLOAD_SECONDS: '600' } });
    await sim.advance(1);
    // a: nodes 0-419, all alike (the first taken); b: 420-839; c: 840-999 and 0-259, where n0000 has a's pod.
    expect(['a', 'b', 'c'].map((name) => podsOf(sim, name)[0]!.spec.nodeName)).toEqual(['n0000', 'n0420', 'n0840']);
  });

  it('tells a pod that fits nowhere about every node', async () => {
    const nodes = Array.from({ length: 300 }, (_, i) => ({ name: `n${i}`, cpu: '1', memory: '1Gi' }));
    const sim = newSim({ nodes });
    createJob(sim, 'huge', { requests: { cpu: '2' } });
    await sim.advance(1);
    expect(podsOf(sim, 'huge')[0]!.status?.conditions?.[0]?.message).toMatch(/^0\/300 nodes are available: 300 Insufficient cpu\. /);
  });
});
