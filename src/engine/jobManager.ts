// The Job Manager: the API's operations on jobs and batches for one job component. It records
// requests as RadixBatch objects and answers from watch-fed caches; the reconciler does the rest.
import { copyWith } from '../common/shapes.js';
import type { Random } from '../common/rng.js';
import type { ClusterPort } from '../cluster/port.js';
import { isConflict, isNotFound } from '../cluster/port.js';
import type { EngineClock } from './clock.js';
import { ClusterCache } from './clusterCache.js';
import { ApiError, badRequest, internal, invalid, notFound } from './errors.js';
import { mergeBatchJobs } from './merge.js';
import { batchName as makeBatchName, clientGoNameError, parseJobName, shortJobName } from './names.js';
import { maxPayloadBytes, packPayloads, payloadSecret, type PayloadEntry } from './payloads.js';
import type { Profile } from './profile.js';
import { radixBatchCrdErrors, radixBatchInvalid } from './radixBatchCrd.js';
import type { Replies } from './replies.js';
import {
  ANNOTATION_INCOMPLETE,
  batchType,
  headName,
  isHead,
  isTerminalPhase,
  LABEL_APP,
  LABEL_BATCH_TYPE,
  LABEL_COMPONENT,
  LABEL_PART_OF,
  RADIX_BATCH_API_VERSION,
  type BatchType,
  type RadixBatch,
  type RadixBatchJob,
  type RadixBatchSpec,
} from '../cluster/radixBatch.js';
import { DEFAULT_HISTORY_LIMIT, HistoryCleaner } from './history.js';
import { sleepIfFinished } from './dormantBatches.js';
import { cronMarks } from './cronLabels.js';
import { BatchNotifier, type WebhookSink } from './notifications.js';
import { Reconciler } from './reconciler.js';
import type { BatchScheduleDescription, JobComponent, JobScheduleDescription } from './types.js';
import { checkJobConfig } from './validation.js';
import { Views, wholeBatchView, type BatchStatusView, type BatchViewParts, type JobStatusView } from './views.js';

/** Jobs per RadixBatch object; larger batches are split into parts (the reference's CRD allows 500). */
export const JOBS_PER_OBJECT = 500;
/** Bytes of job descriptions per object, well under Kubernetes' 1.5 MiB request limit. */
const BYTES_PER_OBJECT = 512 * 1024;

export interface JobManagerOptions {
  port: ClusterPort;
  clock: EngineClock;
  random: Random;
  profile: Profile;
  component: JobComponent;
  app?: string;
  deploymentName?: string;
  maxBatchSize?: number;
  /** Where webhook events go (component's notifications.webhook); none: no notifications. */
  webhooks?: WebhookSink;
  /** Completed batches kept per group by the history cleanup (reference default 10). */
  historyLimit?: number;
  onError?: (err: unknown, context: string) => void;
  /** Jobs of a batch object the reconciler creates at once (default 1: one after another). */
  createConcurrency?: number;
  /**
   * Whether this manager reconciles and cleans up history from the start (default true). With
   * several replicas only the elected leader does (setLeading); the others answer the API.
   */
  leading?: boolean;
}

export interface Result {
  status: 'Success';
  message: string;
  code: 200;
}

const ok = (message: string): Result => ({ status: 'Success', message, code: 200 });

/**
 * A batch found by name: its head, and for a batch read from the cluster its objects (the head, then
 * its parts in part order); the views read a cached batch's objects from the cache.
 */
interface Found {
  head: RadixBatch;
  objects?: readonly RadixBatch[];
}

export class JobManager {
  readonly cache: ClusterCache;
  readonly reconciler: Reconciler;
  readonly views: Views;
  private readonly port: ClusterPort;
  private readonly clock: EngineClock;
  private readonly random: Random;
  readonly profile: Profile;
  private readonly replies: Replies;
  readonly component: JobComponent;
  private readonly app: string;
  private readonly deploymentName: string;
  readonly maxBatchSize: number;
  readonly notifier: BatchNotifier | undefined;
  readonly history: HistoryCleaner;
  private watching = false;

  constructor(opts: JobManagerOptions) {
    this.port = opts.port;
    this.clock = opts.clock;
    this.random = opts.random;
    this.profile = opts.profile;
    this.replies = opts.profile.replies;
    this.component = opts.component;
    this.app = opts.app ?? 'jobsim';
    this.deploymentName = opts.deploymentName ?? `${this.app}-deployment`;
    this.maxBatchSize = opts.maxBatchSize ?? opts.profile.maxBatchSize;
    this.cache = new ClusterCache(this.port, this.component.name, () => this.clock.now());
    this.reconciler = new Reconciler(this.port, this.cache, this.clock, this.component, this.app, opts.onError, {
      ...(opts.createConcurrency ? { concurrency: opts.createConcurrency } : {}),
      active: opts.leading ?? true,
    });
    this.views = new Views(this.profile, this.cache, this.component.batchStatusRules);
    const webhook = this.component.notifications?.webhook;
    if (webhook && opts.webhooks) {
      this.notifier = new BatchNotifier(this.cache, this.clock, this.views, this.profile, this.component.name, webhook, opts.webhooks);
    }
    this.history = new HistoryCleaner({
      cache: this.cache,
      clock: this.clock,
      component: this.component.name,
      limit: opts.historyLimit ?? DEFAULT_HISTORY_LIMIT,
      phasesOf: (head) => this.views.jobsOf(head).map((j) => j.status?.phase ?? 'Waiting'),
      deleteBatch: (name) => this.deleteHead(name),
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
    this.cache.batchListeners.push((type, rb, previous) => {
      this.notifier?.observe(type, rb, previous);
      this.history.observe(type, rb, previous);
      if (type !== 'DELETED' && !this.reconciler.isActive()) this.sleepFinished(rb);
      // A new batch of this component triggers history cleanup, as the reference's watcher does.
      if (this.watching && this.reconciler.isActive() && type === 'ADDED' && !previous && !rb.status?.condition && rb.spec.radixDeploymentJobRef.job === this.component.name) {
        this.history.trigger();
      }
    });
  }

  /**
   * Only the leader's reconciler puts finished batch objects to sleep (dormantBatches.ts); a replica
   * that does not lead does so for the objects of a head that says Completed, as their events come.
   */
  private sleepFinished(rb: RadixBatch): void {
    const head = isHead(rb) ? rb : this.cache.batch(headName(rb));
    if (head?.status?.condition?.type !== 'Completed') return;
    if (rb !== head) sleepIfFinished(rb, head);
    else for (const o of this.cache.batchObjects(head)) sleepIfFinished(o, head);
  }

  async start(): Promise<void> {
    await this.cache.start();
    this.watching = true;
    this.notifier?.activate();
  }

  stop(): void {
    this.cache.stop();
  }

  /** Starts or stops the leader's work: reconciling and history cleanup. */
  setLeading(leading: boolean): void {
    this.reconciler.setActive(leading);
    if (leading && this.watching) this.history.trigger();
  }

  whenIdle(): Promise<void> {
    return this.reconciler.whenIdle();
  }

  private list<T>(items: T[]): T[] | null {
    return items.length === 0 && this.profile.emptyListAsNull ? null : items;
  }

  // ---- create -----------------------------------------------------------------------------

  /** `cron.schedule`: the job is a cron tick's (labelled and annotated as the reference does). */
  async createJob(desc: JobScheduleDescription | undefined, cron?: { schedule: string }): Promise<JobStatusView> {
    const job = desc ?? {};
    checkJobConfig(job, 'job #0', this.profile);
    const head = await this.record('job', undefined, [job], cron?.schedule);
    const only = head.spec.jobs[0]!;
    return this.views.jobView(head, only, undefined, { eventMessages: false });
  }

  async createBatch(desc: BatchScheduleDescription | undefined): Promise<BatchStatusView> {
    return wholeBatchView(await this.createBatchParts(desc));
  }

  /** createBatch's answer with the job list built on demand (as getBatchParts), for a route that streams it. */
  async createBatchParts(desc: BatchScheduleDescription | undefined): Promise<BatchViewParts> {
    const jobs = desc?.jobScheduleDescriptions;
    if (!jobs || jobs.length === 0) throw invalid('BatchScheduleDescription is invalid: empty job description list ');
    // With the CRD's rules (radix), too many jobs is one of the apiserver's errors (see record).
    if (jobs.length > this.maxBatchSize && this.profile.rangeChecks === 'request-schema') {
      throw invalid(`BatchScheduleDescription is invalid: ${jobs.length} jobs exceed the maximum batch size of ${this.maxBatchSize}`);
    }
    if (desc?.defaultRadixJobComponentConfig) checkJobConfig(desc.defaultRadixJobComponentConfig, 'defaultRadixJobComponentConfig', this.profile);
    const merged = mergeBatchJobs(desc?.defaultRadixJobComponentConfig, jobs, { zeroDoesNotOverride: this.profile.zeroDoesNotOverride });
    merged.forEach((j, i) => checkJobConfig(j, `job #${i}`, this.profile));
    const head = await this.record('batch', desc?.batchId, merged);
    return this.views.batchViewParts(head, { eventMessages: false });
  }

  /**
   * Writes the batch durably: head object, payload Secrets, then part objects. A head with payload
   * Secrets is created incomplete and completed last, so its Jobs are only created once the Secrets
   * they mount exist (and a head left incomplete by a crash is removed, Secrets and all).
   */
  private async record(type: BatchType, batchId: string | undefined, descs: JobScheduleDescription[], cronSchedule?: string): Promise<RadixBatch> {
    const name = makeBatchName(this.component.name, this.clock.now(), this.random, this.profile);
    const jobs: RadixBatchJob[] = descs.map((d) => {
      // A rest copy with the name set on it, not `{ ...config, name }` (see common/shapes.ts): each
      // job had a hidden class of its own, and reads of jobs' fields were megamorphic misses.
      const { payload: _payload, ...job } = d as JobScheduleDescription & { name: string };
      job.name = shortJobName(this.random);
      // A failure policy without rules (radix accepts `{}`, as Go decodes it) is one with none.
      if (job.failurePolicy && !Array.isArray(job.failurePolicy.rules)) job.failurePolicy = { rules: [] };
      return job;
    });

    const payloads: PayloadEntry[] = [];
    descs.forEach((d, index) => {
      const payload = d.payload?.trim();
      if (payload) payloads.push({ index, jobName: jobs[index]!.name, payload });
    });
    if (payloads.length > 0 && !this.component.payloadPath) throw this.replies.payloadWithoutPath(payloads.map((p) => p.index));
    const { secrets, tooLarge } = packPayloads(name, payloads, this.profile.payloadSizeCheck);
    if (tooLarge.length > 0) {
      throw this.replies.payloadTooLarge(
        tooLarge.map((p) => ({ index: p.index, bytes: Buffer.byteLength(p.payload), jobName: p.jobName })),
        maxPayloadBytes(),
      );
    }
    if (this.profile.rangeChecks === 'radix-batch-crd') {
      const errors = radixBatchCrdErrors(descs, this.maxBatchSize);
      if (errors.length > 0) throw radixBatchInvalid(name, errors);
    }
    for (const secret of secrets) for (const e of secret.entries) jobs[e.index]!.payloadSecretRef = { name: secret.name, key: e.jobName };

    const chunks = chunkJobs(jobs);
    const cron = cronMarks(cronSchedule);
    // Built by assignment, not spreads (common/shapes.ts): kept by every batch, they must share hidden classes.
    const labels = copyWith<Record<string, string>>({ [LABEL_APP]: this.app, [LABEL_COMPONENT]: this.component.name }, cron.labels);
    const ref = { name: this.deploymentName, job: this.component.name };
    const annotations = cron.annotations || secrets.length > 0 ? { ...cron.annotations, ...(secrets.length > 0 ? { [ANNOTATION_INCOMPLETE]: 'true' } : {}) } : undefined;
    let head: RadixBatch;
    try {
      head = await this.port.create('RadixBatch', {
        apiVersion: RADIX_BATCH_API_VERSION,
        kind: 'RadixBatch',
        metadata: { name, labels: copyWith(labels, { [LABEL_BATCH_TYPE]: type }), ...(annotations ? { annotations } : {}) },
        spec: batchSpec(ref, batchId, chunks[0]!, chunks.length > 1 ? { parts: chunks.length - 1 } : undefined),
      });
    } catch (err) {
      // A write that failed ambiguously (a timeout, a 5xx) may have been applied: remove it, so no
      // job runs that the client was told failed. Never on 409 (the name belongs to another batch)
      // or 422 (nothing was written).
      const code = (err as { code?: number }).code;
      if (code !== 409 && code !== 422) await this.discard(name);
      throw clusterFailure(err, name);
    }
    this.cache.apply('RadixBatch', 'ADDED', head);
    const owner = [{ apiVersion: RADIX_BATCH_API_VERSION, kind: 'RadixBatch', name, uid: head.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    try {
      for (const packed of secrets) {
        const secret = payloadSecret(packed, this.app, this.component.name, name);
        await this.port.create('Secret', { ...secret, metadata: { ...secret.metadata, ownerReferences: owner } });
      }
      for (let i = 1; i < chunks.length; i++) {
        const part = await this.port.create('RadixBatch', {
          apiVersion: RADIX_BATCH_API_VERSION,
          kind: 'RadixBatch',
          metadata: { name: `${name}-part-${i}`, labels: copyWith(labels, { [LABEL_PART_OF]: name }), ownerReferences: owner },
          spec: batchSpec(ref, batchId, chunks[i]!, { partIndex: i }),
        });
        this.cache.apply('RadixBatch', 'ADDED', part);
      }
      if (secrets.length > 0) head = await this.complete(name, head);
    } catch (err) {
      // Leave nothing half-made: deleting the head removes what it owns.
      await this.discard(name);
      throw clusterFailure(err, name);
    }
    return head;
  }

  /** Removes the head's incomplete mark (re-reading it if it changed meanwhile, e.g. a status write). */
  private async complete(name: string, created: RadixBatch): Promise<RadixBatch> {
    for (let attempt = 0; ; attempt++) {
      const latest = attempt === 0 ? (this.cache.batch(name) ?? created) : await this.port.get('RadixBatch', name);
      if (!latest) throw notFound(`radixbatches ${name} not found`);
      const { [ANNOTATION_INCOMPLETE]: _mark, ...annotations } = latest.metadata.annotations ?? {};
      try {
        const updated = await this.port.update('RadixBatch', { ...latest, metadata: { ...latest.metadata, annotations } });
        this.cache.apply('RadixBatch', 'MODIFIED', updated);
        return updated;
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) throw err;
      }
    }
  }

  /**
   * Disowns a batch whose creation failed (it may exist anyway, after a timed-out write): the
   * engine stops seeing it at once, so nothing of it runs or is listed, and deletes it, retrying
   * with backoff until the cluster confirms it is gone.
   */
  private async discard(name: string, attempt = 0): Promise<void> {
    this.cache.blockBatch(name);
    try {
      await this.port.delete('RadixBatch', name, 'Background');
    } catch (err) {
      if (isNotFound(err)) return;
      const delayMs = Math.min(30_000, 1000 * 2 ** attempt);
      this.clock.schedule(delayMs, () => this.discard(name, attempt + 1), { background: true });
    }
  }

  // ---- read -------------------------------------------------------------------------------

  private myHeads(types: BatchType[]): RadixBatch[] {
    return this.cache
      .heads()
      .filter((b) => b.metadata.labels?.[LABEL_COMPONENT] === this.component.name && types.includes(batchType(b) ?? 'batch'))
      .sort(byCreation);
  }

  listJobs(): JobStatusView[] | null {
    const heads = this.profile.listBatchJobsInJobs
      ? [...this.myHeads(['job']).sort(byName), ...this.myHeads(['batch']).sort(byName)]
      : this.myHeads(['job']);
    const out: JobStatusView[] = [];
    for (const head of heads) for (const j of this.views.jobsOf(head)) out.push(this.views.jobView(head, j.spec, j.status, { eventMessages: true }));
    return this.list(out);
  }

  listBatches(): BatchStatusView[] | null {
    const heads = this.myHeads(['batch']);
    if (this.profile.listBatchesByName) heads.sort(byName);
    return this.list(heads.map((h) => this.views.batchView(h, { eventMessages: true })));
  }

  async getJob(fullName: string): Promise<JobStatusView> {
    const found = await this.findJob(fullName);
    return this.views.jobView(found.head, found.spec, found.status, { eventMessages: true });
  }

  async getBatch(name: string): Promise<BatchStatusView> {
    const { head, objects } = await this.findBatch(name);
    return this.views.batchView(head, { eventMessages: true }, objects);
  }

  /** getBatch with the job list built on demand, for an answer streamed in pieces (see Views.batchViewParts). */
  async getBatchParts(name: string): Promise<BatchViewParts> {
    const { head, objects } = await this.findBatch(name);
    return this.views.batchViewParts(head, { eventMessages: true }, objects);
  }

  async getBatchJob(batch: string, jobName: string): Promise<JobStatusView> {
    const { head, objects } = await this.findBatch(batch);
    const full = this.fullNameInBatch(batch, jobName, this.profile.batchJobGetName);
    const found = this.views.jobsOf(head, objects).find((j) => `${head.metadata.name}-${j.spec.name}`.toLowerCase() === full.toLowerCase());
    if (!found) throw this.replies.jobNotInBatch(full);
    return this.views.jobView(head, found.spec, found.status, { eventMessages: false });
  }

  // ---- delete -----------------------------------------------------------------------------

  async deleteJob(fullName: string): Promise<Result> {
    const parsed = parseJobName(fullName, this.profile.jobNameSplit);
    if (!parsed) throw this.replies.unparsableJobOnDelete(fullName);
    const head = (await this.lookUp(parsed.batch))?.head;
    if (!head) throw this.replies.batchOfJobNotFound(parsed.batch, fullName);
    if (batchType(head) !== 'job') throw this.replies.notASingleJob(fullName, head.metadata.name);
    if (!head.spec.jobs.some((j) => j.name === parsed.job)) throw this.replies.singleJobNotFound(fullName);
    await this.deleteHead(head.metadata.name);
    return ok(`job ${fullName} successfully deleted`);
  }

  async deleteBatch(name: string): Promise<Result> {
    const { head } = await this.findBatch(name);
    await this.deleteHead(head.metadata.name);
    return ok(`batch ${head.metadata.name} successfully deleted`);
  }

  private async deleteHead(name: string): Promise<void> {
    try {
      await this.port.delete('RadixBatch', name, 'Background');
    } catch (err) {
      if (!isNotFound(err)) throw clusterFailure(err, name);
    }
    const gone = this.cache.batch(name);
    if (gone) this.cache.apply('RadixBatch', 'DELETED', gone);
  }

  // ---- stop -------------------------------------------------------------------------------

  async stopJob(fullName: string): Promise<Result> {
    const parsed = parseJobName(fullName, this.profile.jobNameSplit);
    if (!parsed) throw this.replies.unparsableJobOnStop(fullName);
    const head = this.stoppable(parsed.batch, ['job', 'batch']);
    if (!head) throw this.replies.batchOfJobNotFound(parsed.batch, fullName);
    await this.stopJobsOf(head, parsed.job, parsed.batch);
    return ok(this.replies.jobStopped(fullName));
  }

  async stopBatchJob(batch: string, jobName: string): Promise<Result> {
    const full = this.fullNameInBatch(batch, jobName, this.profile.batchJobStopName);
    const parsed = parseJobName(full, this.profile.jobNameSplit);
    // A name ending in "-" has no short job name: nothing by that name can exist.
    if (!parsed) throw this.replies.unparsableBatchJobOnStop(batch, jobName);
    const head = this.stoppable(parsed.batch, ['job', 'batch']);
    if (!head) throw this.replies.batchOfBatchJobNotFound(batch, parsed.batch);
    await this.stopJobsOf(head, parsed.job, parsed.batch);
    return ok(`job ${jobName} in the batch ${batch} successfully stopped`);
  }

  async stopBatch(name: string): Promise<Result> {
    const head = this.stoppable(name, ['batch']);
    if (!head) throw this.replies.batchNotFound(name);
    if (head.status?.condition?.type === 'Completed') throw badRequest(`cannot stop the batch ${name} with the status Completed`);
    await this.stopJobsOf(head, undefined, name);
    return ok(`batch ${name} successfully stopped`);
  }

  async stopAllJobs(): Promise<Result> {
    for (const head of this.myHeads(['job'])) if (head.status?.condition?.type !== 'Completed') await this.stopJobsOf(head, undefined, head.metadata.name);
    return ok(this.replies.allJobsStopped());
  }

  async stopAllBatches(): Promise<Result> {
    for (const head of this.myHeads(['batch'])) if (head.status?.condition?.type !== 'Completed') await this.stopJobsOf(head, undefined, head.metadata.name);
    return ok('batches successfully stopped');
  }

  /**
   * Sets stop on one job (shortName) or on every unfinished job of a batch. Stopping one finished
   * job is refused with 400; finished jobs are skipped when stopping a whole batch. `asked`: the
   * batch name as the client wrote it (messages quote it).
   */
  private async stopJobsOf(head: RadixBatch, shortName: string | undefined, asked: string): Promise<void> {
    const B = head.metadata.name;
    const single = batchType(head) === 'job';
    if (shortName !== undefined) {
      const found = this.views.jobsOf(head).find((j) => j.spec.name.toLowerCase() === shortName.toLowerCase());
      // The reference refuses on the batch condition first; the documented profile names the job's own status.
      if (this.profile.stopChecksBatchConditionFirst && head.status?.condition?.type === 'Completed') {
        throw badRequest(single ? `cannot stop the job ${B} with the status Completed` : `cannot stop the batch ${asked} with the status Completed`);
      }
      if (!found) throw this.replies.stopJobNotFound(B, shortName);
      const phase = found.status?.phase;
      if (isTerminalPhase(phase)) {
        throw single ? this.replies.cannotStopSingleJob(B, found.spec.name, phase!) : badRequest(`cannot stop the job ${shortName} with the status ${phase} in the batch ${asked}`);
      }
      await this.setStop(found.object.metadata.name, new Set([found.spec.name]));
      return;
    }
    for (const object of this.cache.batchObjects(head)) {
      const done = new Set((object.status?.jobStatuses ?? []).filter((s) => isTerminalPhase(s.phase)).map((s) => s.name));
      const names = new Set(object.spec.jobs.filter((j) => !j.stop && !done.has(j.name)).map((j) => j.name));
      if (names.size > 0) await this.setStop(object.metadata.name, names);
    }
  }

  /** Sets spec.jobs[].stop with optimistic concurrency, re-reading on conflict. */
  private async setStop(objectName: string, names: Set<string>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = attempt === 0 ? this.cache.batch(objectName) : await this.port.get('RadixBatch', objectName);
      if (!current) throw this.replies.batchNotFound(objectName);
      const jobs = current.spec.jobs.map((j) => (names.has(j.name) && !j.stop ? copyWith(j, { stop: true }) : j));
      try {
        const updated = await this.port.update('RadixBatch', { ...current, spec: { ...current.spec, jobs } });
        this.cache.apply('RadixBatch', 'MODIFIED', updated);
        return;
      } catch (err) {
        if (isConflict(err) && attempt < 5) continue;
        throw internal(`failed to update the batch ${objectName}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  // ---- lookup -----------------------------------------------------------------------------

  private isMine(head: RadixBatch): boolean {
    return head.metadata.labels?.[LABEL_COMPONENT] === this.component.name;
  }

  /**
   * A batch looked up by its exact name (as a GET of the object is): any batch of the namespace
   * (radix, as the reference) or only this component's. Part objects are never found. Throws
   * client-go's 500 for a name it refuses to send (radix).
   */
  private async lookUp(name: string): Promise<Found | undefined> {
    const refused = this.profile.clientNameCheck ? clientGoNameError(name) : undefined;
    if (refused) throw internal(refused);
    const head = this.cache.batch(name);
    if (head) {
      if (head.metadata.labels?.[LABEL_PART_OF] || !(this.profile.batchLookupAnyComponent || this.isMine(head))) return undefined;
      return { head };
    }
    // The cache holds this component's batches: another's is read from the cluster.
    return this.profile.batchLookupAnyComponent ? this.readBatch(name) : undefined;
  }

  /** A batch as the cluster holds it now: its head and its parts in part order. */
  private async readBatch(name: string): Promise<Found | undefined> {
    try {
      const head = await this.port.get('RadixBatch', name);
      if (!head || head.metadata.labels?.[LABEL_PART_OF]) return undefined;
      if (!head.spec.parts) return { head, objects: [head] };
      const parts = await this.port.list('RadixBatch', { [LABEL_PART_OF]: name });
      parts.sort((a, b) => (a.spec.partIndex ?? 0) - (b.spec.partIndex ?? 0));
      return { head, objects: [head, ...parts] };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw clusterFailure(err, name);
    }
  }

  /** A batch to stop: this component's, of one of `types`, its name matched ignoring case (as the reference lists and compares). */
  private stoppable(name: string, types: BatchType[]): RadixBatch | undefined {
    const exact = this.cache.batch(name);
    if (exact && !exact.metadata.labels?.[LABEL_PART_OF] && this.isMine(exact) && types.includes(batchType(exact) ?? 'batch')) return exact;
    const lower = name.toLowerCase();
    return this.myHeads(types).find((h) => h.metadata.name.toLowerCase() === lower);
  }

  private async findBatch(name: string): Promise<Found> {
    const found = await this.lookUp(name);
    if (!found) throw this.replies.batchNotFound(name);
    return found;
  }

  private async findJob(fullName: string) {
    const parsed = parseJobName(fullName, this.profile.jobNameSplit);
    if (!parsed) throw this.replies.unparsableJobOnGet(fullName);
    const batch = await this.lookUp(parsed.batch);
    if (!batch) throw this.replies.batchOfJobNotFound(parsed.batch, fullName);
    const { head, objects } = batch;
    // The whole name is compared ignoring case (the batch part was looked up exactly).
    const want = fullName.toLowerCase();
    const found = this.views.jobsOf(head, objects).find((j) => `${head.metadata.name}-${j.spec.name}`.toLowerCase() === want);
    if (!found) throw this.replies.jobNotInBatch(fullName);
    return { head, ...found };
  }

  /** The full name of a job of `batch` named `jobName` in a path: taken as written (`full`), or the short name prefixed unless already full. */
  private fullNameInBatch(batch: string, jobName: string, accepts: 'full' | 'short' | 'full-or-short'): string {
    if (accepts === 'full') return jobName;
    if (accepts === 'full-or-short' && jobName.toLowerCase().startsWith(`${batch.toLowerCase()}-`)) return jobName;
    return `${batch}-${jobName}`;
  }
}

/** A RadixBatch's spec, keys assigned in one fixed order (a spread copy would get a hidden class of its own). */
function batchSpec(
  ref: RadixBatchSpec['radixDeploymentJobRef'],
  batchId: string | undefined,
  jobs: RadixBatchJob[],
  place?: { parts: number } | { partIndex: number },
): RadixBatchSpec {
  const spec = { radixDeploymentJobRef: ref } as RadixBatchSpec;
  if (batchId) spec.batchId = batchId;
  spec.jobs = jobs;
  if (place && 'parts' in place) spec.parts = place.parts;
  if (place && 'partIndex' in place) spec.partIndex = place.partIndex;
  return spec;
}

function chunkJobs(jobs: RadixBatchJob[]): RadixBatchJob[][] {
  // A job alone always makes one object, however large (nothing to measure for a single job's create).
  if (jobs.length <= 1) return [jobs];
  const chunks: RadixBatchJob[][] = [];
  let current: RadixBatchJob[] = [];
  let bytes = 0;
  for (const job of jobs) {
    const size = JSON.stringify(job).length + 64;
    if (current.length > 0 && (current.length >= JOBS_PER_OBJECT || bytes + size > BYTES_PER_OBJECT)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(job);
    bytes += size;
  }
  chunks.push(current);
  return chunks;
}

function byCreation(a: RadixBatch, b: RadixBatch): number {
  const t = (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '');
  if (t !== 0) return t;
  const ra = a.metadata.resourceVersion ?? '';
  const rb = b.metadata.resourceVersion ?? '';
  if (/^\d+$/.test(ra) && /^\d+$/.test(rb)) return Number(BigInt(ra) - BigInt(rb));
  return a.metadata.name.localeCompare(b.metadata.name);
}

function byName(a: RadixBatch, b: RadixBatch): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * Cluster errors during create map as the reference maps them: Invalid is 422 "<name> is invalid:
 * <message>", NotFound is 404, the rest 500; except a cluster's 429 or 503, which stays 503 here.
 */
function clusterFailure(err: unknown, name: string): ApiError {
  if (err instanceof ApiError) return err;
  const code = (err as { code?: number }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 422) return invalid(`${name} is invalid: ${message}`);
  if (code === 404) return notFound(message);
  return new ApiError(code === 429 || code === 503 ? 503 : 500, message);
}
