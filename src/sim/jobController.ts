// The batch/v1 Job controller: creates one pod at a time (completions 1, parallelism 1), counts
// failures against backoffLimit with exponential pod-failure backoff, applies podFailurePolicy
// (first matching rule wins; exit code 0 never matches; an ignored failure is not counted but is
// backed off like any other), enforces the Job's activeDeadlineSeconds,
// honours suspend, writes Kubernetes' conditions and status counters, and deletes finished Jobs
// after ttlSecondsAfterFinished. With the latency model on, its syncs take time and pod events are
// batched as Kubernetes' are (syncJobBatchPeriod); off, every sync runs in the instant it is queued.
import type { Condition, Job, JobStatus, Pod, PodFailurePolicyRule } from '../cluster/types.js';
import { ClusterError } from '../cluster/port.js';
import { parseTime } from '../cluster/time.js';
import type { SimContext } from './context.js';
import { Deadlines } from './deadlines.js';
import { podFinishedAt } from './kubelet.js';
import { copyWith } from '../common/shapes.js';
import { flatConcat } from '../common/flatString.js';
import { resourceWith } from './objects.js';
import { ATTEMPT_ANNOTATION } from './workload.js';

const POD_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A Job waiting for a sync, with latency (see enqueueAt): `due` is NaN while it waits for none. */
interface Queued {
  readonly ns: string;
  readonly name: string;
  due: number;
  /**
   * The Job's last sync left nothing for another to do, and nothing that sync reads has changed
   * since (with batching every change of the Job or of its pods' phase, readiness or deletion
   * queues it: enqueueAt clears this). Its next sync would find what the last one left and write
   * nothing, as the sync queued by that sync's own status write does: it is skipped.
   */
  quiet: boolean;
}

interface Tracking {
  /** Names of the finished pods already counted: most Jobs count one, so a lone name is kept as is. */
  counted: string | Set<string> | undefined;
  failed: number;
  succeeded: number;
  failuresSinceSuccess: number;
  lastFailureAt: number;
  attempts: number;
  retryTimer?: () => void;
  deadlineTimer?: () => void;
}

/**
 * The tracking of a Job none is kept for (most Jobs: no failure, no deadline, one pod): nothing
 * counted, no timers, and one pod created once the Job has a startTime (the sync that creates the
 * first pod writes it). Not keeping it spares a lookup and an insert in a map of every unfinished
 * Job (100,000 at fan-out).
 */
function untracked(attempts: number): Tracking {
  return { counted: undefined, failed: 0, succeeded: 0, failuresSinceSuccess: 0, lastFailureAt: 0, attempts, retryTimer: undefined, deadlineTimer: undefined };
}

/** Marks a finished pod counted; false when it already was. */
function countOnce(t: Tracking, name: string): boolean {
  const c = t.counted;
  if (c === undefined) t.counted = name;
  else if (typeof c === 'string') {
    if (c === name) return false;
    t.counted = new Set([c, name]);
  } else {
    if (c.has(name)) return false;
    c.add(name);
  }
  return true;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function finished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** Finished, or being finished: SuccessCriteriaMet or FailureTarget recorded, the final condition to come. */
function finishing(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'SuccessCriteriaMet' || c.type === 'FailureTarget' || c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** First rule matching a failed pod's exit codes, with its index. */
export function matchFailurePolicy(
  rules: PodFailurePolicyRule[] | undefined,
  pod: Pod,
): { rule: PodFailurePolicyRule; index: number; exitCode: number; container: string } | undefined {
  if (!rules) return undefined;
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    const on = rule.onExitCodes;
    if (!on) continue;
    for (const cs of pod.status?.containerStatuses ?? []) {
      if (on.containerName && on.containerName !== cs.name) continue;
      const code = cs.state.terminated?.exitCode;
      if (code === undefined || code === 0) continue;
      const inSet = on.values.includes(code);
      if (on.operator === 'In' ? inSet : !inSet) return { rule, index, exitCode: code, container: cs.name };
    }
  }
  return undefined;
}

/**
 * A Job status with `changes` applied: one literal, so every Job's status shares one hidden class
 * (unset fields are undefined, which JSON leaves out as Kubernetes omits them).
 */
function jobStatus(s: JobStatus, c: Partial<JobStatus>): JobStatus {
  let { startTime, active, ready, failed, succeeded, completionTime, conditions } = s;
  // The given keys by for-in and switch: `'key' in c` for each key was a megamorphic lookup (`c`
  // has another shape at each call site), seven per Job status write.
  for (const k in c) {
    switch (k) {
      case 'startTime':
        startTime = c.startTime;
        break;
      case 'active':
        active = c.active;
        break;
      case 'ready':
        ready = c.ready;
        break;
      case 'failed':
        failed = c.failed;
        break;
      case 'succeeded':
        succeeded = c.succeeded;
        break;
      case 'completionTime':
        completionTime = c.completionTime;
        break;
      case 'conditions':
        conditions = c.conditions;
        break;
    }
  }
  return { startTime, active, ready, failed, succeeded, completionTime, conditions };
}

export class JobController {
  private tracking = new Map<string, Tracking>();
  /** namespace -> names of the Jobs to sync in the next pass (in the order they were queued) */
  private dirty = new Map<string, Set<string>>();
  private passScheduled = false;
  /** With latency (`delayed`): due time -> the Jobs synced then, in queued order. */
  private passes = new Map<number, Queued[]>();
  /**
   * With latency: namespace -> Job name -> its Queued, from its first sync to its last (complete
   * and forget let go of it): a pass holds the Queued itself, so running a pass looks nothing up.
   */
  private dueOf = new Map<string, Map<string, Queued>>();
  /**
   * The Queued of the Job a pass is syncing, while it is in dueOf: its own status write and the pod
   * it creates queue it again, and need not look it up.
   */
  private syncing: Queued | undefined;
  /** syncJobBatchPeriod when the model fixes it (Kubernetes': 1 s); undefined: drawn each time. */
  private readonly batchMs: number | undefined;
  /** Syncs wait (the model's jobSync or jobSyncBatch take time); off: every sync runs at once. */
  private readonly delayed: boolean;
  /** Pod events and status updates wait syncJobBatchPeriod (the model's jobSyncBatch). */
  readonly batching: boolean;
  /** The final condition follows SuccessCriteriaMet/FailureTarget after a sync's work (jobSync). */
  private readonly twoStepFinish: boolean;
  private creating: Pod | undefined;
  /** ttlSecondsAfterFinished of finished Jobs. */
  private ttls: Deadlines<{ namespace: string | undefined; name: string; uid: string }>;

  constructor(private readonly ctx: SimContext) {
    this.batching = ctx.latency.on('jobSyncBatch');
    this.batchMs = ctx.latency.fixedMs('jobSyncBatch');
    this.twoStepFinish = ctx.latency.on('jobSync');
    this.delayed = this.batching || this.twoStepFinish;
    // Entries name the Job (not hold it: the store keeps finished Jobs compactly).
    this.ttls = new Deadlines(ctx, ({ namespace, name, uid }) => {
      const still = this.ctx.store.get<Job>('Job', namespace, name);
      if (still && still.metadata.uid === uid) {
        this.log('JobTTLExpired', still);
        // The version just read: a finished Job is kept compactly, and each read expands it.
        this.ctx.store.delete('Job', namespace, name, still);
      }
    });
  }

  /**
   * Queues a sync of the Job. `batched` (pod events, the Job's status updates): Kubernetes' Job
   * controller waits syncJobBatchPeriod (the model's jobSyncBatch) for those, so the events of that
   * second are handled in one sync; a Job's creation or spec change is synced at once. Either way
   * the sync's work takes the model's jobSync. A Job waiting for a sync keeps the earlier time.
   */
  enqueue(namespace: string | undefined, name: string, batched = false): void {
    if (this.delayed) return this.enqueueAt(namespace ?? '', name, batched ? (this.batchMs ?? this.ctx.latency.ms('jobSyncBatch')) : 0);
    const ns = namespace ?? '';
    let names = this.dirty.get(ns);
    if (!names) this.dirty.set(ns, (names = new Set()));
    names.add(name);
    if (this.passScheduled) return;
    this.passScheduled = true;
    this.ctx.after(0, () => {
      this.passScheduled = false;
      const dirty = this.dirty;
      this.dirty = new Map();
      for (const [ns, names] of dirty) for (const name of names) this.sync(ns || undefined, name);
    });
  }

  /**
   * With latency: the Job is synced `waitMs` plus a sync's work (jobSync) from now, unless it waits
   * for an earlier sync already. Passes are lists of Jobs by due time; a Job moved to an earlier
   * pass is skipped in the later one (its due time no longer matches).
   */
  private enqueueAt(ns: string, name: string, waitMs: number): void {
    const now = this.ctx.now();
    let byName = this.dueOf.get(ns);
    if (!byName) this.dueOf.set(ns, (byName = new Map()));
    const syncing = this.syncing;
    let queued = syncing !== undefined && syncing.name === name && syncing.ns === ns ? syncing : byName.get(name);
    // A change made by anyone but the Job's own sync (whose result accounts for its own writes).
    if (queued !== undefined && queued !== syncing) queued.quiet = false;
    // NaN (not waiting) passes neither test.
    const current = queued === undefined ? Number.NaN : queued.due;
    // The sync's work takes no less than nothing: a Job due by then keeps its time (no draw).
    if (current <= now + waitMs) return;
    const due = now + waitMs + this.ctx.latency.ms('jobSync');
    if (current <= due) return;
    if (queued === undefined) byName.set(name, (queued = { ns, name, due, quiet: false }));
    else queued.due = due;
    let pass = this.passes.get(due);
    if (!pass) {
      this.passes.set(due, (pass = []));
      this.ctx.after(due - now, () => this.runPass(due));
    }
    pass.push(queued);
  }

  private runPass(due: number): void {
    const pass = this.passes.get(due);
    this.passes.delete(due);
    if (!pass) return;
    for (let i = 0; i < pass.length; i++) {
      const queued = pass[i]!;
      // Moved to an earlier pass (and maybe queued again since), or let go of.
      if (queued.due !== due) continue;
      queued.due = Number.NaN;
      if (queued.quiet) continue;
      this.syncing = queued;
      try {
        // Only with batching is every change of the Job seen (statusChanged).
        queued.quiet = this.sync(queued.ns || undefined, queued.name) && this.batching;
      } finally {
        this.syncing = undefined;
      }
    }
  }

  /** The Job is done with (finished or deleted): its Queued goes, and a pass still holding it skips it. */
  private unqueue(namespace: string | undefined, name: string): void {
    if (!this.delayed) return;
    const byName = this.dueOf.get(namespace ?? '');
    const queued = byName?.get(name);
    if (queued === undefined) return;
    queued.due = Number.NaN;
    byName!.delete(name);
    if (this.syncing === queued) this.syncing = undefined;
  }

  /** A pod owned by Job `jobName` was added, deleted or changed phase, readiness or deletion. */
  podChanged(pod: Pod, jobName: string, deleted: boolean): void {
    // The pods of a deleted Job, deleted after it by the garbage collector: a sync would find no
    // Job (a Job of that name created later is synced at once by its creation).
    if (deleted && !this.ctx.store.has('Job', pod.metadata.namespace, jobName)) return;
    // The pod this controller is creating: its sync sees it already. With batching, Kubernetes
    // queues a batched sync for it all the same (the one that later sees the pod Running).
    if (pod !== this.creating || this.batching) this.enqueue(pod.metadata.namespace, jobName, true);
  }

  /** The Job's status was written (by this controller): Kubernetes queues a batched sync for it. */
  statusChanged(job: Job): void {
    if (this.batching && !finishing(job)) this.enqueue(job.metadata.namespace, job.metadata.name, true);
  }

  forget(job: Job): void {
    this.unqueue(job.metadata.namespace, job.metadata.name);
    const t = this.tracking.get(job.metadata.uid!);
    t?.retryTimer?.();
    t?.deadlineTimer?.();
    this.tracking.delete(job.metadata.uid!);
  }

  backoffSeconds(failures: number): number {
    const { backoffBaseSeconds: base, backoffCapSeconds: cap } = this.ctx.config;
    return Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  }

  /** Keeps `t` after a sync unless it is the state an untracked Job with `startTime` stands for. */
  private keep(job: Job, t: Tracking, startTime: string | undefined): void {
    const plain =
      t.counted === undefined &&
      t.failed === 0 &&
      t.succeeded === 0 &&
      t.failuresSinceSuccess === 0 &&
      t.retryTimer === undefined &&
      t.deadlineTimer === undefined &&
      t.attempts === (startTime ? 1 : 0);
    if (!plain) this.tracking.set(job.metadata.uid!, t);
  }

  private log(type: string, job: Job, extra: { message?: string; data?: Record<string, unknown> } = {}): void {
    this.ctx.log.appendAbout(this.ctx.now(), type, 'Job', job.metadata.namespace, job.metadata.name, extra.message, extra.data);
  }

  /**
   * Syncs the Job. Returns whether a sync right after, with nothing changed in between, would
   * find nothing to do: true but for a deadline no timer watches (a Job started by someone else, or
   * suspended), which a later sync could find passed.
   */
  private sync(namespace: string | undefined, name: string): boolean {
    let job = this.ctx.store.get<Job>('Job', namespace, name);
    if (!job || job.metadata.deletionTimestamp || finishing(job)) return true;
    const kept = this.tracking.get(job.metadata.uid!);
    const t = kept ?? untracked(job.status?.startTime ? 1 : 0);
    const nowMs = this.ctx.now();
    const now = this.ctx.nowText();
    // The Job's pods are the pods it owns (the owner index, not a scan by label).
    const pods = this.ctx.store.owned<Pod>('Pod', namespace, job.metadata.uid!);

    const suspended = job.spec.suspend === true;
    const wasSuspended = job.status?.conditions?.some((c) => c.type === 'Suspended' && c.status === 'True') === true;
    let startTime: string | undefined;
    if (suspended && !wasSuspended) {
      // The Suspended condition; activeDeadlineSeconds does not run while suspended.
      t.deadlineTimer?.();
      t.deadlineTimer = undefined;
      job = this.setSuspended(job, true);
    } else if (!suspended && (wasSuspended || !job.status?.startTime)) {
      // Started, or resumed: a resumed Job's startTime is reset (its deadline counts from now).
      startTime = now;
      if (wasSuspended) job = this.setSuspended(job, false);
      const ads = job.spec.activeDeadlineSeconds;
      t.deadlineTimer?.();
      if (ads !== undefined) t.deadlineTimer = this.ctx.after(ads * 1000, () => this.enqueue(namespace, name));
    }

    // Count pods that reached a terminal phase since the last sync.
    let failJob: { reason: string; message: string } | undefined;
    for (const pod of pods) {
      if (!isTerminal(pod) || !countOnce(t, pod.metadata.name)) continue;
      if (pod.status!.phase === 'Succeeded') {
        t.succeeded++;
        t.failuresSinceSuccess = 0;
        continue;
      }
      const match = matchFailurePolicy(job.spec.podFailurePolicy?.rules, pod);
      if (match?.rule.action === 'Ignore') {
        // Not counted against backoffLimit nor in status.failed, but the pod-failure backoff still
        // applies: Kubernetes' backoff record counts every failed pod finished after the last
        // success (getNewFinishedPods ignores the failure policy), so the replacement waits too.
        this.log('PodFailureIgnored', job, { data: { pod: pod.metadata.name, exitCode: match.exitCode, rule: match.index } });
        t.failuresSinceSuccess++;
        t.lastFailureAt = Math.max(t.lastFailureAt, podFinishedAt(pod) ?? nowMs);
        continue;
      }
      t.failed++;
      t.failuresSinceSuccess++;
      t.lastFailureAt = Math.max(t.lastFailureAt, podFinishedAt(pod) ?? nowMs);
      if (match?.rule.action === 'FailJob' && !failJob) {
        failJob = {
          reason: 'PodFailurePolicy',
          message: `Container ${match.container} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${match.exitCode} matching FailJob rule at index ${match.index}`,
        };
      }
    }

    const active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    const backoffLimit = job.spec.backoffLimit ?? 6;
    const startMs = parseTime(startTime ?? job.status?.startTime);
    if (!failJob && t.failed > backoffLimit) failJob = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    if (!failJob && job.spec.activeDeadlineSeconds !== undefined && startMs !== undefined && nowMs >= startMs + job.spec.activeDeadlineSeconds * 1000) {
      failJob = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
    }

    // One status write per sync: startTime goes with the counters or the final conditions.
    if (failJob) {
      this.finish(job, t, pods, active, 'Failed', failJob, startTime);
      return true;
    }
    if (t.succeeded >= (job.spec.completions ?? 1)) {
      this.finish(job, t, pods, active, 'Complete', { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }, startTime);
      return true;
    }

    let live = active;
    if (suspended) {
      for (const pod of active) this.deletePod(pod);
      live = [];
    } else if (active.length === 0 && !t.retryTimer) {
      const waitMs = t.failuresSinceSuccess > 0 ? t.lastFailureAt + this.backoffSeconds(t.failuresSinceSuccess) * 1000 - nowMs : 0;
      if (waitMs <= 0) {
        live = [this.createPod(job, t)];
      } else {
        t.retryTimer = this.ctx.after(waitMs, () => {
          t.retryTimer = undefined;
          this.enqueue(namespace, name);
        });
      }
    }
    this.writeCounters(job, t, live, startTime);
    if (kept === undefined) this.keep(job, t, startTime ?? job.status?.startTime);
    return job.spec.activeDeadlineSeconds === undefined || t.deadlineTimer !== undefined;
  }

  /** Kubernetes' Suspended condition: True/JobSuspended, then False/JobResumed. */
  private setSuspended(job: Job, suspended: boolean): Job {
    const now = this.ctx.nowText();
    const cond: Condition = suspended
      ? { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastTransitionTime: now, lastProbeTime: now }
      : { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: now, lastProbeTime: now };
    const conditions = [...(job.status?.conditions ?? []).filter((c) => c.type !== 'Suspended'), cond];
    this.ctx.recordEvent(job, 'Normal', suspended ? 'Suspended' : 'Resumed', suspended ? 'Job suspended' : 'Job resumed', 'job-controller');
    this.log(suspended ? 'JobSuspended' : 'JobResumed', job);
    return this.ctx.store.replace('Job', resourceWith(job, { status: jobStatus(job.status ?? {}, { conditions }) }));
  }

  /** `job`: the stored version (nothing else runs during a sync). */
  private writeCounters(current: Job, t: Tracking, live: Pod[], startTime: string | undefined): void {
    let ready = 0;
    for (const p of live) if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
    const s = current.status ?? {};
    if (startTime || s.active !== live.length || s.ready !== ready || s.failed !== t.failed || s.succeeded !== t.succeeded) {
      const status = jobStatus(s, { startTime: startTime ?? s.startTime, active: live.length, ready, failed: t.failed, succeeded: t.succeeded });
      this.ctx.store.replace('Job', resourceWith(current, { status }));
    }
  }

  /** Pods' annotations by content: pods of identical templates and attempt numbers share one object. */
  private annotationCache = new Map<string, Record<string, string>>();
  /** The same by template object: the Jobs of a batch share theirs, so most pods need no key built. */
  private annotationsByTemplate = new WeakMap<object, Record<string, string>[]>();

  private annotations(template: Record<string, string> | undefined, attempt: number): Record<string, string> {
    const byAttempt = template ? this.annotationsByTemplate.get(template) : undefined;
    const known = byAttempt?.[attempt];
    if (known) return known;
    const key = `${attempt}\u0000${template ? JSON.stringify(template) : ''}`;
    let out = this.annotationCache.get(key);
    if (!out) {
      if (this.annotationCache.size >= 1024) this.annotationCache.clear();
      this.annotationCache.set(key, (out = { ...template, [ATTEMPT_ANNOTATION]: String(attempt) }));
    }
    // Objects in the store are never mutated, so a template's content stays what it was keyed by.
    if (template && attempt < 64) {
      if (byAttempt) byAttempt[attempt] = out;
      else this.annotationsByTemplate.set(template, Object.assign([], { [attempt]: out }));
    }
    return out;
  }

  private createPod(job: Job, t: Tracking): Pod {
    const draw = () => flatConcat(job.metadata.name, '-', this.ctx.rng.string(5, POD_NAME_ALPHABET));
    let name = draw();
    const tpl = job.spec.template;
    const uid = job.metadata.uid!;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: job.metadata.namespace,
        // Filled in by the store; present from the start so pods share one metadata shape.
        uid: undefined,
        resourceVersion: undefined,
        generation: undefined,
        creationTimestamp: undefined,
        labels: copyWith(tpl.metadata?.labels, {
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': job.metadata.name,
          'controller-uid': uid,
          'job-name': job.metadata.name,
        }),
        // Pods of one template and attempt number share their annotations object (it is never mutated).
        annotations: this.annotations(tpl.metadata?.annotations, t.attempts),
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid, controller: true, blockOwnerDeletion: true }],
      },
      // The template's spec as is when it says restartPolicy (objects in the store are never mutated).
      spec: tpl.spec.restartPolicy ? tpl.spec : copyWith(tpl.spec, { restartPolicy: 'Never' }),
      status: { phase: 'Pending' },
    };
    t.attempts++;
    // Its ADDED event would queue this Job again for a sync that finds nothing new (the informer
    // event Kubernetes' expectations account for): skipped while the pod is being created.
    this.creating = pod;
    let created: Pod;
    try {
      for (let retry = 0; ; retry++) {
        try {
          created = this.ctx.store.create('Pod', pod, { owned: true });
          break;
        } catch (err) {
          // A name already taken (likely after a few thousand attempts of one Job) is drawn again,
          // up to 8 times, as the API server retries a generateName that collides. Asking the store
          // first cost a lookup of every new name in the table of every pod.
          if (retry >= 8 || !(err instanceof ClusterError && err.code === 409)) throw err;
          pod.metadata.name = name = draw();
        }
      }
    } finally {
      this.creating = undefined;
    }
    this.ctx.recordEvent(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, 'job-controller');
    this.log('PodCreated', job, { data: { pod: name, attempt: t.attempts - 1 } });
    return created;
  }

  private deletePod(pod: Pod): void {
    if (this.ctx.store.get('Pod', pod.metadata.namespace, pod.metadata.name)) this.ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name);
  }

  private finish(job: Job, t: Tracking, pods: Pod[], active: Pod[], type: 'Complete' | 'Failed', why: { reason: string; message: string }, startTime?: string): void {
    const now = this.ctx.nowText();
    for (const pod of active) this.deletePod(pod);
    t.retryTimer?.();
    t.deadlineTimer?.();
    const pre: Condition =
      type === 'Complete'
        ? { type: 'SuccessCriteriaMet', status: 'True', reason: why.reason, message: why.message, lastTransitionTime: now, lastProbeTime: now }
        : { type: 'FailureTarget', status: 'True', reason: why.reason, message: why.message, lastTransitionTime: now, lastProbeTime: now };
    // A finished Job is never synced again: drop its tracking (memory at 100,000 Jobs).
    this.tracking.delete(job.metadata.uid!);
    if (this.twoStepFinish) {
      // As Kubernetes: SuccessCriteriaMet/FailureTarget (with the counts) first, the final
      // condition once the pods' tracking finalizers are removed, a sync's work later.
      const marked = this.ctx.store.replace('Job', resourceWith(job, {
        status: jobStatus(job.status ?? {}, {
          startTime: startTime ?? job.status?.startTime,
          active: 0,
          ready: 0,
          failed: t.failed,
          succeeded: t.succeeded,
          // Jobs marked in the same second with the same reason share their conditions.
          conditions: job.status?.conditions?.length
            ? [...job.status.conditions, pre]
            : this.ctx.sharedBy('finishing', [pre.type, why.reason, why.message], () => [pre]),
        }),
      }));
      const { namespace, name, uid } = marked.metadata;
      this.ctx.after(this.ctx.latency.ms('jobSync'), () => {
        const still = this.ctx.store.get<Job>('Job', namespace, name);
        if (!still || still.metadata.uid !== uid || finished(still)) return;
        const counted = { failed: still.status?.failed ?? 0, succeeded: still.status?.succeeded ?? 0 };
        this.complete(still, this.ctx.store.owned<Pod>('Pod', namespace, uid!), type, why, undefined, counted);
      });
      return;
    }
    this.complete(job, pods, type, why, startTime, { failed: t.failed, succeeded: t.succeeded }, pre);
  }

  /** Writes the final condition (with `pre` when both go in one write) and lets the Job go. */
  private complete(job: Job, pods: Pod[], type: 'Complete' | 'Failed', why: { reason: string; message: string }, startTime: string | undefined, counted: { failed: number; succeeded: number }, pre?: Condition): void {
    const now = this.ctx.nowText();
    const cond: Condition = { type, status: 'True', reason: why.reason, message: why.message, lastTransitionTime: now, lastProbeTime: now };
    const current = job;
    const before = current.status?.conditions;
    const done = this.ctx.store.replace('Job', resourceWith(current, {
      status: jobStatus(current.status ?? {}, {
        startTime: startTime ?? current.status?.startTime,
        active: 0,
        ready: 0,
        failed: counted.failed,
        succeeded: counted.succeeded,
        completionTime: type === 'Complete' ? now : current.status?.completionTime,
        conditions: !pre
          ? before
            ? this.ctx.sharedFrom('finishedAfter', before, () => [...before, cond])
            : [cond]
          : before?.length
            ? [...before, pre, cond]
            : this.ctx.sharedBy('finished', [type, why.reason, why.message], () => [pre, cond]),
      }),
    }));
    // Nothing writes a finished Job or its finished pods again until they are deleted, and it is
    // never synced again.
    this.unqueue(done.metadata.namespace, done.metadata.name);
    for (const pod of pods) if (isTerminal(pod)) this.ctx.store.settle('Pod', pod);
    this.ctx.store.settle('Job', done);
    if (type === 'Complete') this.ctx.recordEvent(done, 'Normal', 'Completed', 'Job completed', 'job-controller');
    else this.ctx.recordEvent(done, 'Warning', why.reason, why.message, 'job-controller');
    this.log(type === 'Complete' ? 'JobComplete' : 'JobFailed', done, { message: why.message, data: { reason: why.reason, failed: counted.failed, succeeded: counted.succeeded } });
    const ttl = done.spec.ttlSecondsAfterFinished;
    if (ttl !== undefined) this.ttls.add(this.ctx.now() + ttl * 1000, { namespace: done.metadata.namespace, name: done.metadata.name, uid: done.metadata.uid! });
  }
}
