// History cleanup, as the reference's: completed batches older than an hour are deleted, keeping the
// newest `limit` in each of four groups ({batch, single job} x {succeeded, not succeeded}). It runs
// as background work on the engine clock when a new batch appears, at most once a minute.
import type { EngineClock } from './clock.js';
import type { ClusterCache } from './clusterCache.js';
import { batchType, LABEL_PART_OF, type JobPhase, type RadixBatch } from '../cluster/radixBatch.js';
import type { WatchEventType } from '../cluster/port.js';

export const HISTORY_MIN_AGE_MS = 60 * 60 * 1000;
export const HISTORY_MIN_INTERVAL_MS = 60 * 1000;
export const DEFAULT_HISTORY_LIMIT = 10;

export interface HistoryOptions {
  cache: ClusterCache;
  clock: EngineClock;
  component: string;
  limit: number;
  /** Phases of every job of a batch (head and parts). */
  phasesOf: (head: RadixBatch) => JobPhase[];
  deleteBatch: (name: string) => Promise<void>;
  onError?: (err: unknown, context: string) => void;
}

/**
 * The batches to delete now, oldest first, weighing every head given: the rule, as a scan of the
 * cache would apply it. CompletedHeads.candidates gives the same from the groups it keeps between
 * cleanups (test/engine/completedHeads.test.ts holds the two to each other).
 */
export function historyCandidates(heads: RadixBatch[], now: number, limit: number, succeeded: (h: RadixBatch) => boolean): RadixBatch[] {
  // The four groups: {batch, single job} x {not succeeded, succeeded}.
  const groups: Aged[][] = [[], [], [], []];
  for (const head of heads) {
    const c = head.status?.condition;
    if (c?.type !== 'Completed' || !c.completionTime) continue;
    const completed = Date.parse(c.completionTime);
    if (!(now - completed > HISTORY_MIN_AGE_MS)) continue;
    groups[(batchType(head) === 'job' ? 2 : 0) + (succeeded(head) ? 1 : 0)]!.push({ head, completed });
  }
  const out: Aged[] = [];
  for (const g of groups) {
    if (g.length <= limit) continue;
    g.sort(byCompletion);
    for (let i = 0; i < g.length - limit; i++) out.push(g[i]!);
  }
  // Oldest first across the groups too: the order does not hang on the order `heads` came in.
  return out.sort(byCompletion).map((x) => x.head);
}

interface Aged {
  head: RadixBatch;
  completed: number;
}

function byCompletion(a: Aged, b: Aged): number {
  return a.completed - b.completed || a.head.metadata.name.localeCompare(b.head.metadata.name);
}

/** A head seen completed, at its completion time. */
interface Completion {
  readonly name: string;
  readonly completed: number;
  /** No longer current: its head was deleted, forgotten, reopened or completed again. */
  dead: boolean;
  /** Once older than an hour: the head object its group was worked out from, and the group. */
  head: RadixBatch | undefined;
  group: number;
  /** Marked as a candidate in the cleanup under way. */
  picked: boolean;
}

/** The group of a completed head, as historyCandidates numbers them. */
function groupOf(head: RadixBatch, succeeded: (h: RadixBatch) => boolean): number {
  return (batchType(head) === 'job' ? 2 : 0) + (succeeded(head) ? 1 : 0);
}

/**
 * The component's completed heads by completion time, told of every change of a batch: a cleanup
 * weighs only the heads older than an hour. Scanning every head once a minute cost the month
 * scenario's every-minute cron components (~70 heads each, mostly younger than an hour) ~8% of
 * their time. An entry is current while `current` maps its name to it; others are skipped.
 */
export class CompletedHeads {
  private readonly current = new Map<string, Completion>();
  /**
   * Entries not yet older than an hour, oldest first from `start` (ties by name); the slots before
   * `start` are emptied as their entries move to `old` (an entry holds its head, and a head the
   * verdict on its parts: a slot left behind kept a deleted nightly batch alive, parts and all).
   */
  private young: (Completion | undefined)[] = [];
  private start = 0;
  /** Entries older than an hour (the kept history and the ones to delete). */
  private old: Completion[] = [];

  constructor(
    private readonly cache: ClusterCache,
    private readonly component: string,
  ) {}

  /**
   * A batch of the cache changed (ClusterCache.batchListeners): `rb`, and what it was before.
   * `weigh`: told of a head of this component seen completed now for the first time, it gives
   * the head's group (see groupOf), kept with the head until the cache holds another version of it.
   */
  observe(type: WatchEventType, rb: RadixBatch, previous: RadixBatch | undefined, weigh?: (head: RadixBatch) => number): void {
    const name = rb.metadata.name;
    const c = rb.status?.condition;
    if (type === 'DELETED' || !this.headOfMine(rb) || c?.type !== 'Completed' || !c.completionTime) {
      // Most changes are of parts or of unfinished heads, now and before, and need no lookup.
      if (previous === undefined || this.headOfMine(previous) || type === 'DELETED') this.forget(name);
      return;
    }
    // Parsed here, once for each change of a completed head.
    const completed = Date.parse(c.completionTime);
    const was = this.current.get(name);
    if (was?.completed === completed) return;
    if (was) die(was);
    const entry: Completion = { name, completed, dead: false, head: undefined, group: -1, picked: false };
    if (weigh) {
      entry.head = rb;
      entry.group = weigh(rb);
    }
    this.current.set(name, entry);
    // Completions come about in time order: the place is nearly always the end.
    let i = this.young.length;
    while (i > this.start && before(entry, this.young[i - 1]!)) i--;
    this.young.splice(i, 0, entry);
  }

  private forget(name: string): void {
    const was = this.current.get(name);
    if (was === undefined) return;
    die(was);
    this.current.delete(name);
  }

  private headOfMine(rb: RadixBatch): boolean {
    return rb.metadata.labels?.[LABEL_PART_OF] === undefined && rb.spec.radixDeploymentJobRef.job === this.component;
  }

  /** The heads completed more than an hour before `now`, as the cache holds them now. */
  olderThanAnHour(now: number): RadixBatch[] {
    return this.aged(now).map((e) => e.head!);
  }

  /**
   * What historyCandidates picks from olderThanAnHour(now), worked out from the groups of the
   * last cleanup: a head's group is weighed again only when the cache holds another version of it
   * (or it has parts, which change apart from it). Each cleanup weighed every kept head afresh.
   */
  candidates(now: number, limit: number, succeeded: (h: RadixBatch) => boolean): RadixBatch[] {
    const old = this.aged(now);
    const groups: Completion[][] = [[], [], [], []];
    // `old` is in completion order unless a head completed at a time before heads already old.
    let inOrder = true;
    for (let i = 0; i < old.length; i++) {
      const e = old[i]!;
      const head = e.head!;
      if (e.group < 0 || (head.spec.parts ?? 0) > 0) e.group = groupOf(head, succeeded);
      if (i > 0 && before(e, old[i - 1]!)) inOrder = false;
      groups[e.group]!.push(e);
    }
    const out: Completion[] = [];
    for (const g of groups) {
      if (g.length <= limit) continue;
      if (!inOrder) g.sort(byEntry);
      for (let i = 0; i < g.length - limit; i++) {
        g[i]!.picked = true;
        out.push(g[i]!);
      }
    }
    if (out.length === 0) return [];
    // Oldest first across the groups: in `old`'s order when it is in order.
    if (inOrder) {
      out.length = 0;
      for (const e of old) if (e.picked) out.push(e);
    } else out.sort(byEntry);
    for (const e of out) e.picked = false;
    return out.map((e) => e.head!);
  }

  /** The entries older than an hour still current, each with its head as the cache holds it now. */
  private aged(now: number): Completion[] {
    while (this.start < this.young.length && now - this.young[this.start]!.completed > HISTORY_MIN_AGE_MS) {
      this.old.push(this.young[this.start]!);
      this.young[this.start++] = undefined;
    }
    // Let go of the passed entries once they are most of the array.
    if (this.start > 64 && this.start * 2 > this.young.length) {
      this.young = this.young.slice(this.start);
      this.start = 0;
    }
    let kept = 0;
    for (const e of this.old) {
      if (e.dead) continue;
      const head = this.cache.batch(e.name);
      // Gone from the cache without an event (a disowned batch): forgotten.
      if (!head) {
        this.forget(e.name);
        continue;
      }
      if (head !== e.head) {
        e.head = head;
        e.group = -1;
      }
      this.old[kept++] = e;
    }
    this.old.length = kept;
    return this.old;
  }
}

/** No longer current: it lets go of its head (a deleted head must not be kept alive by it). */
function die(e: Completion): void {
  e.dead = true;
  e.head = undefined;
}

function byEntry(a: Completion, b: Completion): number {
  return a.completed - b.completed || a.name.localeCompare(b.name);
}

function before(a: Completion, b: Completion): boolean {
  return a.completed < b.completed || (a.completed === b.completed && a.name.localeCompare(b.name) < 0);
}

export class HistoryCleaner {
  private lastRun: number | undefined;
  private scheduled = false;
  private running: Promise<void> | undefined;
  /**
   * Whether a kept batch with parts has only succeeded (or stopped) jobs, by head, with the parts
   * it was worked out from: every cleanup weighs such a batch again (its parts change apart from
   * it), and a finished big batch's job lists are deflated (dormantBatches.ts), so reading them all
   * each time would parse them all. A head without parts keeps its group in the index.
   */
  private readonly verdicts = new WeakMap<RadixBatch, { parts: readonly RadixBatch[]; succeeded: boolean }>();
  private readonly completed: CompletedHeads;
  deleted = 0;

  constructor(private readonly o: HistoryOptions) {
    this.completed = new CompletedHeads(o.cache, o.component);
  }

  /** A batch of the cache changed: the cleaner keeps its index of completed heads in step. */
  observe(type: WatchEventType, rb: RadixBatch, previous: RadixBatch | undefined): void {
    // A batch just completed is weighed now, while its objects are whole: an hour later they are
    // asleep (deflated) and reading every job of a big batch would parse them.
    this.completed.observe(type, rb, previous, this.weigh);
  }

  private readonly weigh = (head: RadixBatch): number => groupOf(head, (h) => this.succeeded(h));

  /** The batches a cleanup at `now` deletes, oldest first. */
  candidates(now: number): RadixBatch[] {
    return this.completed.candidates(now, this.o.limit, (h) => this.succeeded(h));
  }

  private succeeded(head: RadixBatch): boolean {
    // A head without parts is its only object: weighed when its version changes (the index keeps its group).
    if (!((head.spec.parts ?? 0) > 0)) return this.o.phasesOf(head).every((p) => p === 'Succeeded' || p === 'Stopped');
    const known = this.verdicts.get(head);
    const parts = this.o.cache.parts(head.metadata.name);
    if (known && known.parts.length === parts.length && known.parts.every((o, i) => o === parts[i])) return known.succeeded;
    const succeeded = this.o.phasesOf(head).every((p) => p === 'Succeeded' || p === 'Stopped');
    this.verdicts.set(head, { parts, succeeded });
    return succeeded;
  }

  /** Asks for a cleanup; runs soon, throttled to one run per minute. */
  trigger(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const now = this.o.clock.now();
    const wait = this.lastRun === undefined ? 0 : Math.max(0, this.lastRun + HISTORY_MIN_INTERVAL_MS - now);
    this.o.clock.schedule(
      wait,
      () => {
        this.scheduled = false;
        return this.run();
      },
      { background: wait > 0 },
    );
  }

  run(): Promise<void> {
    if (this.running) return this.running;
    this.lastRun = this.o.clock.now();
    this.running = this.cleanup().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async cleanup(): Promise<void> {
    for (const head of this.candidates(this.o.clock.now())) {
      try {
        await this.o.deleteBatch(head.metadata.name);
        this.deleted++;
      } catch (err) {
        this.o.onError?.(err, `history cleanup of ${head.metadata.name}`);
      }
    }
  }
}
