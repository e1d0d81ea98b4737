// An in-memory object store with Kubernetes API semantics: resourceVersions, optimistic
// concurrency, label selectors, watch, and an owner index for garbage collection.
import { ClusterError, type WatchEvent, type WatchEventType } from '../engine/cluster.js';
import { matchesSelector, type LabelSelector } from '../kube/labels.js';
import type { KubeObject } from '../kube/types.js';

type Handler = (event: WatchEvent<KubeObject>) => void;

interface Watcher {
  selector: LabelSelector | undefined;
  namespace: string | undefined;
  handler: Handler;
}

/** Label keys with a value index, so selecting pods of one job does not scan every pod. */
const INDEXED_LABELS = ['job-name', 'radix-batch-name'];

/** Keys of the objects with one label value: a lone key is stored as is (most values have one). */
type Keys = string | Set<string>;

class KindTable {
  readonly objects = new Map<string, KubeObject>();
  readonly byLabel = new Map<string, Map<string, Keys>>();
  readonly watchers = new Set<Watcher>();

  constructor() {
    for (const key of INDEXED_LABELS) this.byLabel.set(key, new Map());
  }

  index(key: string, obj: KubeObject, add: boolean): void {
    for (const label of INDEXED_LABELS) {
      const value = obj.metadata.labels?.[label];
      if (value === undefined) continue;
      const values = this.byLabel.get(label)!;
      const keys = values.get(value);
      if (add) {
        if (keys === undefined) values.set(value, key);
        else if (typeof keys === 'string') {
          if (keys !== key) values.set(value, new Set([keys, key]));
        } else keys.add(key);
      } else if (keys !== undefined) {
        if (typeof keys === 'string') {
          if (keys === key) values.delete(value);
        } else {
          keys.delete(key);
          if (keys.size === 1) values.set(value, keys.values().next().value as string);
        }
      }
    }
  }

  keysOf(label: string, value: string): string[] {
    const keys = this.byLabel.get(label)!.get(value);
    return keys === undefined ? [] : typeof keys === 'string' ? [keys] : [...keys];
  }
}

export interface StoreHooks {
  /** The current time as an RFC 3339 timestamp. */
  nowText(): string;
  /** Observes every change after watchers ran (the garbage collector and the event log use it). */
  onChange?(kind: string, type: WatchEventType, obj: KubeObject, previous: KubeObject | undefined): void;
}

export class ObjectStore {
  private tables = new Map<string, KindTable>();
  private resourceVersion = 0;
  private uidCounter = 0;
  /** owner uid -> "kind\u0000key" of its dependents */
  private dependents = new Map<string, Set<string>>();

  constructor(private readonly hooks: StoreHooks) {}

  private table(kind: string): KindTable {
    let t = this.tables.get(kind);
    if (!t) this.tables.set(kind, (t = new KindTable()));
    return t;
  }

  private key(namespace: string | undefined, name: string): string {
    return namespace ? `${namespace}/${name}` : name;
  }

  count(kind: string): number {
    return this.tables.get(kind)?.objects.size ?? 0;
  }

  get<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.tables.get(kind)?.objects.get(this.key(namespace, name)) as T | undefined;
  }

  list<T extends KubeObject>(kind: string, namespace?: string, selector?: LabelSelector): T[] {
    const t = this.tables.get(kind);
    if (!t) return [];
    let candidates: Iterable<KubeObject> = t.objects.values();
    for (const label of INDEXED_LABELS) {
      const value = selector?.[label];
      if (value) {
        candidates = t.keysOf(label, value).map((k) => t.objects.get(k)!);
        break;
      }
    }
    const out: T[] = [];
    for (const obj of candidates) {
      if (namespace !== undefined && obj.metadata.namespace !== namespace) continue;
      if (!matchesSelector(obj.metadata.labels, selector)) continue;
      out.push(obj as T);
    }
    // The API server lists in key order.
    return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  }

  /**
   * Stores a new object. `owned`: the caller built `obj` for the store and hands it over (the
   * simulator's own controllers), so its metadata is completed in place instead of copied.
   */
  create<T extends KubeObject>(kind: string, obj: T, opts: { owned?: boolean } = {}): T {
    const t = this.table(kind);
    const key = this.key(obj.metadata.namespace, obj.metadata.name);
    if (t.objects.has(key)) {
      throw new ClusterError(409, 'AlreadyExists', `${kind.toLowerCase()}s "${obj.metadata.name}" already exists`, {
        kind,
        name: obj.metadata.name,
      });
    }
    let stored: T;
    if (opts.owned) {
      const m = obj.metadata;
      m.uid = this.nextUid();
      m.resourceVersion = String(++this.resourceVersion);
      m.generation = 1;
      m.creationTimestamp = this.hooks.nowText();
      stored = obj;
    } else {
      stored = {
        ...obj,
        metadata: {
          ...obj.metadata,
          uid: this.nextUid(),
          resourceVersion: String(++this.resourceVersion),
          generation: 1,
          creationTimestamp: this.hooks.nowText(),
        },
      } as T;
    }
    t.objects.set(key, stored);
    t.index(key, stored, true);
    for (const ref of stored.metadata.ownerReferences ?? []) {
      let deps = this.dependents.get(ref.uid);
      if (!deps) this.dependents.set(ref.uid, (deps = new Set()));
      deps.add(`${kind}\u0000${key}`);
    }
    this.emit(kind, 'ADDED', stored);
    return stored;
  }

  /**
   * Replaces an object. A set resourceVersion must match (optimistic concurrency); a custom
   * resource must carry one (422 Invalid without, as kube-apiserver answers), built-in kinds may
   * omit it for an unconditional write. `all`: the simulator's own controllers, never refused.
   */
  update<T extends KubeObject>(kind: string, obj: T, subresource?: 'status' | 'all'): T {
    const t = this.table(kind);
    const key = this.key(obj.metadata.namespace, obj.metadata.name);
    const current = t.objects.get(key);
    if (!current) throw notFound(kind, obj.metadata.name);
    const rv = obj.metadata.resourceVersion;
    if (!rv && subresource !== 'all' && isCustomResource(obj.apiVersion ?? current.apiVersion)) {
      // kube-apiserver: a custom resource is never updated unconditionally (built-in kinds are).
      throw new ClusterError(
        422,
        'Invalid',
        `${kind} "${obj.metadata.name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
        { kind, name: obj.metadata.name },
      );
    }
    if (rv !== undefined && rv !== current.metadata.resourceVersion) {
      throw new ClusterError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${kind.toLowerCase()}s "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
        { kind, name: obj.metadata.name },
      );
    }
    let next: T;
    if (subresource === 'status') {
      next = { ...current, status: (obj as unknown as { status?: unknown }).status } as unknown as T;
    } else if (subresource === 'all') {
      next = { ...obj, metadata: { ...obj.metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp } };
    } else {
      const specChanged = JSON.stringify((obj as { spec?: unknown }).spec) !== JSON.stringify((current as { spec?: unknown }).spec);
      next = {
        ...obj,
        status: (current as unknown as { status?: unknown }).status ?? (obj as unknown as { status?: unknown }).status,
        metadata: {
          ...obj.metadata,
          uid: current.metadata.uid,
          creationTimestamp: current.metadata.creationTimestamp,
          generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
        },
      } as T;
    }
    next.metadata = { ...next.metadata, resourceVersion: String(++this.resourceVersion) };
    const relabel = next.metadata.labels !== current.metadata.labels;
    if (relabel) t.index(key, current, false);
    t.objects.set(key, next);
    if (relabel) t.index(key, next, true);
    this.emit(kind, 'MODIFIED', next, current);
    return next;
  }

  /** Status writes from the simulator's own controllers: replace the whole object in place. */
  replace<T extends KubeObject>(kind: string, obj: T): T {
    return this.update(kind, { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } }, 'all');
  }

  delete(kind: string, namespace: string | undefined, name: string): KubeObject {
    const t = this.table(kind);
    const key = this.key(namespace, name);
    const current = t.objects.get(key);
    if (!current) throw notFound(kind, name);
    t.objects.delete(key);
    t.index(key, current, false);
    for (const ref of current.metadata.ownerReferences ?? []) this.dependents.get(ref.uid)?.delete(`${kind}\u0000${key}`);
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(++this.resourceVersion) } };
    this.emit(kind, 'DELETED', gone);
    return gone;
  }

  deleteIfPresent(kind: string, namespace: string | undefined, name: string): void {
    if (this.tables.get(kind)?.objects.has(this.key(namespace, name))) this.delete(kind, namespace, name);
  }

  /** Dependents of an owner, as [kind, namespace, name]. */
  dependentsOf(uid: string): [string, string | undefined, string][] {
    const deps = this.dependents.get(uid);
    if (!deps) return [];
    return [...deps].map((entry) => {
      const [kind, key] = entry.split('\u0000') as [string, string];
      const slash = key.indexOf('/');
      return slash < 0 ? [kind, undefined, key] : [kind, key.slice(0, slash), key.slice(slash + 1)];
    });
  }

  forgetOwner(uid: string): void {
    this.dependents.delete(uid);
  }

  watch(kind: string, handler: Handler, namespace?: string, selector?: LabelSelector): () => void {
    const t = this.table(kind);
    const watcher: Watcher = { handler, namespace, selector };
    for (const obj of this.list(kind, namespace, selector)) handler({ type: 'ADDED', object: obj });
    t.watchers.add(watcher);
    return () => t.watchers.delete(watcher);
  }

  private emit(kind: string, type: WatchEventType, obj: KubeObject, previous?: KubeObject): void {
    for (const w of this.tables.get(kind)!.watchers) {
      if (w.namespace !== undefined && obj.metadata.namespace !== w.namespace) continue;
      if (!matchesSelector(obj.metadata.labels, w.selector)) continue;
      w.handler({ type, object: obj });
    }
    this.hooks.onChange?.(kind, type, obj, previous);
  }

  private nextUid(): string {
    const n = (++this.uidCounter).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  }
}

/**
 * Whether an apiVersion belongs to a custom resource: a group with a dot that is not one of
 * Kubernetes' own (*.k8s.io). Built-in groups are '' (v1), batch, apps, policy, ... and *.k8s.io.
 */
export function isCustomResource(apiVersion: string | undefined): boolean {
  const slash = apiVersion?.indexOf('/') ?? -1;
  if (!apiVersion || slash < 0) return false;
  const group = apiVersion.slice(0, slash);
  return group.includes('.') && group !== 'k8s.io' && !group.endsWith('.k8s.io');
}

export function notFound(kind: string, name: string): ClusterError {
  return new ClusterError(404, 'NotFound', `${kind.toLowerCase()}s "${name}" not found`, { kind, name });
}
