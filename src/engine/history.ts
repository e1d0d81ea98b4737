// History cleanup, as the reference's: completed batches older than an hour are deleted, keeping the
// newest `limit` in each of four groups ({batch, single job} x {succeeded, not succeeded}). It runs
// as background work on the engine clock when a new batch appears, at most once a minute.
import type { EngineClock } from './clock.js';
import type { ClusterCache } from './clusterCache.js';
import { batchType, type JobPhase, type RadixBatch } from '../cluster/radixBatch.js';

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
  const groups = new Map<string, { head: RadixBatch; completed: number }[]>();
  for (const head of heads) {
    const c = head.status?.condition;
    if (c?.type !== 'Completed' || !c.completionTime) continue;
    const completed = completionMs(c as { completionTime: string });
    if (!(now - completed > HISTORY_MIN_AGE_MS)) continue;
    const key = `${batchType(head) ?? 'batch'}/${succeeded(head)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ head, completed });
  }
  const out: RadixBatch[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.completed - b.completed || a.head.metadata.name.localeCompare(b.head.metadata.name));
    out.push(...g.slice(0, Math.max(0, g.length - limit)).map((x) => x.head));
  }
  return out;
}

export class HistoryCleaner {
  private lastRun: number | undefined;
  private scheduled = false;
  private running: Promise<void> | undefined;
  /**
   * Whether a kept batch has only succeeded (or stopped) jobs, by head, with the objects it was
   * worked out from: every cleanup weighs every kept batch again, and a finished big batch's
   * job lists are deflated (dormantBatches.ts), so reading them all each time would parse them all.
   */
  private readonly verdicts = new WeakMap<RadixBatch, { objects: readonly RadixBatch[]; succeeded: boolean }>();
  deleted = 0;

  constructor(private readonly o: HistoryOptions) {}

  private succeeded(head: RadixBatch): boolean {
    const objects = this.o.cache.batchObjects(head);
    const known = this.verdicts.get(head);
    if (known && known.objects.length === objects.length && known.objects.every((o, i) => o === objects[i])) return known.succeeded;
    const succeeded = this.o.phasesOf(head).every((p) => p === 'Succeeded' || p === 'Stopped');
    this.verdicts.set(head, { objects, succeeded });
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
    const mine = this.o.cache.headsOfJob(this.o.component);
    for (const head of historyCandidates(mine, this.o.clock.now(), this.o.limit, (h) => this.succeeded(h))) {
      try {
        await this.o.deleteBatch(head.metadata.name);
        this.deleted++;
      } catch (err) {
        this.o.onError?.(err, `history cleanup of ${head.metadata.name}`);
      }
    }
  }
}
