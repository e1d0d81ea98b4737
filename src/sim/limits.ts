// Bounds on every number that reaches the simulator (control API, scenario files, flags), and the
// end of its time. One place for each, so the HTTP contract, the scenario checks and the CLI agree.

/**
 * The last instant the virtual clock can reach: 9999-12-31T23:59:59.999Z, the end of what RFC 3339
 * (four-digit years) and Kubernetes' timestamps can write. Work due after it is never run: a
 * deadline or a run time beyond it simply never fires.
 */
export const END_OF_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Longest duration or offset a request, a scenario or a flag may give: 10 years, in seconds. */
export const MAX_SECONDS = 315_360_000;

/** The longest horizon of a `jobsim simulate` run. */
export const MAX_HORIZON_DAYS = 366;

/** Most jobs in a scenario's batch (`maxBatchSize`, a traffic entry's `jobs`). */
export const MAX_SCENARIO_BATCH = 1_000_000;

/** Most utilisation samples in a simulation's report (366 days at the default 600 s: 52,704). */
export const MAX_REPORT_SAMPLES = 100_000;

/** Most nodes in a simulated cluster: Kubernetes' documented scalability limit. */
export const MAX_NODES = 5000;

/** Most Kubernetes Event objects the simulator keeps (`maxEvents`); each costs a few hundred bytes. */
export const MAX_EVENTS = 1_000_000;

/** Largest count (fault `count`, node `pods`): the largest integer a JSON number holds exactly. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;


/** Whether `ms` is an instant the clock can reach (false for NaN). */
export function withinTime(ms: number): boolean {
  return ms <= END_OF_TIME_MS;
}

/** A duration in seconds within [0, MAX_SECONDS] (false for NaN and non-numbers). */
export function isBoundedSeconds(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= MAX_SECONDS;
}

/** The largest client-side rate a scenario may give the engine (`simulator.clientQps`): a million requests a second. */
export const MAX_CLIENT_QPS = 1_000_000;
