// Drives desired state (RadixBatch objects) to actual state (batch/v1 Jobs) and records what
// Kubernetes reports back as job statuses and the batch condition. Work is keyed by batch object
// and, within it, by job, so one Job changing does not re-examine a 10,000-job batch. With several
// replicas only the elected leader's reconciler is active (setActive); the others write nothing.
import type { Job, KubeObject, Pod } from '../cluster/types.js';
import { rfc3339 } from '../cluster/time.js';
import { isConflict, isNotFound, type ClusterPort, type Kind, type WatchEventType } from '../cluster/port.js';
import type { EngineClock } from './clock.js';
import type { ClusterCache } from './clusterCache.js';
import { buildKubeJob, fullJobName, SharedJobParts } from './kubeJob.js';
import { nextJobStatus } from './jobStatus.js';
import { isDormant, makeDormant } from './dormantBatches.js';
import {
  headName,
  isHead,
  isIncomplete,
  isTerminalPhase,
  LABEL_BATCH_JOB_NAME,
  LABEL_BATCH_OBJECT,
  type BatchCondition,
  type BatchJobStatus,
  type RadixBatch,
  type RadixBatchJob,
  type RadixBatchStatus,
} from '../cluster/radixBatch.js';
import type { JobComponent } from './types.js';
import { unrunnable } from './validation.js';
import { OrderedMap } from '../common/orderedMap.js';

/** A head whose parts or Secrets never all arrived (the creator crashed midway) is removed after this. */
export const INCOMPLETE_BATCH_GRACE_MS = 60_000;

/**
 * On a cluster, how long a pod's end waits for the Job change that counts it before it wakes its
 * job anyway: Kubernetes' Job controller counts ended pods after its syncJobBatchPeriod (1 s).
 */
export const POD_WAKE_GRACE_MS = 5_000;

/** The reconciler was deactivated (leadership lost) while it worked: what is left is the next leader's. */
class NotActive extends Error {}

export interface ReconcilerOptions {
  /**
   * Jobs of one batch object created (or deleted) at once. 1 (the default) creates them one after
   * another; the kubernetes backend allows its rate limiter's burst, so the API server's pace, not
   * the round trip, bounds a batch's fan-out.
   */
  concurrency?: number;
  /** Whether it starts active (default true; false for a replica that has not won the election yet). */
  active?: boolean;
}

interface Counts {
  total: number;
  waiting: number;
  terminal: number;
  /** the statuses counted (so a reconcile that changed a few of them can adjust instead of recount) */
  of: BatchJobStatus[] | undefined;
  /** The spec's jobs when `of` is known to be in their order (a job's status is found by position). */
  spec?: RadixBatchJob[];
}

export interface ReconcilerHooks {
  /** One batch object was reconciled, taking `ms` on the engine's clock (metrics). */
  onSynced?(object: string, ms: number, ok: boolean): void;
}

export class Reconciler {
  /**
   * object -> 'all', or its dirty jobs: job name -> the Kubernetes Job's name as the event gave it;
   * taken oldest first (an OrderedMap: 40,000 single-job batches posted at once made a Map read from
   * the front walk the holes its deletions left, 2.5x the time for 2x the batches).
   */
  private dirty = new OrderedMap<string, Map<string, string | undefined> | 'all'>();
  private scheduled = false;
  private draining: Promise<void> | undefined;
  private counts = new Map<string, Counts>();
  /** Spec generation last queued per object: status writes alone need no reconcile. */
  private generations = new Map<string, number | undefined>();
  /** job name -> position in the spec's jobs, for objects with unfinished jobs */
  private positions = new WeakMap<RadixBatchJob[], Map<string, number>>();
  private lastNowSecond = Number.NaN;
  /** The names of the Jobs being created (their own ADDED events queue nothing). */
  private readonly creating = new Set<string>();
  /** On a cluster: Kubernetes Job name -> the job whose pod ended before its Job counted it (see wakeLater). */
  private readonly podWakes = new Map<string, { object: string; job: string }>();
  /** Heads seen incomplete: their completion wakes them. */
  private readonly incompleteHeads = new Set<string>();
  private active: boolean;
  private readonly concurrency: number;
  private lastNowText = '';
  private readonly jobParts = new SharedJobParts();
  /** Reused for a job's pods on each job reconcile (nextJobStatus keeps no reference to it). */
  private readonly podScratch: Pod[] = [];
  private readonly endScratch: Pod[] = [];
  hooks: ReconcilerHooks = {};
  errors = 0;

  constructor(
    private readonly port: ClusterPort,
    private readonly cache: ClusterCache,
    private readonly clock: EngineClock,
    private readonly component: JobComponent,
    private readonly app: string,
    private readonly onError: (err: unknown, context: string) => void = () => undefined,
    options: ReconcilerOptions = {},
  ) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.active = options.active ?? true;
    cache.listener = (kind, type, obj) => this.observe(kind, type, obj);
  }

  isActive(): boolean {
    return this.active;
  }

  /**
   * Starts or stops reconciling. Stopping drops queued work and makes the reconcile under way give
   * up before its next write; starting takes up every batch object of this component afresh (the
   * previous leader may have left any of them half done).
   */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    this.dirty.clear();
    this.counts.clear();
    this.generations.clear();
    this.incompleteHeads.clear();
    this.podWakes.clear();
    if (!active) return;
    for (const rb of this.cache.batches.items.values()) this.observe('RadixBatch', 'ADDED', rb);
  }

  /** Throws when this reconciler may no longer write. */
  private mayWrite(): void {
    if (!this.active) throw new NotActive();
  }

  private mine(rb: RadixBatch): boolean {
    return rb.spec.radixDeploymentJobRef.job === this.component.name;
  }

  private observe(kind: Kind, type: WatchEventType, obj: KubeObject): void {
    if (!this.active) return;
    if (kind === 'RadixBatch') {
      const rb = obj as RadixBatch;
      if (!this.mine(rb)) return;
      if (type === 'DELETED') {
        this.counts.delete(rb.metadata.name);
        this.generations.delete(rb.metadata.name);
        this.incompleteHeads.delete(rb.metadata.name);
        return;
      }
      const name = rb.metadata.name;
      // Completing a head changes its metadata only (not its generation): it must wake it.
      if (isHead(rb)) {
        if (isIncomplete(rb)) this.incompleteHeads.add(name);
        else if (this.incompleteHeads.size > 0 && this.incompleteHeads.delete(name)) this.generations.delete(name);
      }
      if (this.generations.has(name) && this.generations.get(name) === rb.metadata.generation) return;
      this.generations.set(name, rb.metadata.generation);
      this.enqueue(name);
      // A head reconciled before all its parts arrived waits for them; a new part wakes it (on a
      // real API server the head's first reconcile can run between the creates of its parts).
      if (!isHead(rb) && type === 'ADDED') this.enqueue(headName(rb));
      return;
    }
    // As the reference's batch controller, a job is reconciled when its Kubernetes Job changes and
    // its pods are read then, so statuses follow pods a Job sync later (a failed last attempt reads
    // Failed without `ended` only from the Job's FailureTarget to its Failed). That needs pods in
    // the cache no later than the Job changes after them (passiveInStep: the simulator's port). On
    // a cluster a pod's change may arrive after the Job's, so there a pod's change wakes it, except
    // an end the Job has not counted yet: the Job's change that counts it wakes it (podWakes). A
    // scheduling verdict wakes it everywhere: no Job change follows one, and the reference, whose
    // sync lists pods some API calls after the Job changed, shows it.
    let deferred = false;
    if (kind === 'Pod' && !awaitsNode(obj as Pod)) {
      if (this.port.passiveInStep) return;
      deferred = this.endNotCounted(obj as Pod);
    }
    // The Job the reconciler is creating reaches the cache (from the watch or from the create's
    // answer) inside the reconcile of its job, which computes the status from the cache right
    // after: queueing that job again would redo the same work.
    if (kind === 'Job' && this.creating.size > 0 && this.creating.has(obj.metadata.name)) return;
    // The Job changed: its reconcile reads every pod change that arrived before (the cache has it).
    if (kind === 'Job' && this.podWakes.size > 0) this.podWakes.delete(obj.metadata.name);
    const labels = obj.metadata.labels;
    const object = labels?.[LABEL_BATCH_OBJECT];
    const job = labels?.[LABEL_BATCH_JOB_NAME];
    // The Job's name as this event carries it: the cache is keyed by that very string, so the
    // job's reconcile looks it up without building and hashing the name again.
    if (!object || !job) return;
    // Every job of the object has finished, and a finished job's status is final (only a spec
    // change, which queues the whole object, could move it): its Jobs' and pods' later events (the
    // Job's TTL, the garbage collector) change nothing, and need not parse a dormant object's job lists.
    const known = this.counts.get(object);
    if (known !== undefined && known.terminal === known.total) return;
    if (deferred) return this.wakeLater(object, job, labels['job-name']!);
    this.enqueue(object, job, kind === 'Job' ? obj.metadata.name : labels['job-name']);
  }

  /**
   * A pod ended and its Job in the cache does not count that yet (succeeded, failed and uncounted
   * terminated pods, against the Job's ended pods in the cache): the Job controller's sync that
   * counts it is a Job change, which wakes the job then, as the reference's controller is woken.
   */
  private endNotCounted(pod: Pod): boolean {
    const phase = pod.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') return false;
    const jobName = pod.metadata.labels?.['job-name'];
    // Its own scratch: a pod's change can arrive while a reconcile reads podScratch.
    const kubeJob = jobName === undefined ? undefined : this.cache.jobAndPods(jobName, this.endScratch);
    if (!kubeJob || kubeJob.metadata.deletionTimestamp) return false;
    const st = kubeJob.status;
    const uncounted = st?.uncountedTerminatedPods;
    const counted = (st?.succeeded ?? 0) + (st?.failed ?? 0) + (uncounted?.succeeded?.length ?? 0) + (uncounted?.failed?.length ?? 0);
    let ended = 0;
    for (const p of this.endScratch) if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') ended++;
    this.endScratch.length = 0;
    return ended > counted;
  }

  /**
   * Wakes the job when its Job next changes (observe drops the entry then and queues the job), or
   * after POD_WAKE_GRACE_MS if it does not: a Job controller that is down or slow must not leave
   * the pod's end unseen.
   */
  private wakeLater(object: string, job: string, kubeJobName: string): void {
    if (this.podWakes.has(kubeJobName)) return;
    const entry = { object, job };
    this.podWakes.set(kubeJobName, entry);
    this.clock.schedule(
      POD_WAKE_GRACE_MS,
      () => {
        if (this.podWakes.get(kubeJobName) !== entry) return;
        this.podWakes.delete(kubeJobName);
        if (this.active) this.enqueue(object, job, kubeJobName);
      },
      { background: true },
    );
  }

  /** Marks a batch object (or one of its jobs) for reconciliation at the current instant. */
  enqueue(object: string, job?: string, kubeJobName?: string): void {
    const current = this.dirty.get(object);
    if (job === undefined) this.dirty.assign(object, 'all');
    else if (current === undefined) {
      // Not `new Map([[job, kubeJobName]])`: that constructor walks its argument with the iterator
      // protocol (two arrays and an iterator for the one entry; ~1.1 times a job in the month).
      const one = new Map<string, string | undefined>();
      one.set(job, kubeJobName);
      this.dirty.set(object, one);
    } else if (current !== 'all') current.set(job, kubeJobName);
    if (!this.scheduled) {
      this.scheduled = true;
      this.clock.schedule(0, () => this.drain());
    }
  }

  /** Batch objects waiting to be reconciled (metrics). */
  get queueDepth(): number {
    return this.dirty.size;
  }

  /** Resolves when queued work is done. */
  whenIdle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private drain(): Promise<void> {
    this.scheduled = false;
    if (!this.draining && this.dirty.size > 0) {
      this.draining = this.work().finally(() => {
        this.draining = undefined;
        // One batch object per task: the next is taken up in a task of its own (see work).
        if (this.dirty.size > 0 && !this.scheduled) {
          this.scheduled = true;
          this.clock.schedule(0, () => this.drain());
        }
      });
    }
    return this.draining ?? Promise.resolve();
  }

  /**
   * Reconciles the first dirty batch object. One object per task: on the simulator the cluster's
   * work of the instant runs between two (the engine works in its client lane), so a 100,000-job
   * batch is created, scheduled and settled part by part (500 jobs) while each part's objects are
   * still in the CPU's caches, instead of phase by phase over all 100,000.
   */
  private async work(): Promise<void> {
    const { key: object, value: jobs } = this.dirty.shift()!;
    const started = this.hooks.onSynced ? this.clock.now() : 0;
    try {
      await this.reconcile(object, jobs);
      this.hooks.onSynced?.(object, this.clock.now() - started, true);
    } catch (err) {
      if (err instanceof NotActive) return;
      // The batch was deleted while it was being reconciled (a client's DELETE racing a status
      // write): nothing is left to do, and nothing went wrong.
      if (isNotFound(err) && this.deleted(object)) return;
      this.hooks.onSynced?.(object, this.clock.now() - started, false);
      this.errors++;
      this.onError(err, `reconcile ${object}`);
      // Retry later, as a controller's rate-limited requeue would.
      this.clock.schedule(1000, () => this.enqueue(object));
    }
  }

  /** The object, or the head it belongs to, is gone from the cluster. */
  private deleted(object: string): boolean {
    const rb = this.cache.batch(object);
    return !rb || !this.cache.batch(headName(rb));
  }

  private async reconcile(objectName: string, jobs: Map<string, string | undefined> | 'all'): Promise<void> {
    const rb = this.cache.batch(objectName);
    if (!rb || rb.metadata.deletionTimestamp || !this.mine(rb)) return;
    const head = headName(rb);
    const headObj = this.cache.batch(head);
    if (!headObj) return;
    if (isHead(rb) && (isIncomplete(rb) || (rb.spec.parts ?? 0) > this.cache.parts(head).length)) {
      const age = this.clock.now() - Date.parse(rb.metadata.creationTimestamp ?? '');
      if (age > INCOMPLETE_BATCH_GRACE_MS) {
        this.mayWrite();
        await this.ignoreNotFound(this.port.delete('RadixBatch', head, 'Background'));
      } else {
        // Housekeeping for a creator that died: it must not keep the simulator busy.
        const left = Number.isFinite(age) ? INCOMPLETE_BATCH_GRACE_MS - Math.max(0, age) + 1 : INCOMPLETE_BATCH_GRACE_MS;
        this.clock.schedule(left, () => this.enqueue(objectName), { background: true });
      }
      return;
    }
    const now = this.nowText();
    const previous = rb.status?.jobStatuses ?? [];
    const specJobs = rb.spec.jobs;
    let changed = false;
    let next: BatchJobStatus[];
    /** Kubernetes Job names of the jobs this write finishes, and whether each status has a message */
    const finished: [string, boolean][] = [];
    /** Changes to the Waiting and terminal counts of `previous` (dirty path only). */
    let waitingDelta = 0;
    let terminalDelta = 0;
    let adjustable = false;
    const counted = this.counts.get(objectName);
    if (jobs !== 'all' && ((counted?.of === previous && counted.spec === specJobs) || aligned(previous, specJobs))) {
      adjustable = true;
      // Only the jobs whose Job changed: statuses are in spec order, so each is found by
      // position, and the others are kept as they are.
      // A few jobs (a cron job's batch has one) are looked for in turn: no map for each object.
      const positions = specJobs.length > FEW_JOBS ? this.positionsOf(specJobs) : undefined;
      const dirty: number[] = [];
      for (const job of jobs.keys()) {
        const i = positions !== undefined ? positions.get(job) : indexOfJob(specJobs, job);
        if (i !== undefined) dirty.push(i);
      }
      if (dirty.length > 1) dirty.sort((a, b) => a - b);
      next = previous;
      for (const i of dirty) {
        const prev = previous[i]!;
        if (isTerminalPhase(prev.phase)) continue;
        const spec = specJobs[i]!;
        const name = kubeJobName(head, spec, jobs.get(spec.name));
        // Most job reconciles only read the cache (the Job and its pods in one lookup): no promise
        // and no await for them.
        const found = this.cache.jobAndPods(name, this.podScratch);
        const kubeJob = found && found.metadata.ownerReferences?.[0]?.uid === rb.metadata.uid ? found : undefined;
        const status = this.mustWrite(kubeJob, spec)
          ? await this.jobStatus(head, headObj, rb, spec, prev, now)
          : this.settle(name, kubeJob, spec, prev, now, true);
        if (status !== prev) {
          if (next === previous) next = previous.slice();
          next[i] = status;
          changed = true;
          if (prev.phase === 'Waiting') waitingDelta--;
          if (status.phase === 'Waiting') waitingDelta++;
          if (isTerminalPhase(status.phase)) {
            terminalDelta++;
            finished.push([name, !!status.message]);
          }
        }
      }
    } else {
      const byName = new Map(previous.map((s) => [s.name, s]));
      // Filled in spec order (a packed array: the status array the object is written with).
      const statuses: BatchJobStatus[] = [];
      /** positions of the jobs whose status is worked out (maybe creating their Job) */
      const todo: number[] = [];
      for (let i = 0; i < specJobs.length; i++) {
        const job = specJobs[i]!;
        const prev = byName.get(job.name);
        if ((jobs !== 'all' && !jobs.has(job.name)) || (prev && isTerminalPhase(prev.phase))) {
          if (prev) statuses.push(prev);
          else {
            statuses.push({ name: job.name, phase: 'Waiting' });
            changed = true;
          }
          continue;
        }
        todo.push(i);
        statuses.push(prev!); // a placeholder (maybe undefined), replaced below
      }
      await this.forEachBounded(todo, async (i) => {
        const job = specJobs[i]!;
        const prev = byName.get(job.name);
        const status = await this.jobStatus(head, headObj, rb, job, prev, now);
        if (status !== prev) {
          changed = true;
          if (isTerminalPhase(status.phase)) finished.push([fullJobName(head, job), !!status.message]);
        }
        statuses[i] = status;
      });
      next = statuses;
    }
    let current = rb;
    const known = this.counts.get(objectName);
    let counts: Counts;
    if (adjustable && known?.of === previous) {
      // Only the changed statuses moved between phases: no walk over the object's 500 statuses.
      counts = { total: known.total, waiting: known.waiting + waitingDelta, terminal: known.terminal + terminalDelta, of: next };
    } else {
      // Either way `next` is in spec order: the dirty path keeps the order of an aligned `previous`,
      // the other builds it in spec order.
      counts = countStatuses(rb.spec.jobs.length, next);
    }
    if (changed) {
      // A batch in one object gets its condition in the same write as the job statuses it follows
      // from, as the reference's controller writes them (one status update, one webhook event).
      const prevCondition = rb.status?.condition;
      const condition = isHead(rb) && !(rb.spec.parts ?? 0) ? nextCondition(counts, prevCondition, now) : undefined;
      const conditionChanged = condition !== undefined && !sameCondition(prevCondition, condition);
      this.mayWrite();
      current = await this.port.updateStatus('RadixBatch', statusWrite(rb, { jobStatuses: next, condition: conditionChanged ? condition : prevCondition }));
      this.cache.apply('RadixBatch', 'MODIFIED', current);
      // Only once the final statuses are recorded: a failed write is retried from the cache.
      for (const [name, hasMessage] of finished) this.cache.finished(name, hasMessage);
    }
    const statuses = current.status?.jobStatuses ?? [];
    const same = statuses === next && current.spec.jobs === specJobs;
    const inOrder = same || aligned(statuses, current.spec.jobs);
    if (!same) counts = countPhases(current, inOrder);
    else counts.of = statuses;
    // The next reconcile of a few jobs finds them by position without comparing the names again.
    if (inOrder) counts.spec = current.spec.jobs;
    this.counts.set(objectName, counts);
    // A finished object needs no position index any more (a finished batch keeps no index).
    if (counts.terminal === counts.total) this.positions.delete(specJobs);
    // Most reconciles leave the batch's condition as it is: no write, no await.
    const condition = this.conditionChange(head);
    if (condition) await this.writeCondition(head, condition);
    this.sleepFinished(head);
  }

  /**
   * Once the head says Completed, the batch's objects sleep (their jobs have all finished). A part
   * finished earlier waits for its head: the head's completion is read whole by its listeners (a
   * simulation's report counts every job of the batch then), and a part asleep would be parsed.
   */
  private sleepFinished(head: string): void {
    if (this.cache.batch(head)?.status?.condition?.type !== 'Completed') return;
    this.sleepIfDone(head);
    for (const part of this.cache.partNames(head)) this.sleepIfDone(part);
  }

  private sleepIfDone(objectName: string): void {
    const counts = this.counts.get(objectName);
    if (counts !== undefined && counts.terminal === counts.total) this.sleep(objectName, counts);
  }

  /**
   * Every job of the object has finished: its job lists are kept deflated (dormantBatches.ts) once
   * its last write is done (a head's condition says Completed), and the counts let go of them.
   */
  private sleep(objectName: string, counts: Counts): void {
    const obj = this.cache.batch(objectName);
    if (!obj) return;
    // isDormant first: reading a dormant object's statuses would parse them.
    if (!isDormant(obj)) {
      // Only the object counted (the latest), and a head once its condition says Completed.
      if (obj.status?.jobStatuses !== counts.of) return;
      if (isHead(obj) && obj.status?.condition?.type !== 'Completed') return;
      if (!makeDormant(obj)) return;
    }
    counts.of = undefined;
    counts.spec = undefined;
  }

  /** One job's next status (creating or deleting its Kubernetes Job as needed); `prev` when unchanged. */
  private async jobStatus(
    head: string,
    headObj: RadixBatch,
    rb: RadixBatch,
    job: RadixBatchJob,
    prev: BatchJobStatus | undefined,
    now: string,
  ): Promise<BatchJobStatus> {
    const name = fullJobName(head, job);
    let kubeJob = this.ownedJob(name, rb);
    if (job.stop && kubeJob) {
      this.mayWrite();
      await this.ignoreNotFound(this.port.delete('Job', name, 'Background'));
      kubeJob = this.cache.job(name);
    } else if (!job.stop && !kubeJob && !unrunnable(job, this.component)) {
      // A spec Kubernetes would refuse (bad quantity, `In` with exit code 0) is never created and
      // the job stays Waiting, as the reference's batch controller leaves it after a reconcile error.
      this.mayWrite();
      this.creating.add(name);
      let created: Job | undefined;
      try {
        created = await this.createJob(headObj, rb, job, name);
      } finally {
        this.creating.delete(name);
      }
      kubeJob = this.cache.job(name) ?? created;
    }
    return this.settle(name, kubeJob, job, prev, now);
  }

  /** The job's Kubernetes Job, if this object owns it. */
  private ownedJob(name: string, rb: RadixBatch): Job | undefined {
    const kubeJob = this.cache.job(name);
    return kubeJob && kubeJob.metadata.ownerReferences?.[0]?.uid === rb.metadata.uid ? kubeJob : undefined;
  }

  /** Whether the job's Kubernetes Job (the one this object owns) must be created or deleted first. */
  private mustWrite(kubeJob: Job | undefined, job: RadixBatchJob): boolean {
    return job.stop ? kubeJob !== undefined : kubeJob === undefined && !unrunnable(job, this.component);
  }

  /**
   * The status from the cache once no write is needed; `prev` when unchanged. `podsLoaded`: the
   * job's pods are in podScratch already.
   */
  private settle(name: string, kubeJob: Job | undefined, job: RadixBatchJob, prev: BatchJobStatus | undefined, now: string, podsLoaded = false): BatchJobStatus {
    const pods = this.podScratch;
    if (!kubeJob) pods.length = 0;
    else if (!podsLoaded) this.cache.jobAndPods(name, pods);
    const status = nextJobStatus(prev, job, kubeJob, pods, now);
    pods.length = 0;
    return status;
  }

  /**
   * The current time as RFC 3339 (whole seconds); one string per virtual second, shared by many
   * statuses. With the latency model hardly two reconciles run at the same millisecond.
   */
  private nowText(): string {
    const second = Math.floor(this.clock.now() / 1000);
    if (second !== this.lastNowSecond) {
      this.lastNowSecond = second;
      this.lastNowText = rfc3339(second * 1000);
    }
    return this.lastNowText;
  }

  private positionsOf(jobs: RadixBatchJob[]): Map<string, number> {
    let map = this.positions.get(jobs);
    if (!map) {
      map = new Map();
      for (let i = 0; i < jobs.length; i++) map.set(jobs[i]!.name, i);
      this.positions.set(jobs, map);
    }
    return map;
  }

  private async createJob(head: RadixBatch, object: RadixBatch, job: RadixBatch['spec']['jobs'][number], name: string): Promise<Job | undefined> {
    const kubeJob = buildKubeJob({ name, app: this.app, head: head.metadata.name, object, job, component: this.component }, this.jobParts);
    try {
      const created = await this.port.create('Job', kubeJob);
      this.cache.apply('Job', 'ADDED', created);
      return created;
    } catch (err) {
      // 409: created before a restart (AlreadyExists), or a conflict. Only a Job this object owns is
      // the one we want; otherwise the error stands and the job is retried.
      if (isConflict(err)) {
        const existing = await this.port.get('Job', kubeJob.metadata.name);
        if (existing && existing.metadata.ownerReferences?.[0]?.uid === object.metadata.uid) {
          this.cache.apply('Job', 'ADDED', existing);
          return existing;
        }
      }
      throw err;
    }
  }

  /** The head's condition as its objects' job phases make it, when that differs from the one it has. */
  private conditionChange(head: string): BatchCondition | undefined {
    const headObj = this.cache.batch(head);
    if (!headObj) return undefined;
    const total: Counts = { total: 0, waiting: 0, terminal: 0, of: undefined };
    this.addCounts(head, total);
    if ((headObj.spec.parts ?? 0) > 0) for (const name of this.cache.partNames(head)) this.addCounts(name, total);
    const prev = headObj.status?.condition;
    const next = nextCondition(total, prev, this.nowText());
    return prev && sameCondition(prev, next) ? undefined : next;
  }

  /** Adds the object's job phase counts (counted now if not known) to `total`. */
  private addCounts(name: string, total: Counts): void {
    let c = this.counts.get(name);
    if (!c) {
      const obj = this.cache.batch(name);
      if (!obj) return;
      this.counts.set(name, (c = countPhases(obj, false)));
    }
    total.total += c.total;
    total.waiting += c.waiting;
    total.terminal += c.terminal;
  }

  private async writeCondition(head: string, next: BatchCondition): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.mayWrite();
      const latest = this.cache.batch(head)!;
      try {
        const updated = await this.port.updateStatus('RadixBatch', statusWrite(latest, { jobStatuses: latest.status?.jobStatuses, condition: next }));
        this.cache.apply('RadixBatch', 'MODIFIED', updated);
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 3) throw err;
      }
    }
  }

  /**
   * Runs `task` for each item, at most `concurrency` at once, in order of start. After a failure no
   * further task starts; the first error is thrown once those under way have ended, so nothing of
   * this reconcile still runs when it is retried.
   */
  private async forEachBounded(items: number[], task: (item: number) => Promise<void>): Promise<void> {
    if (this.concurrency === 1 || items.length <= 1) {
      for (const item of items) await task(item);
      return;
    }
    let next = 0;
    let failure: { err: unknown } | undefined;
    const lane = async () => {
      while (next < items.length && !failure) {
        const item = items[next++]!;
        try {
          await task(item);
        } catch (err) {
          failure ??= { err };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, lane));
    if (failure) throw failure.err;
  }

  private async ignoreNotFound(p: Promise<void>): Promise<void> {
    try {
      await p;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/**
 * The Kubernetes Job's name for a job: the name its watch event carried when that is the one
 * expected (the same string the cache is keyed by), else built.
 */
function kubeJobName(head: string, job: RadixBatchJob, fromEvent: string | undefined): string {
  if (
    fromEvent !== undefined &&
    fromEvent.length === head.length + 1 + job.name.length &&
    fromEvent.charCodeAt(head.length) === 45 &&
    fromEvent.startsWith(head) &&
    fromEvent.endsWith(job.name)
  ) {
    return fromEvent;
  }
  return fullJobName(head, job);
}

/** The batch condition for the job phases counted (Waiting while all wait, Completed when all ended). */
function nextCondition(total: Counts, prev: BatchCondition | undefined, now: string): BatchCondition {
  if (total.waiting === total.total) return { type: 'Waiting' };
  if (total.terminal === total.total) return { type: 'Completed', activeTime: prev?.activeTime ?? now, completionTime: prev?.completionTime ?? now };
  return { type: 'Active', activeTime: prev?.activeTime ?? now };
}

function sameCondition(a: BatchCondition | undefined, b: BatchCondition): boolean {
  return a !== undefined && a.type === b.type && a.activeTime === b.activeTime && a.completionTime === b.completionTime;
}

/** Up to this many jobs, an object's jobs are looked for in turn rather than in a map of their positions. */
const FEW_JOBS = 8;

function indexOfJob(jobs: RadixBatchJob[], name: string): number | undefined {
  for (let i = 0; i < jobs.length; i++) if (jobs[i]!.name === name) return i;
  return undefined;
}

/** Whether statuses[i] is the status of jobs[i] for every i. */
function aligned(statuses: BatchJobStatus[], jobs: RadixBatchJob[]): boolean {
  if (statuses.length !== jobs.length) return false;
  for (let i = 0; i < jobs.length; i++) if (statuses[i]!.name !== jobs[i]!.name) return false;
  return true;
}

/**
 * An unconditional write of `rb`'s status (the port's updateStatus reads only the object's name and
 * status): a small literal instead of a spread copy of the object and its metadata on each write.
 */
function statusWrite(rb: RadixBatch, fields: RadixBatchStatus): RadixBatch {
  // Keys left out, not set to undefined, as a spread of the previous status left them.
  const status: RadixBatchStatus = {};
  if (fields.jobStatuses !== undefined) status.jobStatuses = fields.jobStatuses;
  if (fields.condition !== undefined) status.condition = fields.condition;
  return {
    apiVersion: rb.apiVersion,
    kind: rb.kind,
    metadata: { name: rb.metadata.name, namespace: rb.metadata.namespace },
    spec: rb.spec,
    status,
  };
}

/** Phases of statuses in spec order, `total` jobs. */
function countStatuses(total: number, statuses: BatchJobStatus[] | undefined): Counts {
  const c: Counts = { total, waiting: 0, terminal: 0, of: statuses };
  if (statuses) {
    for (let i = 0; i < statuses.length; i++) {
      const phase = statuses[i]!.phase;
      if (phase === 'Waiting') c.waiting++;
      else if (isTerminalPhase(phase)) c.terminal++;
    }
  }
  return c;
}

function countPhases(rb: RadixBatch, aligned: boolean): Counts {
  if (aligned) return countStatuses(rb.spec.jobs.length, rb.status?.jobStatuses);
  const byName = new Map((rb.status?.jobStatuses ?? []).map((s) => [s.name, s.phase]));
  const c: Counts = { total: rb.spec.jobs.length, waiting: 0, terminal: 0, of: rb.status?.jobStatuses };
  for (const job of rb.spec.jobs) {
    const phase = byName.get(job.name) ?? 'Waiting';
    if (phase === 'Waiting') c.waiting++;
    else if (isTerminalPhase(phase)) c.terminal++;
  }
  return c;
}

/** A pending pod the scheduler has found no node for (PodScheduled=False): its verdict is news. */
function awaitsNode(pod: Pod): boolean {
  const status = pod.status;
  if (status?.phase !== 'Pending' || !status.conditions) return false;
  for (const c of status.conditions) if (c.type === 'PodScheduled') return c.status === 'False';
  return false;
}
