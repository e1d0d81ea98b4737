// The cluster as the dashboard shows it: nodes with allocatable vs requested cpu and memory, pods
// that wait to be scheduled with the scheduler's reason, and recent events. Read from the
// simulator's store directly (a read through its API port could draw on its fault streams and
// change a seeded run), or from a real cluster through the port, cached for a moment so a page
// polling it costs few API requests.
import type { ClusterPort } from '../cluster/port.js';
import { cpuMillis, memoryBytes } from '../cluster/quantity.js';
import type { KubeEvent, Node, Pod } from '../cluster/types.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import type { ClusterState, EventRow, PendingPod } from './dashboardTypes.js';

export interface ClusterReader {
  readonly source: 'simulator' | 'kubernetes';
  nodes(): Promise<Node[]>;
  pods(): Promise<Pod[]>;
  /** The newest `limit` events, oldest first. */
  events(limit: number): Promise<EventRow[]>;
}

function podRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec.containers) {
    cpu += cpuMillis(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    memory += memoryBytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
  }
  return { cpu, memory };
}

const finished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export async function readClusterState(reader: ClusterReader, maxPending = 200): Promise<ClusterState> {
  const errors: string[] = [];
  const failed = <T>(what: string) => (err: unknown): T[] => {
    errors.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  };
  const [nodes, pods] = await Promise.all([reader.nodes().catch(failed<Node>('nodes')), reader.pods().catch(failed<Pod>('pods'))]);
  const requested = new Map<string, { cpu: number; memory: number; pods: number }>();
  const pending: PendingPod[] = [];
  const reasons = new Map<string, number>();
  let pendingTotal = 0;
  for (const pod of pods) {
    if (finished(pod) || pod.metadata.deletionTimestamp) continue;
    const node = pod.spec.nodeName;
    if (node) {
      const r = requested.get(node) ?? { cpu: 0, memory: 0, pods: 0 };
      const q = podRequests(pod);
      r.cpu += q.cpu;
      r.memory += q.memory;
      r.pods++;
      requested.set(node, r);
      continue;
    }
    pendingTotal++;
    const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    const key = `${cond?.reason ?? 'Pending'}\n${cond?.message ?? ''}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
    if (pending.length >= maxPending) continue;
    const row: PendingPod = { name: pod.metadata.name, reason: cond?.reason ?? 'Pending' };
    const job = pod.metadata.labels?.['job-name'];
    if (job) row.job = job;
    const since = cond?.lastTransitionTime ?? pod.metadata.creationTimestamp;
    if (since) row.since = since;
    if (cond?.message) row.message = cond.message;
    pending.push(row);
  }
  return {
    source: reader.source,
    nodes: nodes.map((n) => ({
      name: n.metadata.name,
      ready: n.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
      unschedulable: n.spec.unschedulable === true,
      taints: (n.spec.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
      allocatable: {
        cpu: cpuMillis(n.status.allocatable.cpu),
        memory: memoryBytes(n.status.allocatable.memory),
        pods: Number(n.status.allocatable.pods ?? 0),
      },
      requested: requested.get(n.metadata.name) ?? { cpu: 0, memory: 0, pods: 0 },
    })),
    pending,
    pendingTotal,
    pendingReasons: [...reasons]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([key, count]) => {
        const [reason, message] = key.split('\n') as [string, string];
        return message ? { reason, message, count } : { reason, count };
      }),
    errors,
  };
}

export function simClusterReader(rt: SimRuntime): ClusterReader {
  return {
    source: 'simulator',
    nodes: async () => rt.sim.store.list<Node>('Node'),
    pods: async () => rt.sim.store.list<Pod>('Pod'),
    events: async (limit) => rt.sim.log.events(Math.max(0, rt.sim.log.count - limit)),
  };
}

/** A reader over a real cluster; each kind is listed at most once per `ttlMs`. */
export function portClusterReader(port: ClusterPort, ttlMs = 2000, now: () => number = () => Date.now()): ClusterReader {
  const cached = <T>(load: () => Promise<T>) => {
    let at = Number.NEGATIVE_INFINITY;
    let value: Promise<T> | undefined;
    return () => {
      if (!value || now() - at > ttlMs) {
        at = now();
        value = load();
        value.catch(() => (value = undefined));
      }
      return value;
    };
  };
  const nodes = cached(() => port.list('Node'));
  const pods = cached(() => port.list('Pod'));
  const events = cached(() => port.list('Event'));
  return {
    source: 'kubernetes',
    nodes,
    pods,
    events: async (limit) => {
      const list = (await events()) as KubeEvent[];
      const when = (e: KubeEvent) => e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '';
      return [...list]
        .sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0))
        .slice(-limit)
        .map((e) => ({ at: when(e), type: e.reason, kind: e.involvedObject.kind, name: e.involvedObject.name, message: e.message }));
    },
  };
}
