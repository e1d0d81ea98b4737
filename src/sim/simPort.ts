// The cluster port over the simulator's store: what the engine sees of the simulated cluster.
import type { ClusterPort, DeletePropagation, Kind, KindMap, WatchEvent } from '../engine/cluster.js';
import { notFound } from './store.js';
import type { LabelSelector } from '../kube/labels.js';
import type { KubeObject } from '../kube/types.js';
import type { Simulator } from './simulator.js';

export class SimClusterPort implements ClusterPort {
  constructor(
    private readonly sim: Simulator,
    readonly namespace: string,
  ) {}

  private scoped<T extends KubeObject>(obj: T): T {
    return obj.metadata.namespace === this.namespace ? obj : { ...obj, metadata: { ...obj.metadata, namespace: this.namespace } };
  }

  private ns(kind: Kind): string | undefined {
    return kind === 'Node' ? undefined : this.namespace;
  }

  async create<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    return this.sim.store.create(kind, kind === 'Node' ? obj : this.scoped(obj));
  }

  async get<K extends Kind>(kind: K, name: string): Promise<KindMap[K] | undefined> {
    return this.sim.store.get<KindMap[K]>(kind, this.ns(kind), name);
  }

  async list<K extends Kind>(kind: K, selector?: LabelSelector): Promise<KindMap[K][]> {
    return this.sim.store.list<KindMap[K]>(kind, this.ns(kind), selector);
  }

  async update<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    return this.sim.store.update(kind, this.scoped(obj));
  }

  async updateStatus<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    return this.sim.store.update(kind, this.scoped(obj), 'status');
  }

  async delete(kind: Kind, name: string, _propagation: DeletePropagation = 'Background'): Promise<void> {
    if (!this.sim.store.get(kind, this.ns(kind), name)) throw notFound(kind, name);
    this.sim.store.delete(kind, this.ns(kind), name);
  }

  async watch<K extends Kind>(kind: K, handler: (event: WatchEvent<KindMap[K]>) => void, selector?: LabelSelector): Promise<() => void> {
    return this.sim.store.watch(kind, handler as (e: WatchEvent<KubeObject>) => void, this.ns(kind), selector);
  }
}
