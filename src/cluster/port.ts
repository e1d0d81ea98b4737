// The cluster port: the typed subset of the Kubernetes API the engine needs. The simulator
// (src/sim) and the kubernetes backend (src/k8s) both implement it; the engine knows nothing else.
import type { LabelSelector } from './labels.js';
import type { Job, KubeEvent, KubeObject, Node, Pod, Secret } from './types.js';
import type { RadixBatch } from './radixBatch.js';

export interface KindMap {
  Job: Job;
  Pod: Pod;
  Secret: Secret;
  Event: KubeEvent;
  Node: Node;
  RadixBatch: RadixBatch;
}
export type Kind = keyof KindMap;

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent<T extends KubeObject> {
  readonly type: WatchEventType;
  readonly object: T;
}

/**
 * What the engine keeps of an Event about a pod: the pod's name, the Event's message and its last
 * timestamp (the latest message per pod enriches job statuses, as the reference's list of Events does).
 */
export type PodEventHandler = (pod: string, message: string, at: string) => void;

export type DeletePropagation = 'Background' | 'Foreground' | 'Orphan';

/** An error from the cluster, with the HTTP status a Kubernetes API server would give. */
export class ClusterError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { kind?: string; name?: string },
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ClusterError && err.code === 404;
}
export function isConflict(err: unknown): boolean {
  return err instanceof ClusterError && err.code === 409;
}

export interface WatchOptions {
  /**
   * The handler only keeps a cache that its client reads while it works, and starts no work (the
   * engine's pods: it reconciles when a Job changes and reads the Job's pods then). The simulator
   * hands such changes over as they happen, without the lag of its other watches (sim/simPort.ts;
   * `passiveInStep`); the kubernetes port as they come.
   */
  passive?: boolean;
}

/**
 * Objects passed in and returned are plain JSON-shaped values. Callers must not mutate what they
 * get back (the simulator shares them); build a new object to update.
 */
export interface ClusterPort {
  readonly namespace: string;
  /**
   * Whether a passive watch's changes reach its handler no later than the changes of other kinds
   * made after them (the simulator's: inside the write that made them). On a cluster each kind has
   * its own watch stream, and a pod's change made just after its Job's may arrive after it: a
   * client reading pods when a Job changes must then also look again when a pod does.
   */
  readonly passiveInStep?: boolean;
  create<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]>;
  get<K extends Kind>(kind: K, name: string): Promise<KindMap[K] | undefined>;
  list<K extends Kind>(kind: K, selector?: LabelSelector): Promise<KindMap[K][]>;
  /** Replaces the object; fails with 409 when metadata.resourceVersion is set and stale. */
  update<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]>;
  /** Replaces the status subresource only (RadixBatch). */
  updateStatus<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]>;
  delete(kind: Kind, name: string, propagation?: DeletePropagation): Promise<void>;
  /**
   * Streams changes of a kind. The handler first receives ADDED for every existing object, then
   * every change. Returns a function that stops the watch.
   */
  watch<K extends Kind>(kind: K, handler: (event: WatchEvent<KindMap[K]>) => void, selector?: LabelSelector, options?: WatchOptions): Promise<() => void>;
  /**
   * Streams the Events about pods (added or updated; existing ones first) as what the engine keeps
   * of them. The kubernetes port reads them from a watch of Events; the simulator hands them over
   * as they are recorded, without building Event objects nobody keeps (8 per job at fan-out).
   */
  watchPodEvents(handler: PodEventHandler): Promise<() => void>;
}
