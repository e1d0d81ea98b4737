// Watch-fed caches of the objects the engine reads, so an HTTP request never costs a cluster
// round trip. The engine's own writes go through too (read-your-writes without waiting for watch).
import type { Job, KubeObject, Pod } from '../cluster/types.js';
import type { ClusterPort, Kind, KindMap, WatchEvent } from '../cluster/port.js';
import { JobsAndPods } from './jobPods.js';
import { admits } from './resourceVersion.js';
import { Tombstones } from './tombstones.js';
import { LABEL_COMPONENT, LABEL_PART_OF, type RadixBatch } from '../cluster/radixBatch.js';

type Listener = (kind: Kind, type: WatchEvent<KubeObject>['type'], obj: KubeObject) => void;
/** A RadixBatch object changed: its previous state (undefined when added) and the new one. */
export type BatchListener = (type: WatchEvent<KubeObject>['type'], obj: RadixBatch, previous: RadixBatch | undefined) => void;

class KindCache<T extends KubeObject> {
  readonly items = new Map<string, T>();
  /** Tombstones so a late watch event cannot resurrect an object the engine deleted. */
  private readonly deleted: Tombstones;

  constructor(now?: () => number) {
    this.deleted = Tombstones.of(now);
  }

  /** Names the engine has disowned: their events are ignored from now on. */
  private readonly blocked = new Set<string>();

  block(name: string): void {
    this.blocked.add(name);
    this.items.delete(name);
  }

  apply(type: WatchEvent<T>['type'], obj: T): boolean {
    const name = obj.metadata.name;
    // Both side tables are almost always empty: test their size before paying for a lookup.
    if (this.blocked.size > 0 && this.blocked.has(name)) return false;
    const current = this.items.get(name);
    if (type === 'DELETED') {
      if (current && current.metadata.uid !== obj.metadata.uid && obj.metadata.uid) return false;
      this.items.delete(name);
      this.deleted.bury(name, obj.metadata.uid);
      return current !== undefined;
    }
    if (!admits(current, obj, this.deleted)) return false;
    this.items.set(name, obj);
    return true;
  }
}

export class ClusterCache {
  readonly batches: KindCache<RadixBatch>;
  /** Kubernetes Jobs and pods, with each pod's latest Event note (see jobPods.ts). */
  private readonly jobPods: JobsAndPods;
  private partsByHead = new Map<string, Set<string>>();
  /** head name -> its part names in part order (rebuilt when a part comes or goes) */
  private sortedParts = new Map<string, string[]>();
  private stops: (() => void)[] = [];
  listener: Listener | undefined;
  /** Further observers of RadixBatch changes (notifications, history), after `listener`. */
  readonly batchListeners: BatchListener[] = [];

  /**
   * @param component with it, only that job component's batches, Jobs and pods are watched: several
   * components on one namespace then do not each track, and queue reconciles for, every other
   * component's work (the radix profile reads another component's batch from the cluster when asked
   * for it by name, as the reference reads any).
   * @param now the engine's clock: with it, tombstones of deleted objects are kept for a minute
   * (tombstones.ts); without it, the newest 4,096 of each kind.
   */
  constructor(
    private readonly port: ClusterPort,
    private readonly component?: string,
    now?: () => number,
  ) {
    this.batches = new KindCache(now);
    this.jobPods = new JobsAndPods(now);
  }

  async start(): Promise<void> {
    const own = this.component === undefined ? undefined : { [LABEL_COMPONENT]: this.component };
    this.stops.push(await this.port.watch('RadixBatch', (e) => this.apply('RadixBatch', e.type, e.object), own));
    this.stops.push(await this.port.watch('Job', (e) => this.apply('Job', e.type, e.object), own));
    // Pods wake nothing (the reconciler works when a Job changes and reads its pods then): passive.
    this.stops.push(await this.port.watch('Pod', (e) => this.apply('Pod', e.type, e.object), own, { passive: true }));
    this.stops.push(await this.port.watchPodEvents((pod, message, at) => this.jobPods.notePodEvent(pod, message, at)));
  }

  stop(): void {
    for (const s of this.stops) s();
    this.stops = [];
  }

  /** Feeds an object into the cache (from a watch, or from the engine's own write). */
  apply<K extends Kind>(kind: K, type: WatchEvent<KubeObject>['type'], obj: KindMap[K]): void {
    let changed = false;
    switch (kind) {
      case 'RadixBatch': {
        const rb = obj as RadixBatch;
        const previous = this.batches.items.get(rb.metadata.name);
        changed = this.batches.apply(type, rb);
        const head = rb.metadata.labels?.[LABEL_PART_OF];
        if (head && changed && index(this.partsByHead, head, rb.metadata.name, type !== 'DELETED')) this.sortedParts.delete(head);
        if (changed) {
          this.listener?.(kind, type, obj);
          for (const l of this.batchListeners) l(type, type === 'DELETED' ? (previous ?? rb) : rb, previous);
        }
        return;
      }
      case 'Job':
        changed = this.jobPods.applyJob(type, obj as Job);
        break;
      case 'Pod':
        changed = this.jobPods.applyPod(type, obj as Pod);
        break;
      default:
        return;
    }
    if (changed) this.listener?.(kind, type, obj);
  }

  batch(name: string): RadixBatch | undefined {
    return this.batches.items.get(name);
  }

  /** The head's part objects, in part order. */
  parts(head: string): RadixBatch[] {
    const out: RadixBatch[] = [];
    for (const n of this.partNames(head)) {
      const b = this.batches.items.get(n);
      if (b) out.push(b);
    }
    return out;
  }

  /** The names of the head's part objects, in part order. Do not modify the array. */
  partNames(head: string): readonly string[] {
    let sorted = this.sortedParts.get(head);
    if (sorted) return sorted;
    const names = this.partsByHead.get(head);
    if (!names) return [];
    const partIndex = (n: string) => this.batches.items.get(n)?.spec.partIndex ?? 0;
    sorted = [...names].sort((a, b) => partIndex(a) - partIndex(b));
    this.sortedParts.set(head, sorted);
    return sorted;
  }

  /** Head first, then parts. */
  batchObjects(head: RadixBatch): RadixBatch[] {
    return (head.spec.parts ?? 0) > 0 ? [head, ...this.parts(head.metadata.name)] : [head];
  }

  heads(): RadixBatch[] {
    return [...this.batches.items.values()].filter((b) => b.metadata.labels?.[LABEL_PART_OF] === undefined);
  }

  /** Disowns a batch (see KindCache.block). */
  blockBatch(name: string): void {
    this.batches.block(name);
  }

  job(name: string): Job | undefined {
    return this.jobPods.job(name);
  }

  /** The Job named `name`, and its pods into `out` (emptied first): one lookup, no array per call. */
  jobAndPods(name: string, out: Pod[]): Job | undefined {
    return this.jobPods.jobAndPods(name, out);
  }

  /**
   * A job's recorded status is final. Its Job and pods are never read again by the reconciler
   * (terminal statuses are frozen), and the views read only a pod's latest Event message, and
   * only while the status has no message of its own. So the job's Job and pods are let go, and
   * later watch events of them are not cached; without `messageKept` (the status has a message)
   * the pods' Event notes stay, their strings shared, until the pods are deleted.
   */
  finished(jobName: string, messageKept: boolean): void {
    this.jobPods.finished(jobName, messageKept);
  }

  /** The message of the latest Event about a pod. */
  latestEventMessageOf(podName: string): string | undefined {
    return this.jobPods.latestEventMessageOf(podName);
  }
}

/** Adds or removes `value` under `key`; true when the set changed. */
function index(map: Map<string, Set<string>>, key: string, value: string, add: boolean): boolean {
  let set = map.get(key);
  if (add) {
    if (!set) map.set(key, (set = new Set()));
    if (set.has(value)) return false;
    set.add(value);
    return true;
  }
  if (!set?.delete(value)) return false;
  if (set.size === 0) map.delete(key);
  return true;
}
