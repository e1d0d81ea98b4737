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

/** Parsed completion times by condition object: cleanup re-reads every head of its component once a minute. */
const parsedCompletion = new WeakMap<object, number>();

function completionMs(condition: { completionTime: string }): number {
  let ms = parsedCompletion.get(condition);
  if (ms === undefined) parsedCompletion.set(condition, (ms = Date.parse(condition.completionTime)));
  return ms;
}

/** The batches to delete now, oldest first. */
export function historyCandidates(heads: RadixBatch[], now: number, limit: number, succeeded: (h: RadixBatch) => boolean): RadixBatch[] {
  // The four groups: {batch, single job} x {not succeeded, succeeded}.
  const groups: Aged[][] = [[], [], [], []];
  for (const head of heads) {
    const c = head.status?.condition;
    if (c?.type !== 'Completed' || !c.completionTime) continue;
    const completed = completionMs(c as { completionTime: string });
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
}

/**
 * The component's completed heads by completion time, told of every change of a batch: a cleanup
 * weighs only the heads older than an hour. Scanning every head once a minute cost the month
 * scenario's every-minute cron components (~70 heads each, mostly younger than an hour) ~8% of
 * their time. An entry is current while `current` maps its name to it; others are skipped.
 */
export class CompletedHeads {
  private readonly current = new Map<string, Completion>();
  /** Entries not yet older than an hour, oldest first from `start` (ties by name). */
  private young: Completion[] = [];
  private start = 0;
  /** Entries older than an hour (the kept history and the ones to delete). */
  private old: Completion[] = [];

  constructor(
    private readonly cache: ClusterCache,
    private readonly component: string,
  ) {}

  /**
   * A batch of the cache changed (ClusterCache.batchListeners): `rb`, and what it was before. True
   * when `rb` is a head of this component seen completed now for the first time.
   */
  observe(type: WatchEventType, rb: RadixBatch, previous: RadixBatch | undefined): boolean {
    const name = rb.metadata.name;
    const c = rb.status?.condition;
    if (type === 'DELETED' || !this.headOfMine(rb) || c?.type !== 'Completed' || !c.completionTime) {
      // Most changes are of parts or of unfinished heads, now and before, and need no lookup.
      if (previous === undefined || this.headOfMine(previous) || type === 'DELETED') this.current.delete(name);
      return false;
    }
    const completed = completionMs(c as { completionTime: string });
    if (this.current.get(name)?.completed === completed) return false;
    const entry: Completion = { name, completed };
    this.current.set(name, entry);
    // Completions come about in time order: the place is nearly always the end.
    let i = this.young.length;
    while (i > this.start && before(entry, this.young[i - 1]!)) i--;
    this.young.splice(i, 0, entry);
    return true;
  }

  private headOfMine(rb: RadixBatch): boolean {
    return rb.metadata.labels?.[LABEL_PART_OF] === undefined && rb.spec.radixDeploymentJobRef.job === this.component;
  }

  /** The heads completed more than an hour before `now`, as the cache holds them now. */
  olderThanAnHour(now: number): RadixBatch[] {
    while (this.start < this.young.length && now - this.young[this.start]!.completed > HISTORY_MIN_AGE_MS) {
      this.old.push(this.young[this.start++]!);
    }
    // Let go of the passed entries once they are most of the array.
    if (this.start > 64 && this.start * 2 > this.young.length) {
      this.young = this.young.slice(this.start);
      this.start = 0;
    }
    const heads: RadixBatch[] = [];
    const kept: Completion[] = [];
    for (const e of this.old) {
      if (this.current.get(e.name) !== e) continue;
      const head = this.cache.batch(e.name);
      // Gone from the cache without an event (a disowned batch): forgotten.
      if (!head) {
        this.current.delete(e.name);
        continue;
      }
      kept.push(e);
      heads.push(head);
    }
    this.old = kept;
    return heads;
  }
}

function before(a: Completion, b: Completion): boolean {
  return a.completed < b.completed || (a.completed === b.completed && a.name.localeCompare(b.name) < 0);
}

const NO_PARTS: readonly RadixBatch[] = [];

export class HistoryCleaner {
  private lastRun: number | undefined;
  private scheduled = false;
  private running: Promise<void> | undefined;
  /**
   * Whether a kept batch has only succeeded (or stopped) jobs, by head, with the parts it was
   * worked out from: every cleanup weighs every kept batch again, and a finished big batch's
   * job lists are deflated (dormantBatches.ts), so reading them all each time would parse them all.
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
    if (this.completed.observe(type, rb, previous)) this.succeeded(rb);
  }

  /** The batches a cleanup at `now` deletes, oldest first. */
  candidates(now: number): RadixBatch[] {
    return historyCandidates(this.completed.olderThanAnHour(now), now, this.o.limit, (h) => this.succeeded(h));
  }

  private succeeded(head: RadixBatch): boolean {
    const known = this.verdicts.get(head);
    // A head without parts is its only object: the head itself is the key (no array per call).
    const parts = (head.spec.parts ?? 0) > 0 ? this.o.cache.parts(head.metadata.name) : NO_PARTS;
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
