// What the Job Manager answers when an operation cannot be done (and the wording of its success
// messages), one implementation per profile: the documented profile names the job or batch the
// client asked for; the radix profile answers exactly as the reference does, including its
// 500s and the Kubernetes resource names in its messages.
import { ApiError, badRequest, internal, invalid, notFound } from './errors.js';

export interface Replies {
  /** GET /jobs/{F} where F is not `<batch>-<job>`. */
  unparsableJobOnGet(full: string): ApiError;
  /** DELETE /jobs/{F} where F is not `<batch>-<job>`. */
  unparsableJobOnDelete(full: string): ApiError;
  /** POST /jobs/{F}/stop where F is not `<batch>-<job>`. */
  unparsableJobOnStop(full: string): ApiError;
  /** A job's batch does not exist (or is not this component's). */
  batchOfJobNotFound(batch: string, full: string): ApiError;
  /** DELETE /jobs/{F} where the batch exists but has no such job. */
  singleJobNotFound(full: string): ApiError;
  /** GET of a job missing from an existing batch. */
  jobNotInBatch(full: string): ApiError;
  /** DELETE /jobs/{F} of a job of a batch. */
  notASingleJob(full: string, batch: string): ApiError;
  batchNotFound(name: string): ApiError;
  /** Stop of a job the batch does not have. */
  stopJobNotFound(batch: string, short: string): ApiError;
  /** POST /batches/{B}/jobs/{J}/stop where B-J is not `<batch>-<job>`. */
  unparsableBatchJobOnStop(batch: string, job: string): ApiError;
  /** POST /batches/{B}/jobs/{J}/stop where the batch does not exist. */
  batchOfBatchJobNotFound(asked: string, parsed: string): ApiError;
  /** Stop of one finished job of a single-job batch. */
  cannotStopSingleJob(batch: string, short: string, phase: string): ApiError;
  /** A payload where the component has no payload.path, by job index. */
  payloadWithoutPath(indexes: number[]): ApiError;
  /** Payloads too large for a Secret: job index, payload bytes, short job name. */
  payloadTooLarge(entries: { index: number; bytes: number; jobName: string }[], limit: number): ApiError;
  jobStopped(full: string): string;
  allJobsStopped(): string;
}

export const DOCUMENTED_REPLIES: Replies = {
  unparsableJobOnGet: (full) => notFound(`job ${full} not found`),
  unparsableJobOnDelete: (full) => notFound(`job ${full} not found`),
  unparsableJobOnStop: (full) => notFound(`job ${full} not found`),
  batchOfJobNotFound: (_batch, full) => notFound(`job ${full} not found`),
  singleJobNotFound: (full) => notFound(`job ${full} not found`),
  jobNotInBatch: (full) => notFound(`job ${full} not found`),
  notASingleJob: (full, batch) =>
    invalid(`job ${full} belongs to the batch ${batch}: only single jobs can be deleted with this method; delete or stop the batch instead`),
  batchNotFound: (name) => notFound(`batch ${name} not found`),
  stopJobNotFound: (batch, short) => notFound(`job ${batch}-${short} not found`),
  unparsableBatchJobOnStop: (batch, job) => notFound(`job ${job} not found in the batch ${batch}`),
  batchOfBatchJobNotFound: (asked) => notFound(`batch ${asked} not found`),
  cannotStopSingleJob: (batch, short, phase) => badRequest(`cannot stop the job ${batch}-${short} with the status ${phase}`),
  payloadWithoutPath: (indexes) =>
    invalid(indexes.map((i) => `missing an expected payload path, but there is a payload in the job #${i}`).join('\n')),
  payloadTooLarge: (entries, limit) =>
    new ApiError(413, entries.map((e) => `payload of job #${e.index} is ${e.bytes} bytes; the limit is ${limit} bytes`).join('\n')),
  jobStopped: (full) => `job ${full} successfully stopped`,
  allJobsStopped: () => 'all jobs successfully stopped',
};

/** The reference's answers, including where it says 500 for a client's mistake. */
export const RADIX_REPLIES: Replies = {
  unparsableJobOnGet: (full) => internal(`job ${full} is not a valid job name`),
  unparsableJobOnDelete: (full) => invalid(`${full} is invalid: is not a valid job name`),
  unparsableJobOnStop: () => internal('stop of this job is not supported'),
  batchOfJobNotFound: (batch) => notFound(`radixbatches ${batch} not found`),
  singleJobNotFound: (full) => notFound(`batch job ${full} not found`),
  jobNotInBatch: () => internal('not found'),
  notASingleJob: (full) => invalid(`${full} is invalid: not a single job`),
  batchNotFound: (name) => notFound(`radixbatches ${name} not found`),
  stopJobNotFound: (_batch, short) => notFound(`radixbatches.job ${short} not found`),
  unparsableBatchJobOnStop: (_batch, job) => notFound(`radixbatches.job ${job} not found`),
  batchOfBatchJobNotFound: (_asked, parsed) => notFound(`radixbatches ${parsed} not found`),
  cannotStopSingleJob: (batch, _short, phase) => badRequest(`cannot stop the job ${batch} with the status ${phase}`),
  payloadWithoutPath: (indexes) =>
    internal(indexes.map((i) => `missing an expected payload path, but there is a payload in the job #${i}`).join('\n')),
  // The reference stops at the first payload too large, and counts into its "base64 size" the
  // job's name and 128 bytes of a Secret entry's overhead.
  payloadTooLarge: ([first]) =>
    internal(
      `payload is too large in the job #${first!.index} - its base64 size is ${Math.ceil((first!.bytes * 4) / 3) + first!.jobName.length + 128} bytes, but it is expected to be less then 524288 bytes`,
    ),
  jobStopped: (full) => `job ${full} was successfully stopped`,
  allJobsStopped: () => 'all jobs where successfully stopped',
};
