// A batch (or single job) at a glance: its API status and how many of its jobs are in each status.
// Shared by the dashboard's list, the watch stream and the metrics, so all three count alike.
import type { JobManager } from '../engine/jobManager.js';
import { batchType, type RadixBatch } from '../cluster/radixBatch.js';
import type { BatchSummary } from './dashboardTypes.js';

export type { BatchSummary };

/** Summary of one head object; one walk over its jobs. */
export function summarize(manager: JobManager, head: RadixBatch): BatchSummary {
  const views = manager.views;
  const jobs = views.jobsOf(head);
  const counts: Record<string, number> = {};
  for (const j of jobs) {
    const s = views.jobApiStatus(j.spec, j.status);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  const type = batchType(head) ?? 'batch';
  const condition = head.status?.condition;
  const summary: BatchSummary = {
    name: head.metadata.name,
    type,
    status: views.batchApiStatus(head, jobs),
    created: head.metadata.creationTimestamp ?? null,
    started: condition?.activeTime ?? null,
    ended: condition?.completionTime ?? null,
    total: jobs.length,
    counts,
  };
  if (head.spec.batchId && type === 'batch') summary.batchId = head.spec.batchId;
  if (type === 'job' && jobs[0]?.spec.jobId) summary.jobId = jobs[0].spec.jobId;
  return summary;
}

/** The heads (batches and single jobs) of this manager's job component, newest first. */
export function componentHeads(manager: JobManager): RadixBatch[] {
  const component = manager.component.name;
  return manager.cache
    .heads()
    .filter((h) => h.spec.radixDeploymentJobRef.job === component)
    .sort((a, b) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? 1 : (a.metadata.creationTimestamp ?? '') > (b.metadata.creationTimestamp ?? '') ? -1 : a.metadata.name < b.metadata.name ? 1 : -1));
}
