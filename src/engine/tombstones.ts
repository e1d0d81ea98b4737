// What a cache remembers of the objects it saw deleted (name -> uid), so a late watch event cannot
// bring one back: only the recent deletions. A late event comes within seconds of its object's
// deletion; kept for ever, tombstones grew by one per object a long-running server ever deleted
// (~220 B each, in every Job Manager's caches: a month of every-minute cron jobs in six components
// left ~300 MB). With the engine's clock they are kept for a minute; without one, the newest 4,096.
//
// The order of burial is an OrderedMap's (common/orderedMap.ts): forgetting the oldest is O(1).
import { OrderedMap } from '../common/orderedMap.js';

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
  readonly uid: string | undefined;
  /** when it was buried (0 without a clock) */
  readonly at: number;
}

export class Tombstones {
  /** name -> tombstone, oldest burial first */
  private readonly byName = new OrderedMap<string, Tombstone>();

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
    this.byName.set(name, { uid, at });
    while (this.byName.size > this.limit) this.byName.shift();
    if (this.now !== undefined) this.expire(at);
  }

  /** Forgets the tombstone of `name` (a new object of that name exists). */
  lift(name: string): void {
    this.byName.delete(name);
  }

  /** Forgets every tombstone (bench/heapBreakdown.ts measures what they hold this way). */
  clear(): void {
    this.byName.clear();
  }

  /** Names with a tombstone, oldest burial first. */
  names(): string[] {
    return this.byName.keys();
  }

  /** Forgets the tombstones buried more than TOMBSTONE_KEEP_MS before `now` (the oldest are in front). */
  private expire(now: number): void {
    for (let t = this.byName.oldest(); t !== undefined && now - t.value.at > TOMBSTONE_KEEP_MS; t = this.byName.oldest()) this.byName.shift();
  }
}
