// Compatibility profiles: where the public documentation and the reference implementation disagree,
// the profile decides (see COMPATIBILITY.md). Every difference is a field here, or a strategy object
// a field holds, so code never branches on the profile's name (test/engine/profileFields.test.ts
// fails if it does).
import type { PayloadSizeCheck } from './payloads.js';
import { DOCUMENTED_REPLIES, RADIX_REPLIES, type Replies } from './replies.js';

export type ProfileName = 'documented' | 'radix';

export interface Profile {
  /** For logs and reports only: never compare it (see above). */
  name: ProfileName;
  /** An empty list is `[]` (documented) or `null` (radix). */
  emptyListAsNull: boolean;
  /** GET /jobs lists only single jobs (documented) or jobs of batches too (radix). */
  listBatchJobsInJobs: boolean;
  /** GET /batches in creation order (documented) or name order (radix: Kubernetes list order). */
  listBatchesByName: boolean;
  /** Jobs of a batch carry `batchName` in API responses. */
  batchNameOnBatchJobs: boolean;
  /** Batch status: Waiting/Running/Succeeded/Failed/Stopped (documented) or the condition Waiting/Active/Completed (radix). */
  batchStatusModel: 'documented' | 'condition';
  /**
   * What batchStatusRules test: every job's status, Waiting for jobs not yet reconciled
   * (documented), or only the job statuses the batch has recorded (radix; an `All` rule holds for a
   * batch with none yet, so a new batch may show the rule's status).
   */
  statusRulesOver: 'every-job' | 'recorded-jobs';
  /** The job name in GET /batches/{B}/jobs/{J}: the full name (radix) or the full or short name (documented). */
  batchJobGetName: 'full' | 'full-or-short';
  /** The job name in POST /batches/{B}/jobs/{J}/stop: the short name (radix) or either (documented). */
  batchJobStopName: 'short' | 'full-or-short';
  /**
   * How a full job name splits into batch and job: at its last `-` with both parts non-empty
   * (documented), or as the reference's strings.Split does (radix: `a-` is batch `a`, job ``).
   */
  jobNameSplit: 'strict' | 'go';
  /**
   * radix: a batch name looked up by name that client-go refuses to send (empty, `.`, `..`, with `/`
   * or `%`) answers 500 with client-go's message, as the reference does.
   */
  clientNameCheck: boolean;
  /** GET/DELETE of a batch by name finds any batch of the namespace (radix) or only this component's (documented). */
  batchLookupAnyComponent: boolean;
  /** Stopping one job refuses on the batch's condition (Completed) before the job's own status (radix). */
  stopChecksBatchConditionFirst: boolean;
  /** A request body of only whitespace means no body (documented) or is undecodable (radix: Go's decoder reads any non-empty body). */
  blankBodyIsEmpty: boolean;
  /** HTTP status for an undecodable body. */
  malformedBodyStatus: 400 | 422;
  /** radix: request body keys match case-insensitively (Go encoding/json). */
  caseInsensitiveKeys: boolean;
  /** radix: a number with a fraction or an exponent (`10.0`, `1e3`) is not an integer, as Go decodes it (422). */
  integerLiteralsOnly: boolean;
  /** radix: an undecodable body (bad JSON or a wrong type) gives only "payload is invalid" / "BatchScheduleDescription is invalid". */
  terseDecodeErrors: boolean;
  /**
   * Where out-of-range values are refused: by the request schema (openapi.yaml) with a message
   * naming the field (documented), or as the reference's RadixBatch CRD refuses them, with the
   * apiserver's message naming the batch (radix; request bodies are then checked for types only).
   */
  rangeChecks: 'request-schema' | 'radix-batch-crd';
  /** A batch's job defaults merge as mergo does: a zero in the job does not override the default (radix). */
  zeroDoesNotOverride: boolean;
  /** Errors and messages of the operations. */
  replies: Replies;
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
  /**
   * Payloads refused as too large for a payload Secret: every one (documented, 413 listing them), or
   * as the reference checks, only one that does not fit the batch's first Secret while it is empty
   * (radix; a later one gets a Secret of its own, which the API server may refuse).
   */
  payloadSizeCheck: PayloadSizeCheck;
  /** Pod `created` is the pod's creation time (documented) or the batch's (radix). */
  podCreatedFromBatch: boolean;
  /** radix: every pod failed overrides the job status to Failed, even between retries. */
  allPodsFailedMeansFailed: boolean;
  /** radix: podIndex is omitted when 0 and pods are ordered by name; documented: always, chronological. */
  podIndexOmitZero: boolean;
  /** `batchName` on BatchStatus as well as `name` (the docs tell clients to read it from the create response). */
  batchNameOnBatch: boolean;
  /**
   * Routing of paths and methods that are not the API's: jobsim's JSON errors (404/405, trailing
   * slashes served) or the reference's HTTP router (gin: plain-text 404, redirects of trailing
   * slashes, repeated slashes and dot segments cleaned, unknown query parameters ignored).
   */
  routing: 'jobsim' | 'gin';
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
    listBatchesByName: false,
    batchNameOnBatchJobs: true,
    batchStatusModel: 'documented',
    statusRulesOver: 'every-job',
    batchJobGetName: 'full-or-short',
    batchJobStopName: 'full-or-short',
    jobNameSplit: 'strict',
    clientNameCheck: false,
    batchLookupAnyComponent: false,
    stopChecksBatchConditionFirst: false,
    blankBodyIsEmpty: true,
    malformedBodyStatus: 400,
    caseInsensitiveKeys: false,
    integerLiteralsOnly: false,
    terseDecodeErrors: false,
    rangeChecks: 'request-schema',
    zeroDoesNotOverride: false,
    replies: DOCUMENTED_REPLIES,
    namePadding: false,
    unsetTime: '',
    deploymentNameKey: false,
    refuseUnrunnable: true,
    refuseOversizedJobs: true,
    payloadSizeCheck: 'every',
    podCreatedFromBatch: false,
    allPodsFailedMeansFailed: false,
    podIndexOmitZero: false,
    batchNameOnBatch: true,
    routing: 'jobsim',
    maxBatchSize: 10_000,
    cronConcurrencySeesWaiting: true,
  },
  radix: {
    name: 'radix',
    emptyListAsNull: true,
    listBatchJobsInJobs: true,
    listBatchesByName: true,
    batchNameOnBatchJobs: false,
    batchStatusModel: 'condition',
    statusRulesOver: 'recorded-jobs',
    batchJobGetName: 'full',
    batchJobStopName: 'short',
    jobNameSplit: 'go',
    clientNameCheck: true,
    batchLookupAnyComponent: true,
    stopChecksBatchConditionFirst: true,
    blankBodyIsEmpty: false,
    malformedBodyStatus: 422,
    caseInsensitiveKeys: true,
    integerLiteralsOnly: true,
    terseDecodeErrors: true,
    rangeChecks: 'radix-batch-crd',
    zeroDoesNotOverride: true,
    replies: RADIX_REPLIES,
    namePadding: true,
    unsetTime: null,
    deploymentNameKey: true,
    refuseUnrunnable: false,
    refuseOversizedJobs: false,
    payloadSizeCheck: 'first-secret',
    podCreatedFromBatch: true,
    allPodsFailedMeansFailed: true,
    podIndexOmitZero: true,
    batchNameOnBatch: false,
    routing: 'gin',
    maxBatchSize: 500,
    cronConcurrencySeesWaiting: false,
  },
};

export function profileByName(name: string): Profile {
  const p = PROFILES[name as ProfileName];
  if (!p) throw new Error(`unknown compatibility profile "${name}" (expected documented or radix)`);
  return p;
}
