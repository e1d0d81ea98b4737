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
  /** radix: a number with a fraction or an exponent (`10.0`, `1e3`) is not an integer, as Go decodes it (422). */
  integerLiteralsOnly: boolean;
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
  /**
   * What Kubernetes refuses only when the Job is created (an invalid resource quantity, a
   * failurePolicy `In` with exit code 0, a time limit above its 2^31-1 s): refused at create
   * (documented, 422) or accepted, the job then staying Waiting (radix, as the reference).
   */
  refuseUnrunnable: boolean;
  /**
   * A job whose description (without its payload) cannot fit one Kubernetes object: refused at
   * create (documented, 413), or sent to the cluster, which refuses it (radix: the reference passes
   * the API server's error on as a 500).
   */
  refuseOversizedJobs: boolean;
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
    integerLiteralsOnly: false,
    terseDecodeErrors: false,
    missingBatchJobStatus: 404,
    stopWording: 'documented',
    namePadding: false,
    unsetTime: '',
    deploymentNameKey: false,
    refuseUnrunnable: true,
    refuseOversizedJobs: true,
    podCreatedFromBatch: false,
    allPodsFailedMeansFailed: false,
    podIndexOmitZero: false,
    batchNameOnBatch: true,
    maxBatchSize: 10_000,
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
    integerLiteralsOnly: true,
    terseDecodeErrors: true,
    missingBatchJobStatus: 500,
    stopWording: 'radix',
    namePadding: true,
    unsetTime: null,
    deploymentNameKey: true,
    refuseUnrunnable: false,
    refuseOversizedJobs: false,
    podCreatedFromBatch: true,
    allPodsFailedMeansFailed: true,
    podIndexOmitZero: true,
    batchNameOnBatch: false,
    maxBatchSize: 500,
  },
};

export function profileByName(name: string): Profile {
  const p = PROFILES[name as ProfileName];
  if (!p) throw new Error(`unknown compatibility profile "${name}" (expected documented or radix)`);
  return p;
}
