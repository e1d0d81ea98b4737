// One job as a row of the dashboard's job list (and of the watch stream's job changes): its status
// and the outcome of its latest attempt, without the full pod list.
import type { JobManager } from '../engine/jobManager.js';
import type { RadixBatch } from '../cluster/radixBatch.js';
import type { BatchJob } from '../engine/views.js';
import type { JobRow } from './dashboardTypes.js';

export type { JobRow };

export function jobRow(manager: JobManager, head: RadixBatch, job: BatchJob): JobRow {
  const status = job.status;
  const pods = status?.podStatuses ?? [];
  const last = pods[pods.length - 1];
  const row: JobRow = {
    name: `${head.metadata.name}-${job.spec.name}`,
    status: manager.views.jobApiStatus(job.spec, status),
    created: status?.creationTime ?? null,
    started: status?.startTime ?? null,
    ended: status?.endTime ?? null,
    attempts: pods.length,
    failed: status?.failed ?? 0,
  };
  if (job.spec.jobId) row.jobId = job.spec.jobId;
  if (last && (last.phase === 'Succeeded' || last.phase === 'Failed')) row.exitCode = last.exitCode;
  if (last?.reason) row.reason = last.reason;
  const message = status?.message ?? last?.message;
  if (message) row.message = message;
  return row;
}
