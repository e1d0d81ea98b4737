// Compatibility profiles: where the public documentation and the reference implementation disagree,
// the profile decides (see COMPATIBILITY.md). Every difference is a field here, so code never
// branches on the profile's name.

export type ProfileName = 'documented' | 'radix';

export interface Profile {
  name: ProfileName;
  /** An empty list is `[]` (documented) or `null` (radix). */
  emptyListAsNull: boolean;
  /** GET /jobs lists only single jobs (documented) or jobs of batches too (radix). */
  listBatchJobsInJobs: boolean;
  /** Jobs of a batch carry `batchName` in API responses. */
  batchNameOnBatchJobs: boolean;
  /** Batch status: Waiting/Running/Succeeded/Failed/Stopped (documented) or the condition Waiting/Active/Completed (radix). */
  batchStatusModel: 'documented' | 'condition';
  /** The batch-job stop route takes the full job name too (documented) or only the short one (radix). */
  batchJobStopAcceptsFullName: boolean;
  /** HTTP status for an undecodable body. */
  malformedBodyStatus: 400 | 422;
  /** radix: request body keys match case-insensitively (Go encoding/json). */
  caseInsensitiveKeys: boolean;
  /** radix: an undecodable body (bad JSON or a wrong type) gives only "payload is invalid" / "BatchScheduleDescription is invalid". */
  terseDecodeErrors: boolean;
  /** A job missing from an existing batch: 404 (documented) or 500 "not found" (radix). */
  missingBatchJobStatus: 404 | 500;
  /** "successfully stopped" (documented) or "was successfully stopped" (radix). */
  stopWording: 'documented' | 'radix';
  /** Name format: `batch-<component>-<ts>-<8>` (documented) or component padded to 16 (radix). */
  namePadding: boolean;
  /** Unset timestamps are "" (documented) or null with a `DeploymentName` key (radix). */
  unsetTime: '' | null;
  deploymentNameKey: boolean;
  /** Resource quantities validated at create (documented, 422) or accepted (radix; job stays Waiting). */
  validateQuantities: boolean;
  /** Pod `created` is the pod's creation time (documented) or the batch's (radix). */
  podCreatedFromBatch: boolean;
  /** radix: every pod failed overrides the job status to Failed, even between retries. */
  allPodsFailedMeansFailed: boolean;
  /** radix: podIndex is omitted when 0 and pods are ordered by name; documented: always, chronological. */
  podIndexOmitZero: boolean;
  /** `batchName` on BatchStatus as well as `name` (the docs tell clients to read it from the create response). */
  batchNameOnBatch: boolean;
  /** Maximum jobs in one batch. */
  maxBatchSize: number;
  /**
   * Cron `Forbid`/`Replace`: an earlier tick's job counts as still running while its batch is
   * `Active` only (radix: a job still `Waiting`, e.g. unschedulable, is not seen), or until it completes.
   */
  cronConcurrencySeesWaiting: boolean;
}

export const PROFILES: Record<ProfileName, Profile> = {
  documented: {
    name: 'documented',
    emptyListAsNull: false,
    listBatchJobsInJobs: false,
    batchNameOnBatchJobs: true,
    batchStatusModel: 'documented',
    batchJobStopAcceptsFullName: true,
    malformedBodyStatus: 400,
    caseInsensitiveKeys: false,
    terseDecodeErrors: false,
    missingBatchJobStatus: 404,
    stopWording: 'documented',
    namePadding: false,
    unsetTime: '',
    deploymentNameKey: false,
    validateQuantities: true,
    podCreatedFromBatch: false,
    allPodsFailedMeansFailed: false,
    podIndexOmitZero: false,
    batchNameOnBatch: true,
    maxBatchSize: 10_000,
    cronConcurrencySeesWaiting: true,
  },
  radix: {
    name: 'radix',
    emptyListAsNull: true,
    listBatchJobsInJobs: true,
    batchNameOnBatchJobs: false,
    batchStatusModel: 'condition',
    batchJobStopAcceptsFullName: false,
    malformedBodyStatus: 422,
    caseInsensitiveKeys: true,
    terseDecodeErrors: true,
    missingBatchJobStatus: 500,
    stopWording: 'radix',
    namePadding: true,
    unsetTime: null,
    deploymentNameKey: true,
    validateQuantities: false,
    podCreatedFromBatch: true,
    allPodsFailedMeansFailed: true,
    podIndexOmitZero: true,
    batchNameOnBatch: false,
    maxBatchSize: 500,
    cronConcurrencySeesWaiting: false,
  },
};

export function profileByName(name: string): Profile {
  const p = PROFILES[name as ProfileName];
  if (!p) throw new Error(`unknown compatibility profile "${name}" (expected documented or radix)`);
  return p;
}
