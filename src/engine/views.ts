// Recorded batch state -> the API's JSON, shaped by the compatibility profile.
import type { ClusterCache } from './clusterCache.js';
import type { Profile } from './profile.js';
import {
  batchType,
  isTerminalPhase,
  type BatchJobStatus,
  type BatchPodStatus,
  type RadixBatch,
  type RadixBatchJob,
} from '../cluster/radixBatch.js';
import type { SchemaBatchStatus, SchemaJobStatus, SchemaPodStatus } from '../api/generated/openapi.js';
import type { ApiStatus, BatchStatusRule } from './types.js';

export interface PodStatusView {
  name: string;
  created?: string;
  startTime?: string;
  endTime?: string;
  containerStarted?: string;
  replicaStatus: SchemaPodStatus['replicaStatus'];
  statusMessage?: string;
  restartCount?: number;
  image?: string;
  imageId?: string;
  podIndex?: number;
  exitCode: number;
  reason?: string;
}

export interface JobStatusView {
  jobId?: string;
  batchName?: string;
  batchId?: string;
  name: string;
  created: string | null;
  started: string | null;
  ended: string | null;
  status: SchemaJobStatus['status'];
  message?: string;
  updated?: string | null;
  failed?: number;
  podStatuses?: PodStatusView[];
  DeploymentName?: string;
}

export interface BatchStatusView extends Omit<JobStatusView, 'status'> {
  status: SchemaBatchStatus['status'];
  jobStatuses?: JobStatusView[];
  batchType?: SchemaBatchStatus['batchType'];
}

/** One job of a batch: the object holding it, its spec and its recorded status. */
export interface BatchJob {
  object: RadixBatch;
  spec: RadixBatchJob;
  status: BatchJobStatus | undefined;
}

/** A list whose items are built when asked for (in any order, each as often as asked). */
export interface LazyItems<T> {
  readonly length: number;
  at(index: number): T;
}

export interface ViewOptions {
  /** Fill an empty job message from the latest Kubernetes Event of the job's pod, as the reference does. */
  eventMessages: boolean;
  /** Include podStatuses and job statuses (false for compact lists). */
  detail?: boolean;
}

/** A batch view and its job list, built when asked for (absent: the view has no job list). */
export interface BatchViewParts {
  view: BatchStatusView;
  jobStatuses: LazyItems<JobStatusView> | undefined;
}

/** The batch view with its job list built whole. */
export function wholeBatchView({ view, jobStatuses }: BatchViewParts): BatchStatusView {
  if (jobStatuses) view.jobStatuses = Array.from({ length: jobStatuses.length }, (_, i) => jobStatuses.at(i));
  return view;
}

export class Views {
  constructor(
    private readonly profile: Profile,
    private readonly cache: ClusterCache,
    private readonly rules: BatchStatusRule[] | undefined,
  ) {}

  private time(value: string | undefined): string | null {
    return value ?? this.profile.unsetTime;
  }

  /**
   * The API status of one job, as the reference derives it: Stopping while a stop is pending, then
   * the profile's all-pods-failed rule, else the recorded phase.
   */
  jobApiStatus(spec: RadixBatchJob, status: BatchJobStatus | undefined): JobStatusView['status'] {
    const phase = status?.phase ?? 'Waiting';
    if (spec.stop && (phase === 'Waiting' || phase === 'Active' || phase === 'Running')) return 'Stopping';
    if (this.profile.allPodsFailedMeansFailed && status?.podStatuses?.length && status.podStatuses.every((p) => p.phase === 'Failed')) {
      return 'Failed';
    }
    return phase;
  }

  podView(pod: BatchPodStatus, batch: RadixBatch, index: number): PodStatusView {
    const created = this.profile.podCreatedFromBatch && pod.creationTime ? batch.metadata.creationTimestamp : pod.creationTime;
    const view = { name: pod.name } as PodStatusView;
    if (created) view.created = created;
    if (pod.startTime) view.startTime = pod.startTime;
    if (pod.endTime) view.endTime = pod.endTime;
    if (pod.startTime) view.containerStarted = pod.startTime;
    view.replicaStatus = { status: pod.phase };
    if (pod.message) view.statusMessage = pod.message;
    if (pod.restartCount) view.restartCount = pod.restartCount;
    if (pod.image) view.image = pod.image;
    if (pod.imageID) view.imageId = pod.imageID;
    if (!(this.profile.podIndexOmitZero && index === 0)) view.podIndex = index;
    view.exitCode = pod.exitCode;
    if (pod.reason) view.reason = pod.reason;
    return view;
  }

  jobView(head: RadixBatch, spec: RadixBatchJob, status: BatchJobStatus | undefined, opts: ViewOptions): JobStatusView {
    const p = this.profile;
    const name = `${head.metadata.name}-${spec.name}`;
    const apiStatus = this.jobApiStatus(spec, status);
    // Key order follows the reference's JSON (jobId, batchName, batchId, name, created, ...). Keys are
    // assigned one by one (common/shapes.ts): spreads gave every view a hidden class of its own.
    const ordered = {} as JobStatusView;
    if (spec.jobId) ordered.jobId = spec.jobId;
    if (p.batchNameOnBatchJobs && batchType(head) === 'batch') ordered.batchName = head.metadata.name;
    ordered.name = name;
    ordered.created = this.time(status?.creationTime);
    ordered.started = this.time(status?.startTime);
    ordered.ended = this.time(isTerminalPhase(status?.phase) ? status?.endTime : undefined);
    ordered.status = apiStatus;
    let message = status?.message;
    if (!message && opts.eventMessages) message = this.eventMessage(status);
    if (message) ordered.message = message;
    ordered.updated = p.deploymentNameKey ? null : this.time(status?.updated);
    if (status?.failed) ordered.failed = status.failed;
    if (opts.detail !== false && status?.podStatuses?.length) {
      const pods = p.podIndexOmitZero ? [...status.podStatuses].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : status.podStatuses;
      ordered.podStatuses = pods.map((pod, i) => this.podView(pod, head, i));
    }
    if (p.deploymentNameKey) ordered.DeploymentName = '';
    return ordered;
  }

  private eventMessage(status: BatchJobStatus | undefined): string | undefined {
    const pods = status?.podStatuses;
    if (!pods?.length) return undefined;
    const message = this.cache.latestEventMessageOf(pods[pods.length - 1]!.name);
    if (message === undefined) return undefined;
    if (message.includes('container init was OOM-killed (memory limit too low?)')) {
      return `Memory limit is probably too low. Error: ${message}`;
    }
    return message;
  }

  /**
   * Every job of a batch, with its recorded status, in request order. `objects`: the head and its
   * parts in part order; the cache's unless given (another component's batch, read from the cluster).
   */
  jobsOf(head: RadixBatch, objects: readonly RadixBatch[] = this.cache.batchObjects(head)): BatchJob[] {
    // An array, not a generator: a 100,000-job batch is walked this way on every read of it.
    const out: BatchJob[] = [];
    for (const object of objects) {
      const recorded = object.status?.jobStatuses;
      const statuses = recorded?.length ? new Map(recorded.map((s) => [s.name, s])) : undefined;
      for (const spec of object.spec.jobs) out.push({ object, spec, status: statuses?.get(spec.name) });
    }
    return out;
  }

  /**
   * The batch status: a single job's own status; else the first matching batchStatusRule; else the
   * profile's model (the reference's batch condition, or the documented Running and final statuses).
   */
  batchApiStatus(head: RadixBatch, jobs: BatchJob[] = this.jobsOf(head)): ApiStatus {
    if (batchType(head) === 'job' && jobs.length === 1) {
      const only = jobs[0]!;
      return this.profile.batchStatusModel === 'condition' ? (only.status?.phase ?? 'Waiting') : this.jobApiStatus(only.spec, only.status);
    }
    // radix: only the statuses the batch has recorded (none yet for a new batch, where an `All` rule holds).
    const phases = this.profile.statusRulesOver === 'every-job' ? jobs.map((j) => j.status?.phase ?? 'Waiting') : jobs.flatMap((j) => (j.status ? [j.status.phase] : []));
    for (const rule of this.rules ?? []) {
      const test = (phase: string) => (rule.operator === 'In' ? rule.jobStatuses.includes(phase) : !rule.jobStatuses.includes(phase));
      const match = rule.condition === 'All' ? phases.every(test) : phases.some(test);
      if (match) return rule.batchStatus;
    }
    const condition = head.status?.condition?.type ?? 'Waiting';
    if (this.profile.batchStatusModel === 'condition') return condition;
    const unfinished = jobs.filter((j) => !isTerminalPhase(j.status?.phase));
    if (unfinished.length > 0 && unfinished.every((j) => j.spec.stop)) return 'Stopping';
    if (condition === 'Waiting') return 'Waiting';
    if (condition === 'Active') return 'Running';
    if (phases.includes('Failed')) return 'Failed';
    if (phases.includes('Stopped')) return 'Stopped';
    return 'Succeeded';
  }

  batchView(head: RadixBatch, opts: ViewOptions, objects?: readonly RadixBatch[]): BatchStatusView {
    return wholeBatchView(this.batchViewParts(head, opts, objects));
  }

  /**
   * The batch view with its job list left to be built on demand (a 100,000-job batch's views are
   * ~75 MB; an answer streamed from this holds a few hundred at a time). `view.jobStatuses` is an
   * empty placeholder where the list goes, so the view's keys keep their order.
   */
  batchViewParts(head: RadixBatch, opts: ViewOptions, objects?: readonly RadixBatch[]): BatchViewParts {
    const p = this.profile;
    const type = batchType(head);
    // One walk over the batch's jobs serves the status, `updated` and the job list.
    const jobs = this.jobsOf(head, objects);
    // Assigned key by key, as jobView's (a hidden class shared by all batch views).
    const view = {} as BatchStatusView;
    if (head.spec.batchId && type !== 'job') view.batchId = head.spec.batchId;
    if (p.batchNameOnBatch) view.batchName = head.metadata.name;
    view.name = head.metadata.name;
    view.created = head.metadata.creationTimestamp ?? p.unsetTime;
    view.started = this.time(head.status?.condition?.activeTime);
    view.ended = this.time(head.status?.condition?.completionTime);
    view.status = this.batchApiStatus(head, jobs);
    if (head.status?.condition?.message) view.message = head.status.condition.message;
    view.updated = p.deploymentNameKey ? null : this.time(lastUpdate(head, jobs));
    if (p.deploymentNameKey) view.DeploymentName = head.spec.radixDeploymentJobRef.name;
    let jobStatuses: LazyItems<JobStatusView> | undefined;
    if (opts.detail !== false && jobs.length) {
      view.jobStatuses = [];
      jobStatuses = { length: jobs.length, at: (i) => this.jobView(head, jobs[i]!.spec, jobs[i]!.status, opts) };
    }
    // The batch-type label jobsim writes is `batch` or `job`.
    if (type) view.batchType = type as SchemaBatchStatus['batchType'];
    return { view, jobStatuses };
  }

}

function lastUpdate(head: RadixBatch, jobs: BatchJob[]): string | undefined {
  let latest: string | undefined;
  for (const { status } of jobs) if (status?.updated && (!latest || status.updated > latest)) latest = status.updated;
  return latest ?? head.metadata.creationTimestamp;
}

// The views are the contract's JobStatus, BatchStatus and PodStatus: a view the contract does not
// describe fails to compile here.
type Describes<Contract, View extends Contract> = View;
export type ContractChecks = [
  Describes<SchemaJobStatus, JobStatusView>,
  Describes<SchemaBatchStatus, BatchStatusView>,
  Describes<SchemaPodStatus, PodStatusView>,
];
