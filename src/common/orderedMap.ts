// A map that also gives up its oldest entry in O(1): for windows that forget their oldest entries
// (the engine caches' tombstones) and queues taken from the front (the reconciler's dirty batch
// objects).
//
// Not a Map read oldest first through `keys().next()`: V8's ordered hash table leaves a hole for
// each deleted entry until it is rehashed, and its iterator walks over the holes from the front, so
// forgetting the oldest of 4,096 entries cost ~1.2 µs, ~4.7 µs at 16,384, and a window of 65,536
// settled objects made a 100,000-job batch half again as slow. Here a queue holds the order; an
// entry deleted or set again is left in it, marked, and skipped when it reaches the front.
import { Fifo } from './fifo.js';

interface Entry<K, V> {
  key: K;
  value: V;
  live: boolean;
}

/** An entry deleted or set again: it lets go of its key and value (no deleted object kept alive). */
function retire<K, V>(e: Entry<K, V>): void {
  e.live = false;
  e.key = undefined as K;
  e.value = undefined as V;
}

export class OrderedMap<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  /** Insertion order; entries no longer live (deleted, or set again) are skipped. */
  private order = new Fifo<Entry<K, V>>();

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Sets `key` as the newest entry (a key already present moves to the end). */
  set(key: K, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) retire(old);
    const entry: Entry<K, V> = { key, value, live: true };
    this.entries.set(key, entry);
    this.order.push(entry);
    // Entries left behind by deletions: dropped once they outnumber the live ones.
    if (this.order.size > 2 * this.entries.size + 64) this.compact();
  }

  /** Sets `key`'s value where it stands, as a Map does; a new key becomes the newest entry. */
  assign(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry === undefined) this.set(key, value);
    else entry.value = value;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    retire(entry);
    return true;
  }

  /** The oldest entry's key and value, left in place; undefined when empty. */
  oldest(): { readonly key: K; readonly value: V } | undefined {
    return this.front();
  }

  /** Takes the oldest entry out; undefined when empty. */
  shift(): { readonly key: K; readonly value: V } | undefined {
    const e = this.front();
    if (e === undefined) return undefined;
    this.order.shift();
    this.entries.delete(e.key);
    // The caller gets the key and value; the entry is out of the order and the map.
    const out = { key: e.key, value: e.value };
    retire(e);
    return out;
  }

  clear(): void {
    this.entries.clear();
    this.order = new Fifo();
  }

  /** The keys, oldest first. */
  keys(): K[] {
    return this.compact().map((e) => e.key);
  }

  /** The oldest live entry, the ones no longer live in front of it dropped. */
  private front(): Entry<K, V> | undefined {
    let e = this.order.peek();
    while (e !== undefined && !e.live) {
      this.order.shift();
      e = this.order.peek();
    }
    return e;
  }

  /** Drops the entries no longer live from the order; returns the live ones, oldest first. */
  private compact(): Entry<K, V>[] {
    return this.order.retain((e) => e.live);
  }
}
