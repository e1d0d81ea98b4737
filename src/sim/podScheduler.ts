// kube-scheduler: binds pending pods to nodes whose free cpu, memory and pod slots fit the pod's
// requests, honouring nodeSelector, taints and cordons. Pods that fit nowhere stay Pending with
// PodScheduled=False/Unschedulable and are retried whenever capacity frees up.
import { cpuMillis, memoryBytes } from '../cluster/quantity.js';
import type { Affinity, Node, NodeSelectorRequirement, Pod, Taint, Toleration } from '../cluster/types.js';
import type { SimContext } from './context.js';
import { copyWith } from '../common/shapes.js';
import { resourceWith } from './objects.js';

interface Usage {
  cpu: number;
  memory: number;
  pods: number;
}

/**
 * Requests of a lone container, by its resources object: the Jobs of a batch share theirs (the
 * component's), so each is parsed once. Keyed by the containers array instead, every Job's template
 * had an entry: 100,000 ephemerons for each full garbage collection to trace.
 */
const requestCache = new WeakMap<object, Usage>();
/** A pod without requests still takes a pod slot. Never mutated (callers only read requests). */
const NO_REQUESTS: Usage = Object.freeze({ cpu: 0, memory: 0, pods: 1 });

function podRequests(pod: Pod): Usage {
  const containers = pod.spec.containers;
  if (containers.length !== 1) return requestsOf(containers);
  const resources = containers[0]!.resources;
  if (!resources) return NO_REQUESTS;
  let req = requestCache.get(resources);
  if (!req) requestCache.set(resources, (req = requestsOf(containers)));
  return req;
}

function requestsOf(containers: Pod['spec']['containers']): Usage {
  let cpu = 0;
  let memory = 0;
  for (const c of containers) {
    // Kubernetes defaults requests to limits when only limits are set.
    cpu += cpuMillis(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    memory += memoryBytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
  }
  return { cpu, memory, pods: 1 };
}

/** Allocatable capacity by node object (a changed node is a new object). */
const allocatableCache = new WeakMap<Node, Usage>();

function allocatable(node: Node): Usage {
  let a = allocatableCache.get(node);
  if (!a) {
    a = {
      cpu: cpuMillis(node.status.allocatable.cpu),
      memory: memoryBytes(node.status.allocatable.memory),
      pods: Number(node.status.allocatable.pods ?? 110),
    };
    allocatableCache.set(node, a);
  }
  return a;
}

function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some(
    (t) =>
      (t.effect === undefined || t.effect === '' || t.effect === taint.effect) &&
      (t.operator === 'Exists' ? t.key === undefined || t.key === taint.key : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
  );
}

/** An affinity as a comparable value (rare: only GPU jobs have one). */
function affinityKey(affinity: Affinity | undefined): string | undefined {
  return affinity === undefined ? undefined : JSON.stringify(affinity);
}

/** Whether a node's labels meet one requirement of a node selector term (Kubernetes' operators). */
function meets(labels: Record<string, string> | undefined, r: NodeSelectorRequirement): boolean {
  const value = labels?.[r.key];
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      // Both sides must be integers; otherwise the requirement does not hold.
      const [bound] = r.values ?? [];
      if (value === undefined || bound === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(bound)) return false;
      return r.operator === 'Gt' ? Number(value) > Number(bound) : Number(value) < Number(bound);
    }
  }
}

/** The pod's required node affinity: held when any term has all its requirements met (no terms: held). */
function affinityHolds(affinity: Affinity | undefined, labels: Record<string, string> | undefined): boolean {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => (t.matchExpressions ?? []).every((r) => meets(labels, r)));
}

/** Equal node selectors (the Jobs of a batch each have their own, with the same content). */
function sameSelector(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

function sameTolerations(a: Toleration[] | undefined, b: Toleration[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.key !== y.key || x.operator !== y.operator || x.value !== y.value || x.effect !== y.effect) return false;
  }
  return true;
}

/** Why a node rejects a pod: a filter plugin's reasons, and whether evicting pods could not help. */
interface Misfit {
  reasons: readonly string[];
  unresolvable: boolean;
}

const UNSCHEDULABLE_NODE: Misfit = Object.freeze({ reasons: Object.freeze(['node(s) were unschedulable']), unresolvable: true });
const UNTOLERATED_TAINT: Misfit = Object.freeze({ reasons: Object.freeze(['node(s) had untolerated taint(s)']), unresolvable: true });
const SELECTOR_MISMATCH: Misfit = Object.freeze({ reasons: Object.freeze(["node(s) didn't match Pod's node affinity/selector"]), unresolvable: true });

/** `0/N nodes are available: <count> <reason>, ...` with the counts as kube-scheduler sorts them (as strings). */
function nodesAvailable(total: number, counts: Map<string, number>): string {
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

/**
 * kube-scheduler 1.36's FailedScheduling message for a pod no node takes (`misfits`: each node's
 * reason): the filters' reasons counted over the nodes, then its PostFilter plugins' answers: the
 * DynamicResources plugin's (the pod claims no devices) and preemption's, which finds no victim on
 * a node a resource short (every pod here has the same priority) and does not try one a filter
 * rejects for good. No nodes at all: the scheduler's own error.
 */
export function unschedulableMessage(misfits: readonly (Misfit | undefined)[]): string {
  if (misfits.length === 0) return 'no nodes available to schedule pods';
  const reasons = new Map<string, number>();
  const preemption = new Map<string, number>();
  for (const m of misfits) {
    if (!m) continue;
    for (const r of m.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const p = m.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod';
    preemption.set(p, (preemption.get(p) ?? 0) + 1);
  }
  return `${nodesAvailable(misfits.length, reasons)} no new claims to deallocate, preemption: ${nodesAvailable(misfits.length, preemption)}`;
}

/**
 * How many feasible nodes kube-scheduler looks for before it stops filtering (its
 * numFeasibleNodesToFind with the default percentageOfNodesToScore): every node below 100 nodes,
 * else 50% less 1% per 125 nodes, at least 5% and at least 100 nodes (420 of 1,000; 500 of 5,000).
 */
export function feasibleNodesToFind(nodes: number): number {
  if (nodes < 100) return nodes;
  const percentage = Math.max(5, 50 - Math.floor(nodes / 125));
  return Math.max(100, Math.floor((nodes * percentage) / 100));
}

export class PodScheduler {
  private usage = new Map<string, Usage>();
  /**
   * Where the next scheduling cycle starts looking, as kube-scheduler's nextStartNodeIndex: past the
   * nodes the last cycle looked at, so a large cluster's pods spread over all of it.
   */
  private nextStart = 0;
  /** pod uid -> node it holds resources on */
  private bound = new Map<string, { node: string; req: Usage }>();
  /**
   * Pods not tried yet, in arrival order (the stored version is read when it is their turn; a pod
   * deleted meanwhile is skipped then).
   * Every pod is tried once: bound, or marked Unschedulable and queued behind (`queue`).
   */
  private fresh: Pod[] = [];
  /**
   * Pods that fit nowhere when tried (kube-scheduler's unschedulable queue), in order from `head`,
   * as stored when last tried; a slot is emptied when its pod is bound, and a pod deleted or bound
   * by someone else is found so (and dropped) when its turn comes. No map by uid beside it: a
   * lookup in one of 100,000 pods per try, and an insert and a delete per pod, cost more than
   * reading the pod's stored version, which each try needs anyway.
   */
  private queue: (Pod | undefined)[] = [];
  private head = 0;
  private pendingPass = false;
  /**
   * The nodes themselves changed (added, removed, cordoned, resized): the next pass tries every
   * waiting pod, so each gets the reason that now holds (kube-scheduler moves its unschedulable
   * queue back to active on such events). Pods finishing only free capacity: a pass then stops at
   * 64 misfits in a row, as the head of the queue still fits nowhere.
   */
  private fullPass = false;
  /**
   * Within one pass (the nodes and their usage as they are), the last pod found to fit nowhere, by
   * what decides that: the pod's requests (by value: every Job has a template of its own), node
   * selector and tolerations. A backlog of such pods (100,000 arriving at once, or the head of the
   * queue after each wave) is told so without filtering each against every node. Forgotten when
   * the pass binds a pod (free capacity changed); each pass starts without one.
   */
  private lastMisfit:
    | { cpu: number; memory: number; selector: Record<string, string> | undefined; affinity: string | undefined; tolerations: Toleration[] | undefined; message: string }
    | undefined;
  /** Called with a pod bound but not yet written (the kubelet of that node writes it and takes it from there). */
  onBound: ((pod: Pod) => void) | undefined;

  constructor(private readonly ctx: SimContext) {}

  /** A new unbound pod, or capacity/nodes changed: try to place pods soon (one scheduling cycle). */
  enqueue(pod: Pod): void {
    this.fresh.push(pod);
    this.requestPass();
  }

  requestPass(): void {
    if (this.pendingPass || (this.head === this.queue.length && this.fresh.length === 0)) return;
    this.pendingPass = true;
    // A scheduling cycle takes the model's podScheduling (none with latency off: the same instant);
    // pods queued meanwhile go in the same pass.
    this.ctx.after(this.ctx.latency.ms('podScheduling'), () => {
      this.pendingPass = false;
      this.pass();
    });
  }

  /** A pod finished or was deleted: give its resources back. */
  release(pod: Pod): void {
    const key = pod.metadata.uid!;
    // A pod still in `fresh` or `queue` is skipped when its turn comes (it is gone from the store).
    const b = this.bound.get(key);
    if (!b) return;
    this.bound.delete(key);
    const u = this.usage.get(b.node);
    if (u) {
      u.cpu -= b.req.cpu;
      u.memory -= b.req.memory;
      u.pods -= 1;
    }
    if (this.head < this.queue.length) this.requestPass();
  }

  /** A node was added, changed or removed: every waiting pod is tried again (see fullPass). */
  nodesChanged(): void {
    this.fullPass = true;
    this.requestPass();
  }

  nodeRemoved(name: string): void {
    this.usage.delete(name);
    for (const [key, b] of this.bound) if (b.node === name) this.bound.delete(key);
  }

  private nodes(): Node[] {
    return this.ctx.store.list<Node>('Node');
  }

  /** The stored version of a queued pod, if it is still that pod (same uid), unbound and not being deleted. */
  private current(queued: Pod): Pod | undefined {
    const pod = this.ctx.store.get<Pod>('Pod', queued.metadata.namespace, queued.metadata.name);
    return !pod || pod.metadata.uid !== queued.metadata.uid || pod.spec.nodeName || pod.metadata.deletionTimestamp ? undefined : pod;
  }


  private pass(): void {
    const nodes = this.nodes();
    let consecutiveFailures = 0;
    const maxFailures = this.fullPass ? Number.POSITIVE_INFINITY : 64;
    this.fullPass = false;
    this.lastMisfit = undefined;
    // Pods that did not fit before, in order, until 64 in a row still do not (unless the nodes
    // changed): the cluster is full for the head of the queue, and the pods behind it keep the
    // condition they were given, which still holds.
    for (let i = this.head; i < this.queue.length; i++) {
      const queued = this.queue[i];
      if (queued !== undefined) {
        const pod = this.current(queued);
        const left = pod && this.tryBind(pod, nodes);
        if (left) {
          // Hold the version now stored (an older one would be kept alive only by this queue).
          if (left !== queued) this.queue[i] = left;
          if (++consecutiveFailures >= maxFailures) break;
          continue;
        }
        // Bound, or gone: out of the queue.
        if (pod) consecutiveFailures = 0;
      }
      if (i === this.head) this.queue[this.head++] = undefined;
      else this.queue[i] = undefined;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    // Then every new pod, once: bound where it fits, else given PodScheduled=False/Unschedulable
    // with the reasons (as kube-scheduler does for each pod it pops) and queued behind.
    const fresh = this.fresh;
    for (let i = 0; i < fresh.length; i++) {
      const queued = fresh[i]!;
      const pod = this.current(queued);
      const left = pod && this.tryBind(pod, nodes);
      // The version the Unschedulable write left in the store, not the one that came in: at
      // 100,000 pending pods the queue kept both alive (~120 B a pod).
      if (left) this.queue.push(left);
    }
    this.fresh = [];
  }

  /**
   * Marks the pod PodScheduled=False/Unschedulable with `message` (once per message), with its
   * Event; answers the pod as now stored.
   */
  private unschedulable(pod: Pod, message: string): Pod {
    const already = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.message === message);
    if (already) return pod;
    const now = this.ctx.nowText();
    // The pods found unschedulable in one instant with one message share the condition.
    const conditions = this.ctx.sharedBy('unschedulable', [message], () => [
      { type: 'PodScheduled', status: 'False' as const, reason: 'Unschedulable', message, lastTransitionTime: now, lastProbeTime: undefined },
    ]);
    const stored = this.ctx.store.replace<Pod>('Pod', resourceWith(pod, { status: copyWith(pod.status, { phase: 'Pending', conditions }) }));
    this.ctx.recordEvent(pod, 'Warning', 'FailedScheduling', message, 'default-scheduler');
    this.ctx.log.appendAbout(this.ctx.now(), 'PodUnschedulable', 'Pod', pod.metadata.namespace, pod.metadata.name, message);
    return stored;
  }

  /** Whether the node can take the pod: `misfits` without building its reasons (most nodes are full at fan-out). */
  private fits(pod: Pod, req: Usage, node: Node, a: Usage, u: Usage | undefined): boolean {
    if (node.spec.unschedulable) return false;
    if (a.pods - (u?.pods ?? 0) < 1 || req.cpu > a.cpu - (u?.cpu ?? 0) || req.memory > a.memory - (u?.memory ?? 0)) return false;
    return pod.spec.nodeSelector === undefined && pod.spec.affinity === undefined && node.spec.taints === undefined ? true : this.misfits(pod, req, node, a, u) === undefined;
  }

  /**
   * Why a node cannot take the pod, or undefined when it fits: the first filter plugin that rejects
   * it, in kube-scheduler's order (NodeUnschedulable, TaintToleration, NodeAffinity,
   * NodeResourcesFit), with whether preemption could help there (`unresolvable` as the plugin's
   * status says: every reason but a resource short of what evicting pods would free).
   */
  private misfits(pod: Pod, req: Usage, node: Node, a: Usage, u: Usage | undefined): Misfit | undefined {
    if (node.spec.unschedulable) return UNSCHEDULABLE_NODE;
    if (node.spec.taints && node.spec.taints.some((t) => t.effect !== 'PreferNoSchedule' && !tolerates(pod.spec.tolerations, t))) return UNTOLERATED_TAINT;
    const selector = pod.spec.nodeSelector;
    if (selector) for (const k in selector) if (node.metadata.labels?.[k] !== selector[k]) return SELECTOR_MISMATCH;
    if (!affinityHolds(pod.spec.affinity, node.metadata.labels)) return SELECTOR_MISMATCH;
    let reasons: string[] | undefined;
    if (a.pods - (u?.pods ?? 0) < 1) (reasons ??= []).push('Too many pods');
    if (req.cpu > a.cpu - (u?.cpu ?? 0)) (reasons ??= []).push('Insufficient cpu');
    if (req.memory > a.memory - (u?.memory ?? 0)) (reasons ??= []).push('Insufficient memory');
    // NodeResourcesFit: a request above the node's allocatable fits there whatever is evicted.
    return reasons && { reasons, unresolvable: req.cpu > a.cpu || req.memory > a.memory };
  }

  /** Binds the pod where it fits (undefined), or marks it Unschedulable and answers it as now stored. */
  private tryBind(pod: Pod, nodes: Node[]): Pod | undefined {
    const req = podRequests(pod);
    const m = this.lastMisfit;
    const spec = pod.spec;
    if (
      m &&
      m.cpu === req.cpu &&
      m.memory === req.memory &&
      sameSelector(m.selector, spec.nodeSelector) &&
      m.affinity === affinityKey(spec.affinity) &&
      sameTolerations(m.tolerations, spec.tolerations)
    ) {
      return this.unschedulable(pod, m.message);
    }
    let best: Node | undefined;
    let bestScore = 0;
    // As kube-scheduler: nodes are filtered from where the last cycle stopped, until enough fit
    // (feasibleNodesToFind: all of a cluster below 100 nodes), and the best of those is taken.
    const count = nodes.length;
    const wanted = feasibleNodesToFind(count);
    const start = this.nextStart < count ? this.nextStart : 0;
    let looked = 0;
    let feasible = 0;
    while (looked < count && feasible < wanted) {
      const node = nodes[(start + looked) % count]!;
      looked++;
      const a = allocatable(node);
      const u = this.usage.get(node.metadata.name);
      if (!this.fits(pod, req, node, a, u)) continue;
      feasible++;
      // LeastAllocated scoring: prefer the node with the most free capacity left, ties to the first looked at.
      const score = (a.cpu - (u?.cpu ?? 0) - req.cpu) / Math.max(1, a.cpu) + (a.memory - (u?.memory ?? 0) - req.memory) / Math.max(1, a.memory);
      if (!best || score > bestScore) {
        best = node;
        bestScore = score;
      }
    }
    if (count > 0) this.nextStart = (start + looked) % count;
    const now = this.ctx.nowText();
    if (!best) {
      // Only now (no node fits): the FailedScheduling message, built as kube-scheduler builds it.
      const message = unschedulableMessage(nodes.map((node) => this.misfits(pod, req, node, allocatable(node), this.usage.get(node.metadata.name))));
      this.lastMisfit = { cpu: req.cpu, memory: req.memory, selector: spec.nodeSelector, affinity: affinityKey(spec.affinity), tolerations: spec.tolerations, message };
      return this.unschedulable(pod, message);
    }
    const nodeName = best.metadata.name;
    const u = this.usage.get(nodeName) ?? { cpu: 0, memory: 0, pods: 0 };
    u.cpu += req.cpu;
    u.memory += req.memory;
    u.pods += 1;
    this.lastMisfit = undefined;
    this.usage.set(nodeName, u);
    this.bound.set(pod.metadata.uid!, { node: nodeName, req });
    const boundPod: Pod = resourceWith(pod, {
      spec: copyWith(pod.spec, { nodeName }),
      // copyWith, not a spread: a spread copy given the new key got a hidden class per pod.
      status: copyWith(pod.status, {
        phase: 'Pending',
        conditions: this.ctx.shared('scheduled', () => [{ type: 'PodScheduled', status: 'True' as const, lastTransitionTime: now }]),
      }),
    });
    this.ctx.recordEvent(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, 'default-scheduler');
    this.ctx.log.appendAbout(this.ctx.now(), 'PodScheduled', 'Pod', pod.metadata.namespace, pod.metadata.name, undefined, { node: nodeName });
    // The kubelet writes the binding together with its first status (one write, same instant).
    if (this.onBound) this.onBound(boundPod);
    else this.ctx.store.replace('Pod', boundPod);
    return undefined;
  }
}
