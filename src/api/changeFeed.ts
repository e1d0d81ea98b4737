// The change feed behind the watch stream (GET /jobsim/v1/watch): RadixBatch changes from the
// engine's watch cache (so both backends feed it), coalesced per batch per tick, and on the
// simulator its event log and clock. Events are numbered; the last `retain` are kept so a client
// that reconnects with Last-Event-ID gets what it missed, or a `resync` when that is gone.
import { randomUUID } from 'node:crypto';
import type { JobManager } from '../engine/jobManager.js';
import { headName, type BatchJobStatus, type RadixBatch } from '../cluster/radixBatch.js';
import { rfc3339 } from '../cluster/time.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import { summarize } from './batchSummary.js';
import type { BatchChange } from './dashboardTypes.js';
import { jobRow, type JobRow } from './jobRows.js';

export type FeedEventType = 'hello' | 'batch' | 'batchDeleted' | 'sim' | 'clock' | 'resync';

export interface FeedEvent {
  /** `<epoch>-<seq>`: the epoch changes with every server process, so an id from another run never matches. */
  id: string;
  seq: number;
  event: FeedEventType;
  data: unknown;
}

export interface ChangeFeedOptions {
  /** Coalescing period: at most one event per batch per tick. */
  tickMs?: number;
  /** Events kept for resumption. */
  retain?: number;
  /** Changed job rows sent with a batch event, at most. */
  maxJobsPerEvent?: number;
  /** Simulator log lines sent with a `sim` event, at most (the newest). */
  maxSimEvents?: number;
  /** How long the feed keeps recording after its last subscriber left. */
  graceMs?: number;
}

type Subscriber = (e: FeedEvent) => void;

export class ChangeFeed {
  readonly epoch = randomUUID().slice(0, 8);
  private seq = 0;
  private ring: FeedEvent[] = [];
  /** Resuming from a seq at or below this is impossible: the feed was not recording after it. */
  private gapAfter = 0;
  private readonly subscribers = new Set<Subscriber>();
  /** Open streams, ended when the feed closes (so a server with a dashboard open can shut down). */
  private readonly closers = new Set<() => void>();
  /** head name -> names of its changed jobs, or 'all' (too many to list) */
  private dirty = new Map<string, Set<string> | 'all'>();
  private deleted = new Set<string>();
  private attached: JobManager | undefined;
  private detachListener: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private simSeq = 0;
  private clockKey = '';
  private readonly o: Required<ChangeFeedOptions>;

  constructor(
    private readonly manager: () => JobManager,
    private readonly sim: SimRuntime | undefined,
    options: ChangeFeedOptions = {},
  ) {
    this.o = { tickMs: 250, retain: 2000, maxJobsPerEvent: 200, maxSimEvents: 50, graceMs: 60_000, ...options };
  }

  get lastSeq(): number {
    return this.seq;
  }

  idOf(seq: number): string {
    return `${this.epoch}-${seq}`;
  }

  /** Starts recording (if not yet) and calls `fn` with every new event. */
  subscribe(fn: Subscriber): () => void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.start();
    this.subscribers.add(fn);
    return () => {
      this.subscribers.delete(fn);
      if (this.subscribers.size === 0 && !this.graceTimer) {
        this.graceTimer = setTimeout(() => this.stop(), this.o.graceMs);
        this.graceTimer.unref();
      }
    };
  }

  /**
   * The events after `lastEventId`, or undefined when they cannot be replayed (another server run,
   * too old, or a gap while nobody watched): the client must then re-read everything.
   */
  since(lastEventId: string): FeedEvent[] | undefined {
    const m = /^([0-9a-f]+)-(\d+)$/.exec(lastEventId);
    if (!m || m[1] !== this.epoch) return undefined;
    const seq = Number(m[2]);
    if (seq > this.seq || seq <= this.gapAfter) return undefined;
    const first = this.ring[0]?.seq ?? this.seq + 1;
    if (seq < first - 1) return undefined;
    return this.ring.filter((e) => e.seq > seq);
  }

  /** Calls `fn` when the feed closes; returns a function that forgets it. */
  onClose(fn: () => void): () => void {
    this.closers.add(fn);
    return () => this.closers.delete(fn);
  }

  /** Stops recording now and ends the open streams (server shutdown). */
  close(): void {
    this.subscribers.clear();
    this.stop();
    const closers = [...this.closers];
    this.closers.clear();
    for (const c of closers) c();
  }

  private start(): void {
    if (this.timer) return;
    this.attach();
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.detachListener?.();
    this.detachListener = undefined;
    this.attached = undefined;
    this.dirty.clear();
    this.deleted.clear();
    this.gapAfter = this.seq;
  }

  /** Listens to the current manager's cache (the simulator's reset replaces the manager). */
  private attach(): boolean {
    const manager = this.manager();
    if (manager === this.attached) return false;
    this.detachListener?.();
    const listeners = manager.cache.batchListeners;
    const listener = (type: string, rb: RadixBatch, previous: RadixBatch | undefined) => this.observe(manager, type, rb, previous);
    listeners.push(listener);
    this.detachListener = () => {
      const i = listeners.indexOf(listener);
      if (i >= 0) listeners.splice(i, 1);
    };
    this.attached = manager;
    if (this.sim) this.simSeq = this.sim.sim.log.count;
    return true;
  }

  private observe(manager: JobManager, type: string, rb: RadixBatch, previous: RadixBatch | undefined): void {
    if (rb.spec.radixDeploymentJobRef.job !== manager.component.name) return;
    const head = headName(rb);
    if (type === 'DELETED' && head === rb.metadata.name) {
      this.dirty.delete(head);
      this.deleted.add(head);
      return;
    }
    let set = this.dirty.get(head);
    if (set === 'all') return;
    if (!set) this.dirty.set(head, (set = new Set()));
    if (!changedJobs(previous?.status?.jobStatuses, rb.status?.jobStatuses, set, this.o.maxJobsPerEvent)) this.dirty.set(head, 'all');
  }

  private emit(event: FeedEventType, data: unknown): void {
    const seq = ++this.seq;
    const e: FeedEvent = { id: this.idOf(seq), seq, event, data };
    this.ring.push(e);
    if (this.ring.length > this.o.retain) this.ring.splice(0, this.ring.length - this.o.retain);
    for (const s of this.subscribers) s(e);
  }

  private tick(): void {
    if (this.attach()) {
      // A new manager (the simulator was reset): what clients hold is gone.
      this.dirty.clear();
      this.deleted.clear();
      this.emit('resync', { reason: 'the simulator was reset' });
    }
    const manager = this.attached!;
    for (const name of this.deleted) this.emit('batchDeleted', { name });
    this.deleted.clear();
    const dirty = this.dirty;
    this.dirty = new Map();
    for (const [name, jobs] of dirty) {
      const head = manager.cache.batch(name);
      if (!head) continue;
      const change: BatchChange = { batch: summarize(manager, head) };
      if (jobs === 'all') change.jobsTruncated = true;
      else if (jobs.size > 0) {
        const rows: JobRow[] = [];
        for (const j of manager.views.jobsOf(head)) if (jobs.has(j.spec.name)) rows.push(jobRow(manager, head, j));
        change.jobs = rows;
      }
      this.emit('batch', change);
    }
    if (this.sim) this.simTick(this.sim);
  }

  private simTick(rt: SimRuntime): void {
    const log = rt.sim.log;
    const count = log.count;
    if (count > this.simSeq) {
      const from = this.simSeq + 1;
      const events = log.events(Math.max(this.simSeq, count - this.o.maxSimEvents));
      this.simSeq = count;
      this.emit('sim', { from, to: count, events });
    } else if (count < this.simSeq) this.simSeq = count;
    const next = rt.sim.nextEventAt();
    const clock = {
      now: rfc3339(rt.sim.now()),
      mode: rt.clockMode.mode,
      pendingEvents: rt.sim.pendingEvents,
      nextEventAt: next === undefined ? null : rfc3339(next),
    };
    const key = `${clock.now} ${clock.mode} ${clock.pendingEvents} ${clock.nextEventAt}`;
    if (key !== this.clockKey) {
      this.clockKey = key;
      this.emit('clock', clock);
    }
  }
}

/**
 * Adds to `out` the names of the jobs whose status differs between two status arrays (the
 * reconciler keeps an unchanged job's status object, so identity settles most). False when more
 * than `max` changed.
 */
export function changedJobs(before: BatchJobStatus[] | undefined, after: BatchJobStatus[] | undefined, out: Set<string>, max: number): boolean {
  const prev = before ?? [];
  const next = after ?? [];
  const aligned = prev.length === next.length;
  let byName: Map<string, BatchJobStatus> | undefined;
  const lookup = (name: string) => (byName ??= new Map(prev.map((x) => [x.name, x]))).get(name);
  for (let i = 0; i < next.length; i++) {
    const s = next[i]!;
    const p = aligned && prev[i]!.name === s.name ? prev[i] : lookup(s.name);
    if (p === s) continue;
    if (p && p.phase === s.phase && p.updated === s.updated && p.message === s.message && (p.podStatuses?.length ?? 0) === (s.podStatuses?.length ?? 0) && p.podStatuses?.at(-1) === s.podStatuses?.at(-1)) continue;
    out.add(s.name);
    if (out.size > max) return false;
  }
  return true;
}
