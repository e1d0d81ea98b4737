// What a cache remembers of the objects it saw deleted (name -> uid), so a late watch event cannot
// bring one back: only the recent deletions. A late event comes within seconds of its object's
// deletion; kept for ever, tombstones grew by one per object a long-running server ever deleted
// (~220 B each, in every Job Manager's caches: a month of every-minute cron jobs in six components
// left ~300 MB). With the engine's clock they are kept for a minute; without one, the newest 4,096.
//
// Not a Map evicted through `keys().next()`: V8's ordered hash table leaves a hole for each deleted
// entry until it is rehashed, and the iterator walks over the holes from the front, so at 4,096
// tombstones an eviction cost ~1.2 us, and ~4.7 us at 16,384 (half of the tombstones' share of the
// month scenario's cron work, ~2%). Here a queue holds the burial order; an entry buried again or
// lifted is skipped when it reaches the front.
import { Fifo } from '../common/fifo.js';

/** Tombstones kept per cache without a clock: the newest deletions only. */
export const TOMBSTONES = 4_096;

/**
 * With a clock, a tombstone is kept this long, however many deletions follow (a late event is one
 * that was on its way when the object was deleted: the watch's latency), and no longer: at 4,096 a
 * cache, the 24 sets of a month's six Job Managers held ~100,000 names and uids (~18 MB) for nothing.
 */
export const TOMBSTONE_KEEP_MS = 60_000;

/** With a clock, the most tombstones kept at once (a burst of deletions within the minute). */
export const MAX_TOMBSTONES = 131_072;

interface Tombstone {
  readonly name: string;
  readonly uid: string | undefined;
  /** when it was buried (0 without a clock) */
  readonly at: number;
}

export class Tombstones {
  private readonly byName = new Map<string, Tombstone>();
  /** Burial order; entries no longer in `byName` (buried again, lifted) are stale. */
  private readonly order = new Fifo<Tombstone>();

  /** `now`: the clock that ages tombstones (see TOMBSTONE_KEEP_MS); without it, the newest `limit` are kept. */
  constructor(
    private readonly limit = TOMBSTONES,
    private readonly now?: () => number,
  ) {}

  /**
   * A cache's tombstones: with `now`, every deletion of the last TOMBSTONE_KEEP_MS (at most
   * MAX_TOMBSTONES); without it, the newest TOMBSTONES.
   */
  static of(now?: () => number): Tombstones {
    return now ? new Tombstones(MAX_TOMBSTONES, now) : new Tombstones();
  }

  get size(): number {
    return this.byName.size;
  }

  /** Whether `name` has a tombstone. */
  has(name: string): boolean {
    if (this.now !== undefined) this.expire(this.now());
    return this.byName.has(name);
  }

  /** Whether `name` has a tombstone for the object of `uid` (a late event of the object deleted). */
  holds(name: string, uid: string | undefined): boolean {
    if (this.byName.size === 0) return false;
    if (this.now !== undefined) this.expire(this.now());
    const t = this.byName.get(name);
    return t !== undefined && t.uid === uid;
  }

  /** The uid of the deleted object of `name` (undefined when it had none, or has no tombstone). */
  uidOf(name: string): string | undefined {
    return this.byName.get(name)?.uid;
  }

  /** Records that `name` (with `uid`) was deleted, as the newest tombstone; forgets the oldest past the limit. */
  bury(name: string, uid: string | undefined): void {
    const at = this.now === undefined ? 0 : this.now();
    const t: Tombstone = { name, uid, at };
    this.byName.set(name, t);
    this.order.push(t);
    while (this.byName.size > this.limit) {
      const oldest = this.order.shift()!;
      if (this.byName.get(oldest.name) === oldest) this.byName.delete(oldest.name);
    }
    if (this.now !== undefined) this.expire(at);
    // Stale entries left behind by names buried again or lifted: drop them once they are half.
    if (this.order.size > 2 * this.limit + 64) this.compact();
  }

  /** Forgets the tombstone of `name` (a new object of that name exists). */
  lift(name: string): void {
    this.byName.delete(name);
  }

  /** Forgets every tombstone (bench/heapBreakdown.ts measures what they hold this way). */
  clear(): void {
    this.byName.clear();
    this.compact();
  }

  /** Names with a tombstone, oldest burial first. */
  names(): string[] {
    return this.compact().map((t) => t.name);
  }

  /** Forgets the tombstones buried more than TOMBSTONE_KEEP_MS before `now` (the oldest are in front). */
  private expire(now: number): void {
    for (let t = this.order.peek(); t !== undefined && now - t.at > TOMBSTONE_KEEP_MS; t = this.order.peek()) {
      this.order.shift();
      if (this.byName.get(t.name) === t) this.byName.delete(t.name);
    }
  }

  /** Drops the stale entries from the burial order; returns the live ones, oldest first. */
  private compact(): Tombstone[] {
    const live: Tombstone[] = [];
    for (let t = this.order.shift(); t !== undefined; t = this.order.shift()) if (this.byName.get(t.name) === t) live.push(t);
    for (const t of live) this.order.push(t);
    return live;
  }
}
