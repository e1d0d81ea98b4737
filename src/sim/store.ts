// An in-memory object store with Kubernetes API semantics: resourceVersions, optimistic
// concurrency, label selectors, watch, and an owner index for garbage collection.
//
// Built for 100,000s of objects: objects are kept by namespace, then name (no composite key strings
// per lookup), and the owner index holds the dependents' names (strings the objects already hold).
import { ClusterError, type WatchEventType } from '../cluster/port.js';
import { matchesSelector, type LabelSelector } from '../cluster/labels.js';
import type { KubeEvent, KubeObject, ObjectMeta, ObjectReference } from '../cluster/types.js';
import { EventRing, type RecordedEvent } from './eventRing.js';
import { Compact, Compactor } from './compaction.js';
import { resourceWith } from './objects.js';
import { flatConcat } from '../common/flatString.js';
import { Fifo } from '../common/fifo.js';
import { Watchers, type Watcher, type WatchHandler } from './watchers.js';

/**
 * Told of each change of a kind inside the write that made it, with the version before it (for a
 * DELETED, the deleted version; for an ADDED, undefined): a tally kept from the transitions alone.
 */
export type ChangeObserver = (type: WatchEventType, obj: KubeObject, previous: KubeObject | undefined) => void;

/** Told of each Event added or updated: its involved object, message and (last) time. */
export type EventNoteHandler = (involvedObject: ObjectReference, message: string, at: string) => void;

/**
 * Names of the objects an owner has: a lone name as is (most owners have one dependent), a few in
 * an array, many (a batch object owning 500 Jobs) in a Set, so adding stays O(1).
 */
type Names = string | string[] | Set<string>;

const SMALL = 8;

function addName(map: Map<string, Names>, key: string, name: string): void {
  const names = map.get(key);
  if (names === undefined) map.set(key, name);
  else if (typeof names === 'string') {
    if (names !== name) map.set(key, [names, name]);
  } else if (Array.isArray(names)) {
    if (names.includes(name)) return;
    if (names.length < SMALL) names.push(name);
    else map.set(key, new Set([...names, name]));
  } else if (!names.has(name)) {
    names.add(name);
    const sorted = sortedNames.get(names);
    if (sorted) sorted.splice(sortedIndex(sorted, name), 0, name);
  }
}

function removeName(map: Map<string, Names>, key: string, name: string): void {
  const names = map.get(key);
  if (names === undefined) return;
  if (typeof names === 'string') {
    if (names === name) map.delete(key);
    return;
  }
  if (Array.isArray(names)) {
    const i = names.indexOf(name);
    if (i >= 0) names.splice(i, 1);
    if (names.length === 1) map.set(key, names[0]!);
    else if (names.length === 0) map.delete(key);
    return;
  }
  if (!names.delete(name)) return;
  const sorted = sortedNames.get(names);
  if (sorted) sorted.splice(sortedIndex(sorted, name), 1);
  if (names.size === 0) map.delete(key);
}

/**
 * The names of a large Set in name order, made when `owned` first reads them and kept in step by
 * addName and removeName: a Job retrying forever owns thousands of pods, and sorting them on each
 * of its syncs made a month of its retries quadratic (the Set keeps insertion order, which the
 * garbage collector's walk over dependents follows).
 */
const sortedNames = new WeakMap<Set<string>, string[]>();

function sortedOf(names: Set<string>): string[] {
  let sorted = sortedNames.get(names);
  if (sorted === undefined) sortedNames.set(names, (sorted = [...names].sort()));
  return sorted;
}

/** Where `name` is, or goes, in the sorted array. */
function sortedIndex(sorted: string[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function namesOf(names: Names | undefined): Iterable<string> {
  return names === undefined ? [] : typeof names === 'string' ? [names] : names;
}

/**
 * A settled object waiting whole in the store's window (see ObjectStore.settle), stored in its
 * table in place of the object: a write or deletion finds it by the lookup it makes anyway, where
 * a set of the window's objects cost a lookup in a table of 65,536 at each write of any object.
 */
class Settled {
  /** false once the object is written again, deleted or compacted: the window skips it. */
  live = true;
  constructor(
    public obj: KubeObject,
    readonly kind: string,
  ) {}

  /** Out of the window: its entry, left in the window's queue until skipped, holds nothing alive. */
  leave(): void {
    this.live = false;
    this.obj = GONE;
  }
}

const isLive = (s: Settled): boolean => s.live;

/** What a Settled out of the window holds. */
const GONE = { metadata: { name: '' } } as KubeObject;

/** What a table holds for a name: the object, the object waiting in the window, or its compact form. */
type Held = KubeObject | Settled | Compact;

function objectOf(o: Held): KubeObject {
  return o instanceof Settled ? o.obj : o instanceof Compact ? o.expand<KubeObject>() : o;
}

class KindTable {
  /** namespace ('' for cluster-scoped objects) -> name -> object, waiting in the window or not, or in compact form */
  private readonly byNamespace = new Map<string, Map<string, Held>>();
  /** The namespace looked up last and its table: most clusters' objects are in one or two. */
  private lastNs: string | undefined;
  private lastNames: Map<string, Held> | undefined;
  /** namespace -> owner uid -> names of this kind's objects it owns (dependents share the owner's namespace) */
  private readonly owned = new Map<string, Map<string, Names>>();
  /**
   * The kinds named by this kind's owner references, ever: a deleted object of another kind (a
   * pod: nothing is owned by pods) owns nothing here, and is not looked up in `owned`.
   */
  readonly ownerKinds = new Set<string>();
  readonly watchers = new Watchers();
  /** Copy-on-write (see ObjectStore.observe). */
  observers: readonly ChangeObserver[] = [];
  size = 0;

  private names(namespace: string | undefined): Map<string, Held> | undefined {
    const ns = namespace ?? '';
    if (ns === this.lastNs) return this.lastNames;
    const names = this.byNamespace.get(ns);
    // Only a table that exists is remembered: one made later must be found.
    if (names !== undefined) {
      this.lastNs = ns;
      this.lastNames = names;
    }
    return names;
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.names(namespace)?.get(name);
    return o === undefined ? undefined : objectOf(o);
  }

  has(namespace: string | undefined, name: string): boolean {
    return this.names(namespace)?.has(name) === true;
  }

  /**
   * Puts `obj` (the current version, stored whole) in the window: a Settled in its place. Returns
   * the one it replaced (already waiting: the object was settled again), or undefined if `obj` is
   * not the stored version.
   */
  wait(obj: KubeObject, kind: string): { added: Settled; replaced: Settled | undefined } | undefined {
    const names = this.names(obj.metadata.namespace);
    const held = names?.get(obj.metadata.name);
    const replaced = held instanceof Settled && held.obj === obj ? held : undefined;
    if (held !== obj && replaced === undefined) return undefined;
    const added = new Settled(obj, kind);
    names!.set(obj.metadata.name, added);
    return { added, replaced };
  }

  /** Replaces a settled object leaving the window with its compact form (or the object, if it has none). */
  compact(s: Settled, compact: (obj: KubeObject) => Compact | undefined): void {
    const names = this.names(s.obj.metadata.namespace);
    if (names?.get(s.obj.metadata.name) !== s) return;
    names.set(s.obj.metadata.name, compact(s.obj) ?? s.obj);
  }

  /** Stores `obj`; returns the Settled it replaced, if the version before it was waiting in the window. */
  set(obj: KubeObject): Settled | undefined {
    const ns = obj.metadata.namespace ?? '';
    let names = this.names(ns);
    if (!names) this.byNamespace.set(ns, (names = new Map()));
    // A second lookup of the key just read by the caller: its entry is in cache.
    const before = names.get(obj.metadata.name);
    names.set(obj.metadata.name, obj);
    if (before === undefined) this.size++;
    return before instanceof Settled ? before : undefined;
  }

  /** Removes the object named as `obj`; returns its Settled, if it was waiting in the window. */
  remove(obj: KubeObject): Settled | undefined {
    const names = this.names(obj.metadata.namespace);
    const before = names?.get(obj.metadata.name);
    if (before === undefined) return undefined;
    names!.delete(obj.metadata.name);
    this.size--;
    return before instanceof Settled ? before : undefined;
  }

  *all(namespace: string | undefined): Iterable<KubeObject> {
    for (const [ns, names] of this.byNamespace) {
      if (namespace !== undefined && ns !== namespace) continue;
      for (const o of names.values()) yield objectOf(o);
    }
  }

  indexOwners(obj: KubeObject, add: boolean): void {
    const refs = obj.metadata.ownerReferences;
    if (!refs || refs.length === 0) return;
    const ns = obj.metadata.namespace ?? '';
    let byOwner = this.owned.get(ns);
    if (!byOwner) {
      if (!add) return;
      this.owned.set(ns, (byOwner = new Map()));
    }
    for (const ref of refs) {
      if (add) {
        addName(byOwner, ref.uid, obj.metadata.name);
        this.ownerKinds.add(ref.kind);
      } else removeName(byOwner, ref.uid, obj.metadata.name);
    }
  }

  /**
   * Adds [namespace, name] of the objects owned by `uid` to `out`: in `namespace` only when given
   * (a namespaced owner's dependents share its namespace), else in every namespace.
   */
  ownedBy(uid: string, namespace: string | undefined, out: [string, string][]): void {
    if (this.owned.size === 0) return;
    if (namespace !== undefined) {
      for (const name of namesOf(this.owned.get(namespace)?.get(uid))) out.push([namespace, name]);
      return;
    }
    for (const [ns, byOwner] of this.owned) for (const name of namesOf(byOwner.get(uid))) out.push([ns, name]);
  }

  /** Names of the objects `uid` owns in `namespace`, as kept (a lone name, an array or a Set). */
  ownedNames(uid: string, namespace: string): Names | undefined {
    return this.owned.get(namespace)?.get(uid);
  }

  forgetOwner(uid: string, namespace: string | undefined): void {
    if (namespace !== undefined) this.owned.get(namespace)?.delete(uid);
    else for (const byOwner of this.owned.values()) byOwner.delete(uid);
  }
}

export interface StoreHooks {
  /** The current time as an RFC 3339 timestamp. */
  nowText(): string;
  /** How many recorded Events are held at once (the oldest go first past it). */
  maxEvents?: number;
  /** Settled objects kept whole before they are compacted (DEFAULT_SETTLED_WHOLE). */
  settledWhole?: number;
  /**
   * Observes every change after watchers ran (the garbage collector and the event log use it), with
   * the version before it (the deleted version for a DELETED, undefined for an ADDED).
   */
  onChange?(kind: string, type: WatchEventType, obj: KubeObject, previous: KubeObject | undefined): void;
}

const UID_PREFIX = '00000000-0000-4000-8000-';

/**
 * Settled objects kept whole, at most, before the oldest of them are compacted: up to ~18 MB (a whole
 * Job or pod takes ~275 B more than its compact form). Compacting an object and expanding it again
 * for its deletion takes ~8 µs: below this many, what it saves is not worth the time (a simulated
 * month of ~27,000 jobs a day, each deleted a day after it ends, ran 17% faster without it, for 7 MB
 * more heap). A 100,000-job batch, finished Jobs and pods kept for their TTL, is compacted past it.
 */
export const DEFAULT_SETTLED_WHOLE = 65_536;

export class ObjectStore {
  private tables = new Map<string, KindTable>();
  private resourceVersion = 0;
  private uidCounter = 0;
  private watcherSeq = 0;
  /**
   * Events the simulator's components record (`record`); Events created through the API (rare)
   * live in the Event table like any object. Watchers of Events see both.
   */
  readonly events: EventRing;
  /** Watchers of what Events say (watchEventNotes), copy-on-write. */
  private noteWatchers: readonly EventNoteHandler[] = [];
  private readonly compactor = new Compactor();
  /**
   * Settled objects kept whole, oldest first. An object written again or deleted leaves at once
   * (its Settled is marked, and skipped here), so the window counts only objects still stored and
   * holds no deleted one alive.
   */
  private settledQueue = new Fifo<Settled>();
  /** Live entries of settledQueue: the window's size. */
  private settledLive = 0;

  constructor(private readonly hooks: StoreHooks) {
    this.events = new EventRing(hooks.maxEvents ?? 20_000, (seq) => {
      const watchers = this.eventWatchers();
      if (watchers !== undefined && watchers.size > 0) watchers.notify('DELETED', this.events.object(seq, ++this.resourceVersion)!);
    });
  }

  /**
   * Records an Event a simulated component reports, held until `expiresAt` (virtual ms) or pushed
   * out by newer ones. Watchers get the Event object; the store keeps a compact form (eventRing.ts).
   * Recorded Events own nothing and are not in the simulator's log, so `onChange` does not see them.
   */
  record(e: RecordedEvent, expiresAt: number): void {
    const rv = ++this.resourceVersion;
    const seq = this.events.add(e, rv, expiresAt);
    const notes = this.noteWatchers;
    for (let i = 0; i < notes.length; i++) notes[i]!(e.involvedObject, e.message, e.at);
    const watchers = this.eventWatchers();
    if (watchers !== undefined && watchers.size > 0) {
      watchers.notify('ADDED', this.events.object(seq) ?? EventRing.transient(seq, e, rv));
      if (this.events.capacity === 0) watchers.notify('DELETED', EventRing.transient(seq, e, ++this.resourceVersion));
    }
  }

  private eventWatchers(): Watchers | undefined {
    return this.tables.get('Event')?.watchers;
  }

  private table(kind: string): KindTable {
    let t = this.tables.get(kind);
    if (!t) this.tables.set(kind, (t = new KindTable()));
    return t;
  }

  count(kind: string): number {
    return (this.tables.get(kind)?.size ?? 0) + (kind === 'Event' ? this.events.size : 0);
  }

  /** Whether the object is stored (an object kept compactly is not expanded to say so). */
  has(kind: string, namespace: string | undefined, name: string): boolean {
    return this.tables.get(kind)?.has(namespace, name) === true;
  }

  get<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    if (kind === 'Event') {
      const e = this.events.get(namespace, name);
      if (e) return e as unknown as T;
    }
    return this.tables.get(kind)?.get(namespace, name) as T | undefined;
  }

  list<T extends KubeObject>(kind: string, namespace?: string, selector?: LabelSelector): T[] {
    const out: T[] = [];
    if (kind === 'Event') {
      for (const e of this.events.all()) {
        if ((namespace === undefined || e.metadata.namespace === namespace) && matchesSelector(e.metadata.labels, selector)) out.push(e as unknown as T);
      }
    }
    const t = this.tables.get(kind);
    if (!t) return out.sort(byKey);
    for (const obj of t.all(namespace)) if (matchesSelector(obj.metadata.labels, selector)) out.push(obj as T);
    // The API server lists in key order.
    return out.sort(byKey);
  }

  /**
   * Objects of `kind` owned by `ownerUid` in `namespace` (ownerReferences, as the garbage collector
   * sees them), in key order: a controller's view of its dependents without scanning the kind.
   */
  owned<T extends KubeObject>(kind: string, namespace: string | undefined, ownerUid: string): T[] {
    const t = this.tables.get(kind);
    const names = t?.ownedNames(ownerUid, namespace ?? '');
    if (!t || names === undefined) return [];
    if (typeof names === 'string') {
      // The usual case (a Job's one pod): no intermediate arrays.
      const obj = t.get(namespace, names);
      return obj ? [obj as T] : [];
    }
    const out: T[] = [];
    if (names instanceof Set) {
      // One namespace: name order is key order.
      for (const name of sortedOf(names)) {
        const obj = t.get(namespace, name);
        if (obj) out.push(obj as T);
      }
      return out;
    }
    for (const name of names) {
      const obj = t.get(namespace, name);
      if (obj) out.push(obj as T);
    }
    return out.length > 1 ? out.sort(byKey) : out;
  }

  /**
   * Stores a new object. `owned`: the caller built `obj` for the store and hands it over (the
   * simulator's own controllers), so its metadata is completed in place instead of copied.
   */
  create<T extends KubeObject>(kind: string, obj: T, opts: { owned?: boolean; namespace?: string } = {}): T {
    const t = this.table(kind);
    // `namespace`: the namespace of the request (a client's object may leave it out).
    const namespace = opts.namespace ?? obj.metadata.namespace;
    if (t.has(namespace, obj.metadata.name)) {
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
      const metadata = serverMetadata(obj.metadata, this.nextUid(), String(++this.resourceVersion), this.hooks.nowText(), 1);
      metadata.namespace = namespace;
      stored = resourceWith(obj, { metadata } as Partial<T>);
    }
    t.set(stored);
    t.indexOwners(stored, true);
    this.emit(t, kind, 'ADDED', stored);
    return stored;
  }

  /**
   * Replaces an object. A set resourceVersion must match (optimistic concurrency); a custom
   * resource must carry one (422 Invalid without, as kube-apiserver answers), built-in kinds may
   * omit it for an unconditional write. `unconditional`: a custom resource may omit it too (a JSON
   * patch of its status, which kube-apiserver applies without one).
   */
  update<T extends KubeObject>(kind: string, obj: T, subresource?: 'status', opts?: { unconditional?: boolean }): T {
    const t = this.table(kind);
    const current = t.get(obj.metadata.namespace, obj.metadata.name);
    if (!current) throw notFound(kind, obj.metadata.name);
    const rv = obj.metadata.resourceVersion;
    if (!rv && !opts?.unconditional && isCustomResource(obj.apiVersion ?? current.apiVersion)) {
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
      // resourceWith, not `{...current, status, metadata}`: V8 missed its inline caches on both
      // stores at every status write (a runtime call each; `node --log-ic`, 2026-12-07).
      next = resourceWith(current as T, {
        status: (obj as unknown as { status?: unknown }).status,
        metadata: serverMetadata(current.metadata, current.metadata.uid, String(++this.resourceVersion), current.metadata.creationTimestamp),
      } as unknown as Partial<T>);
    } else {
      const specChanged = JSON.stringify((obj as { spec?: unknown }).spec) !== JSON.stringify((current as { spec?: unknown }).spec);
      next = {
        ...obj,
        status: (current as unknown as { status?: unknown }).status ?? (obj as unknown as { status?: unknown }).status,
        metadata: serverMetadata(
          obj.metadata,
          current.metadata.uid,
          String(++this.resourceVersion),
          current.metadata.creationTimestamp,
          (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
        ),
      } as T;
    }
    return this.put(t, kind, next, current);
  }

  /**
   * Status writes from the simulator's own controllers, never refused: `obj` is a new object the
   * caller built from a version of the stored one (`{...pod, status}`) and hands over; only its
   * metadata is renewed (resourceVersion; uid and creation time stay the stored object's).
   */
  replace<T extends KubeObject>(kind: string, obj: T): T {
    const t = this.table(kind);
    const current = t.get(obj.metadata.namespace, obj.metadata.name);
    if (!current) throw notFound(kind, obj.metadata.name);
    const m = current.metadata;
    obj.metadata = serverMetadata(obj.metadata, m.uid, String(++this.resourceVersion), m.creationTimestamp);
    return this.put(t, kind, obj, current);
  }

  private put<T extends KubeObject>(t: KindTable, kind: string, next: T, current: KubeObject): T {
    const reowned = next.metadata.ownerReferences !== current.metadata.ownerReferences;
    if (reowned) t.indexOwners(current, false);
    // Written again, a settled object leaves the window (most objects written were never settled).
    const waited = t.set(next);
    if (waited) this.leaveWindow(waited);
    if (reowned) t.indexOwners(next, true);
    this.emit(t, kind, 'MODIFIED', next, current);
    return next;
  }

  /**
   * @param read the object as `get` returned it just now, nothing written since (the garbage
   * collector's check of the owner): spares expanding a compact object a second time.
   */
  delete(kind: string, namespace: string | undefined, name: string, read?: KubeObject): KubeObject {
    if (kind === 'Event') {
      const e = this.events.delete(namespace, name);
      if (e) {
        e.metadata.resourceVersion = String(++this.resourceVersion);
        this.eventWatchers()?.notify('DELETED', e);
        return e;
      }
    }
    const t = this.table(kind);
    const current = read ?? t.get(namespace, name);
    if (!current) throw notFound(kind, name);
    const waited = t.remove(current);
    if (waited) this.leaveWindow(waited);
    t.indexOwners(current, false);
    const m = current.metadata;
    const gone = resourceWith(current, { metadata: serverMetadata(m, m.uid, String(++this.resourceVersion), m.creationTimestamp) });
    this.emit(t, kind, 'DELETED', gone, current);
    return gone;
  }

  /**
   * Tells the store that `obj` (the version it holds) is settled: its controllers are done with
   * it and it will mostly sit until deleted (a finished Job, its finished pods). The store may then
   * keep it in compact form (compaction.ts); reads return an equal object.
   */
  settle(kind: string, obj: KubeObject): void {
    // Compacted only once more than `settledWhole` settled objects are stored, oldest first: an
    // object deleted while it waits whole (a cron job's Job and pod, gone a day later) is never
    // compared, compacted and expanded again for its deletion. Same reads either way.
    const waiting = this.tables.get(kind)?.wait(obj, kind);
    if (waiting === undefined) return;
    // Settled again: it moves to the newest end.
    if (waiting.replaced) this.leaveWindow(waiting.replaced);
    this.settledQueue.push(waiting.added);
    this.settledLive++;
    const limit = this.hooks.settledWhole ?? DEFAULT_SETTLED_WHOLE;
    while (this.settledLive > limit) {
      const oldest = this.settledQueue.shift()!;
      if (!oldest.live) continue;
      this.tables.get(oldest.kind)?.compact(oldest, (o) => this.compactor.compact(oldest.kind, o));
      this.leaveWindow(oldest);
    }
    // Entries left behind by writes and deletions: dropped once they outnumber the live ones.
    if (this.settledQueue.size > 2 * this.settledLive + 1024) this.settledQueue.retain(isLive);
  }

  private leaveWindow(s: Settled): void {
    s.leave();
    this.settledLive--;
  }

  /** The settled objects waiting whole, oldest first, with their kinds (for tests). */
  waitingWhole(): { obj: KubeObject; kind: string }[] {
    return this.settledQueue.retain(isLive).map(({ obj, kind }) => ({ obj, kind }));
  }

  /**
   * Dependents of an owner, as [kind, namespace, name]. `namespace`: the owner's, when it is
   * namespaced (its dependents are in it: no other namespace is looked at); undefined for a
   * cluster-scoped owner, whose dependents may be in any. `ownerKind`: the owner's kind, when
   * known: only kinds whose owner references name it are looked at.
   */
  dependentsOf(uid: string, namespace?: string, ownerKind?: string): [string, string | undefined, string][] {
    const out: [string, string | undefined, string][] = [];
    const found: [string, string][] = [];
    for (const [kind, t] of this.tables) {
      if (ownerKind !== undefined && !t.ownerKinds.has(ownerKind)) continue;
      t.ownedBy(uid, namespace, found);
      for (const [ns, name] of found) out.push([kind, ns || undefined, name]);
      found.length = 0;
    }
    return out;
  }

  /** Forgets what `uid` owned (`namespace` and `ownerKind` as for dependentsOf). */
  forgetOwner(uid: string, namespace?: string, ownerKind?: string): void {
    for (const t of this.tables.values()) if (ownerKind === undefined || t.ownerKinds.has(ownerKind)) t.forgetOwner(uid, namespace);
  }

  watch(kind: string, handler: WatchHandler, namespace?: string, selector?: LabelSelector): () => void {
    const t = this.table(kind);
    const watcher: Watcher = { handler, namespace, selector, seq: ++this.watcherSeq };
    for (const obj of this.list(kind, namespace, selector)) handler({ type: 'ADDED', object: obj });
    t.watchers.add(watcher);
    return () => t.watchers.remove(watcher);
  }

  /**
   * Watches what Events say, recorded or created through the API (added or updated; the held
   * ones first), without building an Event object for each recorded one.
   */
  watchEventNotes(handler: EventNoteHandler): () => void {
    for (const e of this.list<KubeEvent>('Event')) handler(e.involvedObject, e.message ?? '', e.lastTimestamp ?? '');
    this.noteWatchers = [...this.noteWatchers, handler];
    return () => {
      this.noteWatchers = this.noteWatchers.filter((h) => h !== handler);
    };
  }

  /**
   * Observes every change of `kind` with the version before it (ChangeObserver), after its
   * watchers: for a tally that needs no table of its own to know what an object was.
   */
  observe(kind: string, observer: ChangeObserver): () => void {
    const t = this.table(kind);
    t.observers = [...t.observers, observer];
    return () => {
      t.observers = t.observers.filter((o) => o !== observer);
    };
  }

  /** `previous`: the version before (for a DELETED, the version deleted; undefined for an ADDED). */
  private emit(t: KindTable, kind: string, type: WatchEventType, obj: KubeObject, previous?: KubeObject): void {
    if (kind === 'Event' && type !== 'DELETED' && this.noteWatchers.length > 0) {
      const e = obj as KubeEvent;
      for (const h of this.noteWatchers) h(e.involvedObject, e.message ?? '', e.lastTimestamp ?? '');
    }
    if (t.watchers.size > 0) t.watchers.notify(type, obj);
    const observers = t.observers;
    for (let i = 0; i < observers.length; i++) observers[i]!(type, obj, previous);
    this.hooks.onChange?.(kind, type, obj, previous);
  }

  private nextUid(): string {
    const hex = (++this.uidCounter).toString(16);
    return flatConcat(UID_PREFIX, '000000000000'.slice(hex.length), hex);
  }
}

/**
 * Metadata with the fields the server sets, built as one literal in a fixed key order: a spread
 * copy of a many-key object keeps only 4 fields in the object and the rest in a separate array,
 * and a spread plus new keys gives each copy a hidden class of its own (see objects.ts). Keys the
 * client left out stay undefined; any further keys follow.
 */
function serverMetadata(
  m: ObjectMeta,
  uid: string | undefined,
  resourceVersion: string,
  creationTimestamp: string | undefined,
  generation = m.generation ?? 1,
): ObjectMeta {
  const out: ObjectMeta = {
    name: m.name,
    namespace: m.namespace,
    labels: m.labels,
    annotations: m.annotations,
    ownerReferences: m.ownerReferences,
    uid,
    resourceVersion,
    generation,
    creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
  };
  // Further keys by a switch over the known ones (pointer compares of internalized keys), not an
  // `in` test of `out` for each key: a megamorphic lookup, ten per write.
  for (const k in m) {
    switch (k) {
      case 'name':
      case 'namespace':
      case 'labels':
      case 'annotations':
      case 'ownerReferences':
      case 'uid':
      case 'resourceVersion':
      case 'generation':
      case 'creationTimestamp':
      case 'deletionTimestamp':
        continue;
      default:
        (out as unknown as Record<string, unknown>)[k] = (m as unknown as Record<string, unknown>)[k];
    }
  }
  return out;
}

function byKey(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
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
