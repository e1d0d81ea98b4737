// The watchers of one kind of object, and which of them an object's change goes to.
//
// Every Job Manager watches its own component's batch objects, Jobs and pods by a label selector,
// so with many job components most watchers of a kind want none of a given object: an app of 200
// components spent a fifth of its time asking each of 200 selectors about every write. The
// watchers are therefore indexed by the label their selectors share most, by its value; a change
// goes to the watchers of its object's value and to those the index does not cover, in the order
// they started watching, as without the index.
import { matchesSelector, type LabelSelector } from '../cluster/labels.js';
import type { WatchEvent, WatchEventType } from '../cluster/port.js';
import type { KubeObject } from '../cluster/types.js';

export type WatchHandler = (event: WatchEvent<KubeObject>) => void;

export interface Watcher {
  selector: LabelSelector | undefined;
  namespace: string | undefined;
  handler: WatchHandler;
  /** When it started watching, among all of the store's watchers: the order changes go out in. */
  seq: number;
}

/** Fewer watchers than this are asked one by one: an index would save nothing. */
const INDEXED_FROM = 8;

const NONE: readonly Watcher[] = [];

interface Index {
  /** the label the index is by */
  key: string;
  /** watchers whose selector wants `key` to have this value, in `seq` order */
  byValue: Map<string, Watcher[]>;
  /** the others (no selector, or none on `key`), in `seq` order */
  rest: Watcher[];
}

/** The label most selectors want a value of, and its index; undefined when too few share one. */
function indexOf(list: readonly Watcher[]): Index | undefined {
  if (list.length < INDEXED_FROM) return undefined;
  const counts = new Map<string, number>();
  for (const w of list) {
    for (const k in w.selector) if (w.selector[k] !== '') counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let key: string | undefined;
  let most = 0;
  for (const [k, n] of counts) {
    if (n > most) {
      key = k;
      most = n;
    }
  }
  if (key === undefined || most < INDEXED_FROM) return undefined;
  const byValue = new Map<string, Watcher[]>();
  const rest: Watcher[] = [];
  for (const w of list) {
    const value = w.selector?.[key];
    if (value === undefined || value === '') rest.push(w);
    else {
      const same = byValue.get(value);
      if (same) same.push(w);
      else byValue.set(value, [w]);
    }
  }
  return { key, byValue, rest };
}

/**
 * The watchers of a kind, copy-on-write: adding or removing one makes a new list (and index), so
 * a handler that starts or stops a watch does not disturb a delivery in progress.
 */
export class Watchers {
  private list: readonly Watcher[] = NONE;
  /** null: not built since the list last changed */
  private index: Index | undefined | null = null;

  get all(): readonly Watcher[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  add(w: Watcher): void {
    this.list = [...this.list, w];
    this.index = null;
  }

  remove(w: Watcher): void {
    this.list = this.list.filter((x) => x !== w);
    this.index = null;
  }

  /** Tells each watcher that wants `obj` of its change, in the order they started watching. */
  notify(type: WatchEventType, obj: KubeObject): void {
    if (this.index === null) this.index = indexOf(this.list);
    const index = this.index;
    if (index === undefined) return deliver(this.list, NONE, type, obj);
    const value = obj.metadata.labels?.[index.key];
    deliver(index.rest, value === undefined ? NONE : (index.byValue.get(value) ?? NONE), type, obj);
  }
}

/** Delivers to the watchers of `a` and `b` (each in `seq` order) that want `obj`, merged by `seq`. */
function deliver(a: readonly Watcher[], b: readonly Watcher[], type: WatchEventType, obj: KubeObject): void {
  // One event object for every watcher (handlers only read it).
  let event: WatchEvent<KubeObject> | undefined;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const w = j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq) ? a[i++]! : b[j++]!;
    if (w.namespace !== undefined && obj.metadata.namespace !== w.namespace) continue;
    if (w.selector !== undefined && !matchesSelector(obj.metadata.labels, w.selector)) continue;
    w.handler((event ??= { type, object: obj }));
  }
}
