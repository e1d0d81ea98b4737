// Webhook notifications, as the reference sends them: decides which BatchEvent to send when a batch of this
// component is created, changes or is deleted. Delivery (HTTP, timeouts, retries) is the sink's job
// and lives outside the engine.
import type { EngineClock } from './clock.js';
import type { ClusterCache } from './clusterCache.js';
import type { Profile } from './profile.js';
import { batchType, headName, isHead, type BatchCondition, type BatchJobStatus, type RadixBatch } from '../cluster/radixBatch.js';
import type { BatchStatusView, JobStatusView, Views } from './views.js';

export type BatchEventType = 'Create' | 'Update' | 'Delete';

export interface BatchEvent extends BatchStatusView {
  event: BatchEventType;
}

export interface WebhookDelivery {
  url: string;
  component: string;
  /** Events with the same batch must be delivered in the order given. */
  batch: string;
  event: BatchEvent;
}

/** Where events go. `deliver` must return at once: a slow receiver must never slow the engine. */
export interface WebhookSink {
  deliver(delivery: WebhookDelivery): void;
}

interface Pending {
  /** The batch as it was added (the Create event shows it so, as the reference's watcher does), if it was. */
  create: RadixBatch | undefined;
  jobs: Set<string>;
  condition: boolean;
}

function sameJob(a: BatchJobStatus | undefined, b: BatchJobStatus): boolean {
  return a !== undefined && a.phase === b.phase && a.reason === b.reason && a.message === b.message;
}

function sameCondition(a: BatchCondition | undefined, b: BatchCondition | undefined): boolean {
  return (
    a?.type === b?.type &&
    a?.reason === b?.reason &&
    a?.message === b?.message &&
    a?.activeTime === b?.activeTime &&
    a?.completionTime === b?.completionTime
  );
}

/** Job names whose phase, reason or message differ between two states of a batch object. */
export function changedJobs(previous: RadixBatch | undefined, next: RadixBatch): string[] {
  const before = previous?.status?.jobStatuses ?? [];
  const after = next.status?.jobStatuses ?? [];
  if (before === after) return [];
  // Statuses are kept in spec order and unchanged ones by identity, so most are matched by
  // position without building a map of a 500-job object on every status write.
  let byName: Map<string, BatchJobStatus> | undefined;
  const out: string[] = [];
  after.forEach((s, i) => {
    const at = before[i];
    const prev = at?.name === s.name ? at : (byName ??= new Map(before.map((b) => [b.name, b]))).get(s.name);
    if (prev !== s && !sameJob(prev, s)) out.push(s.name);
  });
  return out;
}

export class BatchNotifier {
  private pending = new Map<string, Pending>();
  private flushScheduled = false;
  /** Batch-level fields of the last event sent per batch, to drop an Update that would change nothing. */
  private lastBatchState = new Map<string, string>();
  private active = false;
  sent = 0;

  constructor(
    private readonly cache: ClusterCache,
    private readonly clock: EngineClock,
    private readonly views: Views,
    private readonly profile: Profile,
    private readonly component: string,
    private readonly url: string,
    private readonly sink: WebhookSink,
  ) {}

  /** Batches that existed before this call (initial watch sync) do not produce Create events. */
  activate(): void {
    this.active = true;
  }

  observe(type: 'ADDED' | 'MODIFIED' | 'DELETED', rb: RadixBatch, previous: RadixBatch | undefined): void {
    if (!this.active || rb.spec.radixDeploymentJobRef.job !== this.component) return;
    const head = headName(rb);
    if (type === 'DELETED') {
      if (!isHead(rb)) return;
      this.flushOne(head, rb);
      this.send(head, this.event(rb, 'Delete', undefined));
      return;
    }
    const p = this.pendingOf(head);
    if (type === 'ADDED' && isHead(rb) && !rb.status?.condition) p.create = rb;
    for (const job of changedJobs(previous, rb)) p.jobs.add(job);
    if (isHead(rb) && previous && !sameCondition(previous.status?.condition, rb.status?.condition)) p.condition = true;
    if (!p.create && p.jobs.size === 0 && !p.condition) this.pending.delete(head);
    else this.scheduleFlush();
  }

  private pendingOf(head: string): Pending {
    let p = this.pending.get(head);
    if (!p) this.pending.set(head, (p = { create: undefined, jobs: new Set(), condition: false }));
    return p;
  }

  /** Changes within one instant are coalesced into one Update per batch. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.clock.schedule(0, () => {
      this.flushScheduled = false;
      for (const head of [...this.pending.keys()]) {
        const obj = this.cache.batch(head);
        if (obj) this.flushOne(head, obj);
        else this.pending.delete(head);
      }
    });
  }

  private flushOne(head: string, headObj: RadixBatch): void {
    const p = this.pending.get(head);
    if (!p) return;
    this.pending.delete(head);
    if (p.create) this.send(head, this.event(p.create, 'Create', new Set()));
    if (p.jobs.size > 0 || p.condition) {
      const update = this.event(headObj, 'Update', p.jobs);
      // A condition write that changes no job and nothing the event shows (on a real API server it
      // lands apart from the job statuses it follows from) is not news.
      if (p.jobs.size === 0 && this.lastBatchState.get(head) === batchState(update)) return;
      this.send(head, update);
    }
  }

  private send(batch: string, event: BatchEvent): void {
    if (event.event === 'Delete') this.lastBatchState.delete(batch);
    else this.lastBatchState.set(batch, batchState(event));
    this.sent++;
    this.sink.deliver({ url: this.url, component: this.component, batch, event });
  }

  /**
   * The reference's BatchEvent: the BatchStatus with `updated` = now, `DeploymentName` "", and each
   * job with `batchName` (batches only) and `updated`; no event-message enrichment. `only`
   * restricts the job list (undefined: every job).
   */
  event(head: RadixBatch, type: BatchEventType, only: Set<string> | undefined): BatchEvent {
    const now = new Date(this.clock.now()).toISOString();
    const view = this.views.batchView(head, { eventMessages: false, detail: false });
    const isBatch = batchType(head) === 'batch';
    const jobs: JobStatusView[] = [];
    for (const j of this.views.jobsOf(head)) {
      if (only && !only.has(j.spec.name)) continue;
      if (!j.status && only) continue;
      const v = this.views.jobView(head, j.spec, j.status, { eventMessages: false });
      const { jobId, batchName: _omit, ...rest } = v;
      jobs.push({ ...(jobId ? { jobId } : {}), ...(isBatch ? { batchName: head.metadata.name } : {}), ...rest, updated: now });
    }
    const { jobStatuses: _none, batchType: type_, ...batch } = view;
    const out: BatchEvent = { ...batch, updated: now, event: type };
    if (this.profile.deploymentNameKey) out.DeploymentName = '';
    if (jobs.length > 0) out.jobStatuses = jobs;
    if (type_) out.batchType = type_;
    // Key order as the reference: ..., jobStatuses, batchType, event.
    const { event, ...body } = out;
    return { ...body, event } as BatchEvent;
  }
}

function batchState(event: BatchEvent): string {
  return JSON.stringify([event.status, event.started, event.ended, event.message]);
}
