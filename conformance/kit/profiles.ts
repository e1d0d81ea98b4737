// What each compatibility profile expects where the public documentation and the reference
// implementation (Radix job-scheduler v1.126.1) disagree. The kit's own table: it judges any server,
// so it does not import jobsim's engine.
//
// One check judges each difference: the `profile.*` checks read these fields. Every other check accepts
// what either profile allows (see `anyProfile` below), so `--profile documented` against a server that
// behaves like the reference fails exactly the profile checks that name the differences.

export type ProfileName = 'documented' | 'radix';
export const TERMINAL_JOB = ['Succeeded', 'Failed', 'Stopped'] as const;

export interface ProfileExpectations {
  name: ProfileName;
  /** Value of an unset `started`/`ended`. */
  unsetTime: '' | null;
  /** Job and batch statuses carry a capitalized `DeploymentName` key. */
  deploymentNameKey: boolean;
  /** Body of an empty list. */
  emptyList: '[]' | 'null';
  malformedJsonStatus: 400 | 422;
  missingBatchJobStatus: 404 | 500;
  batchNameOnBatchJobs: boolean;
  listBatchJobsInJobs: boolean;
  /** The stop success message for job `name`. */
  stopMessage(name: string): RegExp;
  /**
   * Allowed batch statuses given its jobs' API statuses when no batchStatusRules decide: exact when all
   * jobs ended, otherwise any non-final value.
   */
  batchStatusFor(jobStatuses: string[]): string[];
  /** Between a failed attempt and the next pod the job shows `Failed` with `ended` unset (the reference). */
  failedBetweenRetries: boolean;
  /**
   * The answer to a name the server cannot look up (a job name without a batch part, a name the
   * Kubernetes client refuses): 404 with the error shape, or the reference's 500 with its message.
   */
  nameError: { status: 404 } | { status: 500; message: RegExp };
}

/**
 * The reference's own 500 answers for names (it validates job names by splitting them, and client-go
 * refuses names holding `%` or `/`, `.`, `..` and the empty name before any request is sent, as for the
 * batch part of `-abc`). Only `profile.name-errors` judges them.
 */
export const REFERENCE_NAME_500 = /is not a valid job name|^invalid resource name .*: \[may not |^resource name may not be empty$|^not found$/;
/** The reference's other 500s for client input (reference wording), judged by no profile check yet. */
export const REFERENCE_OTHER_500 = /stop of this job is not supported|missing an expected payload path/;

const RANK: Record<string, number> = { Waiting: 0, Active: 1, Running: 1, Stopping: 2, Succeeded: 3, Failed: 3, Stopped: 3 };

function baseTransition(prev: string, next: string): boolean {
  if (prev === next) return true;
  const a = RANK[prev];
  const b = RANK[next];
  if (a === undefined || b === undefined) return false;
  if (a === 3) return false; // terminal states are final
  if (prev === 'Stopping') return next === 'Stopped';
  return b >= a; // forward, or Active <-> Running
}

const isTerminal = (s: string) => (TERMINAL_JOB as readonly string[]).includes(s);

export const PROFILES: Record<ProfileName, ProfileExpectations> = {
  documented: {
    name: 'documented',
    unsetTime: '',
    deploymentNameKey: false,
    emptyList: '[]',
    malformedJsonStatus: 400,
    missingBatchJobStatus: 404,
    batchNameOnBatchJobs: true,
    listBatchJobsInJobs: false,
    stopMessage: (name) => new RegExp(`^job ${escape(name)} successfully stopped$`),
    batchStatusFor(jobs) {
      if (jobs.length > 0 && jobs.every(isTerminal)) {
        if (jobs.includes('Failed')) return ['Failed'];
        if (jobs.includes('Stopped')) return ['Stopped'];
        return ['Succeeded'];
      }
      return ['Waiting', 'Running', 'Stopping'];
    },
    failedBetweenRetries: false,
    nameError: { status: 404 },
  },
  radix: {
    name: 'radix',
    unsetTime: null,
    deploymentNameKey: true,
    emptyList: 'null',
    malformedJsonStatus: 422,
    missingBatchJobStatus: 500,
    batchNameOnBatchJobs: false,
    listBatchJobsInJobs: true,
    stopMessage: (name) => new RegExp(`^job ${escape(name)} was successfully stopped$`),
    batchStatusFor(jobs) {
      if (jobs.length > 0 && jobs.every(isTerminal)) return ['Completed'];
      return ['Waiting', 'Active'];
    },
    failedBetweenRetries: true,
    nameError: { status: 500, message: REFERENCE_NAME_500 },
  },
};

/**
 * What checks other than `profile.*` accept: anything either profile allows. Each difference is judged
 * once, by the profile check that names it.
 */
export const anyProfile = {
  /**
   * Whether a sampled job status may follow another (`retriesLeft`: the job may still start a pod). The
   * reference shows `Failed` while every pod so far failed: between attempts (then a new pod makes it
   * Active/Running again) and for a stopped job whose pod was killed (Stopping -> Failed). Judged by
   * profile.failed-between-retries.
   */
  transitionAllowed(prev: string, next: string, retriesLeft: boolean): boolean {
    if (prev === 'Failed' && retriesLeft) return next !== 'Waiting';
    if (prev === 'Stopping' && next === 'Failed') return true;
    return baseTransition(prev, next);
  },
  /** Batch statuses either profile allows when no batchStatusRules decide (judged by profile.batch-status). */
  batchStatusFor(jobs: string[]): string[] {
    return [...new Set([...PROFILES.documented.batchStatusFor(jobs), ...PROFILES.radix.batchStatusFor(jobs)])];
  },
  /** Either profile's stop message (judged by profile.stop-message). */
  stopMessage(name: string): RegExp {
    return new RegExp(`(${PROFILES.documented.stopMessage(name).source})|(${PROFILES.radix.stopMessage(name).source})`);
  },
  /** A 500 that is one of the reference's own answers for client input (names: judged by profile.name-errors). */
  referenceServerError(message: unknown): boolean {
    return REFERENCE_NAME_500.test(String(message)) || REFERENCE_OTHER_500.test(String(message));
  },
};

export function profileExpectations(name: string): ProfileExpectations {
  const p = PROFILES[name as ProfileName];
  if (!p) throw new Error(`unknown profile "${name}" (expected documented or radix)`);
  return p;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
