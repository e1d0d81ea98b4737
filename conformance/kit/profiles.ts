// What each compatibility profile expects where the public documentation and the reference
// implementation (Radix job-scheduler v1.126.1) disagree. The kit's own table: it judges any server,
// so it does not import jobsim's engine.

export type ProfileName = 'documented' | 'radix';
export const TERMINAL_JOB = ['Succeeded', 'Failed', 'Stopped'] as const;

export interface ProfileExpectations {
  name: ProfileName;
  /** Value of an unset `started`/`ended`. */
  unsetTime: '' | null;
  /** Body of an empty list. */
  emptyList: '[]' | 'null';
  malformedJsonStatus: 400 | 422;
  missingBatchJobStatus: 404 | 500;
  batchNameOnBatchJobs: boolean;
  listBatchJobsInJobs: boolean;
  /** Job statuses of the batch-level `status` when no batchStatusRules are configured. */
  batchTerminalStatuses: readonly string[];
  /** The stop success message for job `name`. */
  stopMessage(name: string): RegExp;
  /**
   * Allowed batch statuses given its jobs' API statuses (no batchStatusRules configured): exact when all
   * jobs ended, otherwise any non-final value.
   */
  batchStatusFor(jobStatuses: string[]): string[];
  /** Whether a sampled job status may follow another (`retriesLeft`: the job may still start a new pod). */
  transitionAllowed(prev: string, next: string, retriesLeft: boolean): boolean;
  /** Whether `ended` may be unset while the status is `status` (radix reports Failed between retries). */
  endedMayBeUnset(status: string, retriesLeft: boolean): boolean;
}

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
    emptyList: '[]',
    malformedJsonStatus: 400,
    missingBatchJobStatus: 404,
    batchNameOnBatchJobs: true,
    listBatchJobsInJobs: false,
    batchTerminalStatuses: ['Succeeded', 'Failed', 'Stopped'],
    stopMessage: (name) => new RegExp(`^job ${escape(name)} successfully stopped$`),
    batchStatusFor(jobs) {
      if (jobs.length > 0 && jobs.every(isTerminal)) {
        if (jobs.includes('Failed')) return ['Failed'];
        if (jobs.includes('Stopped')) return ['Stopped'];
        return ['Succeeded'];
      }
      return ['Waiting', 'Running', 'Stopping'];
    },
    transitionAllowed: (prev, next) => baseTransition(prev, next),
    endedMayBeUnset: () => false,
  },
  radix: {
    name: 'radix',
    unsetTime: null,
    emptyList: 'null',
    malformedJsonStatus: 422,
    missingBatchJobStatus: 500,
    batchNameOnBatchJobs: false,
    listBatchJobsInJobs: true,
    batchTerminalStatuses: ['Completed'],
    stopMessage: (name) => new RegExp(`^job ${escape(name)} was successfully stopped$`),
    batchStatusFor(jobs) {
      if (jobs.length > 0 && jobs.every(isTerminal)) return ['Completed'];
      return ['Waiting', 'Active'];
    },
    transitionAllowed(prev, next, retriesLeft) {
      // The reference reports Failed once every pod so far failed, also between an attempt and the next pod,
      // and over Stopped; so with retries left, Failed is not final.
      if (prev === 'Failed' && retriesLeft) return next !== 'Waiting';
      if (prev === 'Stopping' && next === 'Failed') return true;
      return baseTransition(prev, next);
    },
    endedMayBeUnset: (status, retriesLeft) => status === 'Failed' && retriesLeft,
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
