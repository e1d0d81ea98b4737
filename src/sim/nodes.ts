// Node management: adding, losing, cordoning nodes and taking capacity away from them (the node
// faults). Node objects live in the store; the scheduler reads them from there.
import { cpuMillis, memoryBytes, parseQuantity } from '../cluster/quantity.js';
import type { Node, Pod } from '../cluster/types.js';
import type { NodeConfig } from './config.js';
import type { SimContext } from './context.js';
import type { Kubelet } from './kubelet.js';
import { MAX_COUNT, MAX_NODES } from './limits.js';

export class NodeError extends Error {
  constructor(
    readonly code: 404 | 409 | 400,
    message: string,
  ) {
    super(message);
  }
}

interface Amount {
  cpu: number;
  memory: number;
  pods: number;
}

function addAmount(to: Amount, amount: Amount): void {
  to.cpu += amount.cpu;
  to.memory += amount.memory;
  to.pods += amount.pods;
}

export interface NodeSummary {
  name: string;
  labels: Record<string, string>;
  taints: NonNullable<Node['spec']['taints']>;
  unschedulable: boolean;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  /** Sum of the requests of the pods bound to it that have not finished. */
  requested: { cpu: string; memory: string; pods: number };
}

export function nodeObject(config: NodeConfig): Node {
  const capacity = { cpu: config.cpu, memory: config.memory, pods: String(config.pods ?? 110) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: config.name, labels: { 'kubernetes.io/hostname': config.name, ...config.labels } },
    spec: { ...(config.taints?.length ? { taints: config.taints } : {}) },
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    },
  };
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function isStringMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isTaint(value: unknown): boolean {
  const t = value as Record<string, unknown> | null;
  return (
    typeof t === 'object' && t !== null && typeof t.key === 'string' && (t.value === undefined || typeof t.value === 'string') && TAINT_EFFECTS.includes(t.effect as string)
  );
}

/** Checks a node description (control API or scenario file). */
export function validateNodeConfig(input: unknown): NodeConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new NodeError(400, 'a node must be an object');
  const n = input as Record<string, unknown>;
  if (typeof n.name !== 'string' || n.name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n.name)) throw new NodeError(400, 'name must be a DNS subdomain (at most 253 characters)');
  const cpu = typeof n.cpu === 'string' ? n.cpu : '';
  const memory = typeof n.memory === 'string' ? n.memory : '';
  const millis = cpuMillis(cpu);
  const bytes = memoryBytes(memory);
  // Finite too: "1e400" is Infinity (the amounts saturate), a capacity shown as 1e400 that nothing fills.
  if (!(millis > 0 && Number.isFinite(parseQuantity(cpu)))) throw new NodeError(400, 'cpu must be a positive quantity such as "4" or "3500m"');
  if (!(bytes > 0 && Number.isFinite(parseQuantity(memory)))) throw new NodeError(400, 'memory must be a positive quantity such as "16Gi"');
  // The scheduler rounds a quantity up to whole millicores and bytes: less than 1m or 1 byte would
  // run as more than was asked for.
  if (parseQuantity(cpu)! * 1000 < 1 - 1e-9) throw new NodeError(400, `cpu must be at least 1m ("${cpu}" is less)`);
  if (parseQuantity(memory)! < 1 - 1e-9) throw new NodeError(400, `memory must be at least 1 byte ("${memory}" is less)`);
  if (n.pods !== undefined && !(Number.isInteger(n.pods) && (n.pods as number) > 0 && (n.pods as number) <= MAX_COUNT)) throw new NodeError(400, `pods must be an integer from 1 to ${MAX_COUNT}`);
  if (n.labels !== undefined && !isStringMap(n.labels)) throw new NodeError(400, 'labels must be a map of strings');
  if (n.taints !== undefined && !(Array.isArray(n.taints) && n.taints.every(isTaint))) throw new NodeError(400, `taints must be a list of {key, value?, effect: ${TAINT_EFFECTS.join(' | ')}}`);
  return { ...(n as unknown as NodeConfig), cpu, memory };
}

export class NodeManager {
  /** Capacity taken by nodeShortage faults on one node, by node name (kept for a node still to join). */
  private taken = new Map<string, Amount>();
  /** Capacity taken from every node by nodeShortage faults without a node, while they last. */
  private takenEverywhere: Amount = { cpu: 0, memory: 0, pods: 0 };
  /** Nodes lost to a fault, kept to bring them back when it ends. */
  private lostNodes = new Map<string, Node>();

  constructor(
    private readonly ctx: SimContext,
    private readonly kubelet: Kubelet,
  ) {}

  private get(name: string): Node {
    const node = this.ctx.store.get<Node>('Node', undefined, name);
    if (!node) throw new NodeError(404, `nodes "${name}" not found`);
    return node;
  }

  add(config: NodeConfig): Node {
    if (this.ctx.store.get('Node', undefined, config.name)) throw new NodeError(409, `nodes "${config.name}" already exists`);
    if (this.ctx.store.count('Node') >= MAX_NODES) throw new NodeError(409, `the cluster already has ${MAX_NODES} nodes, the most Kubernetes supports`);
    const node = this.ctx.store.create('Node', this.joining(nodeObject(config)));
    this.ctx.log.append(this.ctx.now(), 'NodeAdded', { kind: 'Node', name: config.name, data: { cpu: config.cpu, memory: config.memory, pods: config.pods ?? 110 } });
    return node;
  }

  /** The node disappears; its pods fail and their controllers replace them elsewhere. */
  lose(name: string): Pod[] {
    const node = this.get(name);
    this.ctx.log.append(this.ctx.now(), 'NodeLost', { kind: 'Node', name });
    const lost = this.kubelet.nodeLost(name);
    this.ctx.store.delete('Node', undefined, name);
    this.lostNodes.set(name, node);
    return lost;
  }

  /** A node lost to a fault comes back, empty. */
  restore(name: string): void {
    const node = this.lostNodes.get(name);
    this.lostNodes.delete(name);
    if (!node || this.ctx.store.get('Node', undefined, name)) return;
    const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, ...metadata } = node.metadata;
    // A shortage may have ended, or begun, while the node was gone.
    this.ctx.store.create('Node', this.joining({ ...node, metadata }));
    this.ctx.log.append(this.ctx.now(), 'NodeRecovered', { kind: 'Node', name });
  }

  cordon(name: string, unschedulable: boolean): Node {
    const node = this.get(name);
    const spec = { ...node.spec };
    if (unschedulable) spec.unschedulable = true;
    else delete spec.unschedulable;
    const next = this.ctx.store.replace('Node', { ...node, spec });
    this.ctx.log.append(this.ctx.now(), unschedulable ? 'NodeCordoned' : 'NodeUncordoned', { kind: 'Node', name });
    return next;
  }

  /**
   * Takes capacity away from a node, now or when it joins, or with no node from every node, those
   * that join while it lasts too (negative amounts give it back).
   */
  shortage(name: string | undefined, amount: Amount): void {
    if (name === undefined) {
      addAmount(this.takenEverywhere, amount);
      for (const node of this.names()) this.updateAllocatable(node);
      return;
    }
    const t = this.taken.get(name) ?? { cpu: 0, memory: 0, pods: 0 };
    addAmount(t, amount);
    if (t.cpu === 0 && t.memory === 0 && t.pods === 0) this.taken.delete(name);
    else this.taken.set(name, t);
    this.updateAllocatable(name);
  }

  /**
   * The node as it joins (or comes back): its allocatable is its capacity, less what the shortages
   * that last now take from it (a node joining during one joins with that capacity taken).
   */
  private joining(node: Node): Node {
    const allocatable = this.whole(node.metadata.name) ? { ...node.status.allocatable, ...node.status.capacity } : this.allocatable(node);
    return { ...node, status: { ...node.status, allocatable } };
  }

  /** Whether no fault takes capacity from the node now. */
  private whole(name: string): boolean {
    const all = this.takenEverywhere;
    return !this.taken.has(name) && all.cpu === 0 && all.memory === 0 && all.pods === 0;
  }

  /** A node's capacity less what the faults take from it now. */
  private allocatable(node: Node): Record<string, string> {
    const cap = node.status.capacity;
    const one = this.taken.get(node.metadata.name);
    const all = this.takenEverywhere;
    return {
      ...node.status.allocatable,
      cpu: `${Math.max(0, cpuMillis(cap.cpu) - all.cpu - (one?.cpu ?? 0))}m`,
      memory: String(Math.max(0, memoryBytes(cap.memory) - all.memory - (one?.memory ?? 0))),
      pods: String(Math.max(0, Number(cap.pods ?? 110) - all.pods - (one?.pods ?? 0))),
    };
  }

  private updateAllocatable(name: string): void {
    const node = this.ctx.store.get<Node>('Node', undefined, name);
    if (!node) return;
    const allocatable = this.allocatable(node);
    this.ctx.store.replace('Node', { ...node, status: { ...node.status, allocatable } });
    this.ctx.log.append(this.ctx.now(), 'NodeCapacityChanged', { kind: 'Node', name, data: { allocatable } });
  }

  names(): string[] {
    return this.ctx.store.list<Node>('Node').map((n) => n.metadata.name);
  }

  summaries(): NodeSummary[] {
    const nodes = this.ctx.store.list<Node>('Node');
    const requested = new Map<string, Amount>();
    for (const pod of this.ctx.store.list<Pod>('Pod')) {
      const name = pod.spec.nodeName;
      if (!name || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const r = requested.get(name) ?? { cpu: 0, memory: 0, pods: 0 };
      for (const c of pod.spec.containers) {
        r.cpu += cpuMillis(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
        r.memory += memoryBytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
      }
      r.pods++;
      requested.set(name, r);
    }
    return nodes.map((n) => {
      const r = requested.get(n.metadata.name) ?? { cpu: 0, memory: 0, pods: 0 };
      return {
        name: n.metadata.name,
        labels: n.metadata.labels ?? {},
        taints: n.spec.taints ?? [],
        unschedulable: n.spec.unschedulable === true,
        capacity: n.status.capacity,
        allocatable: n.status.allocatable,
        requested: { cpu: `${r.cpu}m`, memory: String(r.memory), pods: r.pods },
      };
    });
  }

  summary(name: string): NodeSummary {
    this.get(name);
    return this.summaries().find((s) => s.name === name)!;
  }
}
