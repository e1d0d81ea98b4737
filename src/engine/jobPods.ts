// The engine's cache of Kubernetes Jobs and pods, arranged for the reconciler's hot path: a job's
// Job and pods are one record, found with one lookup, and a pod's record (which also holds the
// note of its latest Event) with one more. At fan-out every watch event and every job reconcile
// goes through here; lookups in maps of 100,000 names were most of the engine's time.
import type { Job, Pod } from '../cluster/types.js';
import type { WatchEventType } from '../cluster/port.js';
import { admits } from './resourceVersion.js';
import { Tombstones } from './tombstones.js';
import { BoundedMemo } from '../common/boundedMemo.js';

/** A Kubernetes Job (once seen) and the pods labelled with its name. */
interface JobRecord {
  job: Job | undefined;
  /** one pod (the usual case) or several */
  pods: PodRecord | PodRecord[] | undefined;
}

interface PodRecord {
  pod: Pod;
  /** the record of the Job named by the pod's job-name label (none without one) */
  owner: JobRecord | undefined;
  ownerName: string | undefined;
  /** The message and time of the latest Event about the pod (not the Event: kept per pod). */
  message: string | undefined;
  at: string | undefined;
}

export class JobsAndPods {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly pods = new Map<string, PodRecord>();
  /** Tombstones (name -> uid) so a late watch event cannot resurrect an object that was deleted. */
  private readonly deletedJobs: Tombstones;
  private readonly deletedPods: Tombstones;
  /** Equal strings kept by many entries (timestamps, messages) share one copy. */
  private readonly strings = new BoundedMemo<string, string>(4096, (text) => text);
  /**
   * Jobs whose status is final (see finished), name -> the Job's uid: later events of that Job and
   * of its pods are not cached (a Job's own completion often arrives after its pod's, which already
   * made the status final: half of a 20,000-job batch's Jobs were kept whole until their TTL).
   * Late events come within seconds: finished Jobs are remembered as tombstones are (tombstones.ts).
   */
  private readonly finishedJobs: Tombstones;
  /** The latest Event notes of the pods of finished jobs whose status has no message of its own. */
  private readonly notes = new Map<string, { message: string | undefined; at: string | undefined }>();

  /** @param now the engine's clock, which ages the tombstones (tombstones.ts) */
  constructor(now?: () => number) {
    this.deletedJobs = Tombstones.of(now);
    this.deletedPods = Tombstones.of(now);
    this.finishedJobs = Tombstones.of(now);
  }

  /** Applies a Job watch event (or the engine's own write); true when the cache changed. */
  applyJob(type: WatchEventType, obj: Job): boolean {
    const name = obj.metadata.name;
    let rec = this.jobs.get(name);
    const current = rec?.job;
    if (type === 'DELETED') {
      if (this.finishedJobs.holds(name, obj.metadata.uid)) this.finishedJobs.lift(name);
      if (current && current.metadata.uid !== obj.metadata.uid && obj.metadata.uid) return false;
      if (rec) {
        rec.job = undefined;
        if (rec.pods === undefined) this.jobs.delete(name);
      }
      this.deletedJobs.bury(name, obj.metadata.uid);
      return current !== undefined;
    }
    if (this.finishedJobs.holds(name, obj.metadata.uid)) return false;
    if (!admits(current, obj, this.deletedJobs)) return false;
    if (rec) rec.job = obj;
    else this.jobs.set(name, (rec = { job: obj, pods: undefined }));
    return true;
  }

  /** Applies a Pod watch event; true when the cache changed. */
  applyPod(type: WatchEventType, pod: Pod): boolean {
    const name = pod.metadata.name;
    const rec = this.pods.get(name);
    const current = rec?.pod;
    if (type === 'DELETED') {
      // As before: the pod's Event note goes with any DELETED event for its name.
      if (rec) rec.message = rec.at = undefined;
      if (this.notes.size > 0) this.notes.delete(name);
      if (current && current.metadata.uid !== pod.metadata.uid && pod.metadata.uid) return false;
      if (rec) {
        this.pods.delete(name);
        this.detach(rec);
      }
      this.deletedPods.bury(name, pod.metadata.uid);
      return current !== undefined;
    }
    const jobName = pod.metadata.labels?.['job-name'];
    if (jobName !== undefined && this.finishedJobs.holds(jobName, pod.metadata.ownerReferences?.[0]?.uid)) return false;
    if (!admits(current, pod, this.deletedPods)) return false;
    if (rec) {
      rec.pod = pod;
      if (rec.ownerName !== jobName) {
        this.detach(rec);
        this.attach(rec, jobName);
      }
    } else {
      const added: PodRecord = { pod, owner: undefined, ownerName: undefined, message: undefined, at: undefined };
      this.pods.set(name, added);
      this.attach(added, jobName);
    }
    return true;
  }

  /** Notes an Event about a pod, if the pod is cached and the Event is not older than the note. */
  notePodEvent(podName: string, message: string, at: string): void {
    const rec = this.pods.get(podName) ?? (this.notes.size > 0 ? this.notes.get(podName) : undefined);
    if (rec === undefined) return;
    // Kept as they come while the job runs (several Events per pod, only the last matters).
    if (rec.at === undefined || rec.at <= at) {
      rec.message = message;
      rec.at = at;
    }
  }

  job(name: string): Job | undefined {
    return this.jobs.get(name)?.job;
  }

  /** The Job named `name` and, into `pods` (emptied first), its pods in the order they came. */
  jobAndPods(name: string, pods: Pod[]): Job | undefined {
    pods.length = 0;
    const rec = this.jobs.get(name);
    if (rec === undefined) return undefined;
    const p = rec.pods;
    if (p !== undefined) {
      if (Array.isArray(p)) for (const r of p) pods.push(r.pod);
      else pods.push(p.pod);
    }
    return rec.job;
  }

  latestEventMessageOf(podName: string): string | undefined {
    return (this.pods.get(podName) ?? (this.notes.size > 0 ? this.notes.get(podName) : undefined))?.message;
  }

  /**
   * A job's status is final (see ClusterCache.finished): its Job and pods go, and later events of
   * them are not cached; without `messageKept` the pods' notes stay (their strings shared) until
   * the pods are deleted.
   */
  finished(jobName: string, messageKept: boolean): void {
    const rec = this.jobs.get(jobName);
    if (rec === undefined) return;
    const p = rec.pods;
    const list = p === undefined ? [] : Array.isArray(p) ? p : [p];
    for (const r of list) {
      const name = r.pod.metadata.name;
      this.pods.delete(name);
      if (!messageKept) this.notes.set(name, { message: r.message === undefined ? undefined : this.strings.get(r.message), at: r.at === undefined ? undefined : this.strings.get(r.at) });
    }
    this.jobs.delete(jobName);
    const uid = rec.job?.metadata.uid;
    if (uid !== undefined) this.finishedJobs.bury(jobName, uid);
  }

  private attach(rec: PodRecord, jobName: string | undefined): void {
    rec.ownerName = jobName;
    if (jobName === undefined || jobName === '') {
      rec.owner = undefined;
      return;
    }
    let owner = this.jobs.get(jobName);
    if (!owner) this.jobs.set(jobName, (owner = { job: undefined, pods: undefined }));
    rec.owner = owner;
    const p = owner.pods;
    if (p === undefined) owner.pods = rec;
    else if (Array.isArray(p)) p.push(rec);
    else owner.pods = [p, rec];
  }

  private detach(rec: PodRecord): void {
    const owner = rec.owner;
    if (!owner) return;
    rec.owner = undefined;
    const p = owner.pods;
    if (p === rec) owner.pods = undefined;
    else if (Array.isArray(p)) {
      const rest = p.filter((r) => r !== rec);
      owner.pods = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : rest;
    }
    if (owner.pods === undefined && owner.job === undefined && rec.ownerName !== undefined && this.jobs.get(rec.ownerName) === owner) this.jobs.delete(rec.ownerName);
  }
}
