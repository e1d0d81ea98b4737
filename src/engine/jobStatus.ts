// Kubernetes state -> the recorded status of one job of a batch (its phase, times and pod statuses),
// as the reference's batch controller records it.
import { copyWith } from '../common/shapes.js';
import type { Job, Pod } from '../cluster/types.js';
import { isTerminalPhase, type BatchJobStatus, type BatchPodStatus, type RadixBatchJob } from '../cluster/radixBatch.js';

function condition(job: Job, type: string) {
  const conditions = job.status?.conditions;
  if (conditions) for (const c of conditions) if (c.type === type && c.status === 'True') return c;
  return undefined;
}

export function podStatusOf(pod: Pod, podIndex: number, stopped: boolean): BatchPodStatus {
  // Built with only defined keys (no `delete`): a deleted key turns an object into a dictionary,
  // several times larger, and a finished batch keeps one of these per pod.
  const cs = pod.status?.containerStatuses?.[0];
  const t = cs?.state.terminated;
  const image = pod.spec.containers[0]?.image;
  if (
    t && !stopped && t.exitCode === 0 && t.reason === 'Completed' && t.message === undefined && t.startedAt !== undefined && t.finishedAt !== undefined &&
    pod.metadata.creationTimestamp && image !== undefined && cs.restartCount !== undefined && cs.imageID
  ) {
    // The common end state, as one literal with the same keys in the same order as below: its
    // properties live inside the object instead of a separate, larger backing store.
    return {
      name: pod.metadata.name,
      phase: 'Succeeded',
      exitCode: 0,
      podIndex,
      creationTime: pod.metadata.creationTimestamp,
      image,
      restartCount: cs.restartCount,
      imageID: cs.imageID,
      reason: t.reason,
      startTime: t.startedAt,
      endTime: t.finishedAt,
    };
  }
  const out: BatchPodStatus = { name: pod.metadata.name, phase: 'Pending', exitCode: 0, podIndex };
  if (pod.metadata.creationTimestamp) out.creationTime = pod.metadata.creationTimestamp;
  if (image !== undefined) out.image = image;
  if (cs) {
    if (cs.restartCount !== undefined) out.restartCount = cs.restartCount;
    if (cs.imageID) out.imageID = cs.imageID;
    const { running, waiting, terminated } = cs.state;
    if (running) {
      out.phase = 'Running';
      if (running.startedAt !== undefined) out.startTime = running.startedAt;
    } else if (terminated) {
      const ok = terminated.exitCode === 0 && (terminated.reason ?? '').toLowerCase() === 'completed';
      out.phase = ok ? 'Succeeded' : 'Failed';
      out.exitCode = terminated.exitCode;
      if (terminated.reason !== undefined) out.reason = terminated.reason;
      // As the reference: an OOM kill's message starts with "Out of memory.".
      const message = terminated.reason === 'OOMKilled' ? ['Out of memory.', terminated.message].filter(Boolean).join('\n') : terminated.message;
      if (message !== undefined) out.message = message;
      if (terminated.startedAt !== undefined) out.startTime = terminated.startedAt;
      if (terminated.finishedAt !== undefined) out.endTime = terminated.finishedAt;
    } else if (waiting) {
      out.phase = 'Pending';
      if (waiting.reason !== undefined) out.reason = waiting.reason;
      if (waiting.message !== undefined) out.message = waiting.message;
    }
  } else {
    // No container yet (e.g. unschedulable): the most recent pod condition explains why.
    const latest = [...(pod.status?.conditions ?? [])].sort((a, b) => (a.lastTransitionTime ?? '').localeCompare(b.lastTransitionTime ?? '')).pop();
    out.phase = (pod.status?.phase as BatchPodStatus['phase']) ?? 'Pending';
    if (latest?.reason) out.reason = latest.reason;
    if (latest?.message) out.message = latest.message;
  }
  if (stopped && (out.phase === 'Pending' || out.phase === 'Running')) out.phase = 'Stopped';
  return out;
}

/**
 * The status last built for a pod object, with its index and stop flag: a job that retries many
 * times has its every pod's status built again on each reconcile, and a finished pod's object (and
 * so its status) no longer changes.
 */
const builtFor = new WeakMap<Pod, { index: number; stopped: boolean; status: BatchPodStatus }>();

function cachedPodStatus(pod: Pod, index: number, stopped: boolean): BatchPodStatus {
  const built = builtFor.get(pod);
  if (built !== undefined && built.index === index && built.stopped === stopped) return built.status;
  const status = podStatusOf(pod, index, stopped);
  builtFor.set(pod, { index, stopped, status });
  return status;
}

/** Pod statuses in creation order (name order breaks ties), indexed from 0. */
export function podStatusesOf(pods: Pod[], stopped: boolean): BatchPodStatus[] {
  if (pods.length === 1) return [podStatusOf(pods[0]!, 0, stopped)];
  const sorted = [...pods].sort((a, b) => {
    // RFC 3339 times of one form: their order is the strings' order.
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ra = Number(a.metadata.resourceVersion ?? 0) - Number(b.metadata.resourceVersion ?? 0);
    return ra !== 0 ? ra : a.metadata.name.localeCompare(b.metadata.name);
  });
  return sorted.map((p, i) => cachedPodStatus(p, i, stopped));
}

/**
 * The next recorded status of a job. Terminal statuses are frozen. A stop request makes the job
 * Stopped once its Kubernetes Job is gone. `kubeJob` undefined means not created yet or deleted.
 * Returns `prev` itself when the next status would equal it (callers test identity).
 */
export function nextJobStatus(
  prev: BatchJobStatus | undefined,
  spec: RadixBatchJob,
  kubeJob: Job | undefined,
  pods: Pod[],
  now: string,
): BatchJobStatus {
  if (prev && isTerminalPhase(prev.phase)) return prev;
  if (spec.stop || !kubeJob) {
    const next = stoppedOrUncreated(prev, spec, kubeJob, pods, now);
    return prev !== undefined && sameJson(prev, next) ? prev : next;
  }
  return fromKubeJob(prev, spec.name, kubeJob, pods, now);
}

/** The rare paths (a stop request, or no Kubernetes Job): clarity over speed. */
function stoppedOrUncreated(prev: BatchJobStatus | undefined, spec: RadixBatchJob, kubeJob: Job | undefined, pods: Pod[], now: string): BatchJobStatus {
  const base: BatchJobStatus = prev ? { ...prev } : { name: spec.name, phase: 'Waiting' };
  if (spec.stop) {
    const podStatuses = pods.length > 0 ? podStatusesOf(pods, true) : prev?.podStatuses?.map((p) => (p.phase === 'Pending' || p.phase === 'Running' ? { ...p, phase: 'Stopped' as const } : p));
    if (kubeJob) return normalized({ ...base, ...(podStatuses?.length ? { podStatuses } : {}) });
    // A stopped job's status starts afresh, as the reference builds it: times and failures are
    // kept, the last reason and message are not.
    const { reason: _reason, message: _message, ...kept } = base;
    return withPhase(kept, 'Stopped', now, { endTime: now, ...(podStatuses?.length ? { podStatuses } : {}) });
  }
  return normalized(base);
}

/**
 * The usual path, run once per watch event that wakes a job (its Job's; on a cluster its pods' too): the fields are
 * worked out first and compared with `prev`, so an event that changes nothing recorded allocates
 * at most the pod's status, and a changed status is built once, in its final key order.
 */
function fromKubeJob(prev: BatchJobStatus | undefined, name: string, kubeJob: Job, pods: Pod[], now: string): BatchJobStatus {
  const st = kubeJob.status;
  // As before: a field the Job does not (yet) report keeps its recorded value.
  const creationTime = kubeJob.metadata.creationTimestamp || prev?.creationTime;
  const startTime = st?.startTime || prev?.startTime;
  const failed = st?.failed || undefined;
  let podStatuses = prev?.podStatuses;
  if (pods.length === 1) {
    // One pod (the usual case): reuse the recorded list when its only status is unchanged.
    const ps = podStatusOf(pods[0]!, 0, false);
    if (podStatuses?.length !== 1 || !samePodStatus(podStatuses[0]!, ps)) podStatuses = [ps];
  } else if (pods.length > 1) {
    const list = podStatusesOf(pods, false);
    if (!podStatuses || !samePodStatusList(podStatuses, list)) podStatuses = list;
  }
  const prevPhase = prev?.phase ?? 'Waiting';
  let phase = prevPhase;
  let reason = prev?.reason;
  let message = prev?.message;
  let endTime = prev?.endTime;
  let updated = prev?.updated;
  const complete = condition(kubeJob, 'Complete') ?? condition(kubeJob, 'SuccessCriteriaMet');
  const ended = complete ?? condition(kubeJob, 'Failed');
  const active = st?.active ?? 0;
  if (ended) {
    phase = complete ? 'Succeeded' : 'Failed';
    endTime = ended.lastTransitionTime ?? now;
    reason = ended.reason;
    message = ended.message;
  } else if (active > 0) {
    phase = (st?.ready ?? 0) > 0 ? 'Running' : 'Active';
  }
  if ((ended || active > 0) && (prevPhase !== phase || !updated)) updated = now;
  if (
    prev !== undefined &&
    prev.phase === phase &&
    prev.reason === reason &&
    prev.message === message &&
    prev.creationTime === creationTime &&
    prev.startTime === startTime &&
    prev.endTime === endTime &&
    prev.updated === updated &&
    prev.failed === failed &&
    prev.podStatuses === podStatuses
  ) {
    return prev;
  }
  if (
    reason !== undefined && message !== undefined && creationTime !== undefined && startTime !== undefined && endTime !== undefined &&
    updated !== undefined && failed === undefined && podStatuses !== undefined
  ) {
    // The usual end state as one literal (same keys, same order as `normalized`): its properties
    // live inside the object, with no separate backing store (kept for every finished job).
    return { name: prev?.name ?? name, phase, reason, message, creationTime, startTime, endTime, updated, podStatuses };
  }
  const out: BatchJobStatus = { name: prev?.name ?? name, phase };
  if (reason !== undefined) out.reason = reason;
  if (message !== undefined) out.message = message;
  if (creationTime !== undefined) out.creationTime = creationTime;
  if (startTime !== undefined) out.startTime = startTime;
  if (endTime !== undefined) out.endTime = endTime;
  if (updated !== undefined) out.updated = updated;
  if (failed !== undefined) out.failed = failed;
  if (podStatuses !== undefined) out.podStatuses = podStatuses;
  return out;
}

function withPhase(status: BatchJobStatus, phase: BatchJobStatus['phase'], now: string, extra: Partial<BatchJobStatus>): BatchJobStatus {
  // copyWith, not a spread: a key the status lacks gave the copy a hidden class of its own.
  const out = copyWith(status, extra);
  out.phase = phase;
  if (status.phase !== phase || !status.updated) out.updated = now;
  return normalized(out);
}

/**
 * The status with its defined keys in one fixed order, built by named stores from a literal. A
 * finished batch keeps one per job: built this way they share a hidden class (a spread copy gets
 * its own, ~500 B more per job), and no key is ever deleted (a deleted key makes a dictionary).
 */
function normalized(s: BatchJobStatus): BatchJobStatus {
  const out: BatchJobStatus = { name: s.name, phase: s.phase };
  if (s.reason !== undefined) out.reason = s.reason;
  if (s.message !== undefined) out.message = s.message;
  if (s.creationTime !== undefined) out.creationTime = s.creationTime;
  if (s.startTime !== undefined) out.startTime = s.startTime;
  if (s.endTime !== undefined) out.endTime = s.endTime;
  if (s.updated !== undefined) out.updated = s.updated;
  if (s.failed !== undefined) out.failed = s.failed;
  if (s.podStatuses !== undefined) out.podStatuses = s.podStatuses;
  return out;
}

/** Pod statuses are built with their keys in one order, so comparing the fields is JSON equality. */
function samePodStatus(a: BatchPodStatus, b: BatchPodStatus): boolean {
  return (
    a.name === b.name &&
    a.phase === b.phase &&
    a.exitCode === b.exitCode &&
    a.podIndex === b.podIndex &&
    a.creationTime === b.creationTime &&
    a.image === b.image &&
    a.restartCount === b.restartCount &&
    a.imageID === b.imageID &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.startTime === b.startTime &&
    a.endTime === b.endTime
  );
}

function samePodStatusList(a: BatchPodStatus[], b: BatchPodStatus[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!samePodStatus(a[i]!, b[i]!)) return false;
  return true;
}

/** JSON equality (same keys in the same order, same values) without serializing. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
