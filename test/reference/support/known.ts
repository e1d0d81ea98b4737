// The differences between the reference and jobsim's radix profile that stay, each with its reason.
// Every entry must match a difference of the run (an entry that matches nothing fails the suite,
// so the list cannot rot) unless it is marked unstable (timing-dependent); COMPATIBILITY.md lists
// the same ones for users.
import type { Backend } from './targets.js';

export interface Known {
  /** Short name, as quoted in the summary and COMPATIBILITY.md. */
  name: string;
  /** The cases it applies to (matched against case ids). */
  cases: RegExp;
  backends: readonly Backend[];
  /** Matches a difference line of those cases. */
  match: RegExp;
  why: string;
  /**
   * Set when the difference depends on timing and so does not happen on every run (the entry is
   * then not required to match): why.
   */
  unstable?: string;
  /**
   * Set when the difference is to go with work on another branch: what. Cases whose only
   * differences are pending are left out of the identical share the suite requires (and counted
   * apart in its summary).
   */
  pending?: string;
}

const BOTH = ['simulator', 'kubernetes'] as const;

export const KNOWN: Known[] = [
  {
    name: 'health endpoint',
    cases: /^http\/health$/,
    backends: BOTH,
    match: /^GET \/healthz: /,
    why: 'jobsim serves GET /healthz (liveness and readiness probes, load balancers); the reference has no such route and answers 404',
  },
  {
    name: 'Swagger UI',
    cases: /^http\/swagger-ui$/,
    backends: BOTH,
    match: /^GET \/swaggerui\/: \.(status: 404 → 200|contentType: "text\/plain" → "text\/html; charset=utf-8"|body: "404 page not found" → .*)$/,
    why: 'jobsim serves Swagger UI for its openapi.yaml at /swaggerui/ (docs/dashboard.md); the reference serves its own there only when started with USE_SWAGGER=true, which a Radix deployment does not set, and answers its plain-text 404 otherwise',
  },
  {
    name: 'wrong method on a route',
    cases: /^http\/methods-a-path-lacks$/,
    backends: BOTH,
    match: /^(PUT|DELETE|PATCH|GET|HEAD|OPTIONS) \/api\/v1\/\S+: \.(status: 404 → 405|contentType: "text\/plain" → "application\/json; charset=utf-8"|body: "404 page not found" → \{"code":405,.*"reason":"MethodNotAllowed".*\})$/,
    why: "a method a route's path does not have is 405 with the error shape and an Allow header, as HTTP says (Schemathesis' undeclared-method check requires it); the reference's router answers its plain-text 404 there too",
  },
  {
    name: 'message right after a stop',
    cases: /^(routes|stop-delete|lifecycle)\//,
    backends: BOTH,
    match: /stop[^:]*: \.(body(\[\d+\])?\.)?(jobStatuses\[\d+\]\.)?message: "<start-up event of the pod>" → \(absent\)$/,
    why: "a job's message is its pod's latest Event, shown while the pod exists (the reference lists the pods, then their Events; so does jobsim). After a stop jobsim deletes the Job at once and the pod goes within tens of milliseconds; the reference's shared RadixBatch controller deletes it later, so a read right after the stop may still find the pod there and show its start-up event",
    unstable: 'whether the stopped job\'s pod is still there when the read comes depends on how busy the control plane and the reference\'s controller are: seen in full runs of npm test, not when the case runs alone',
  },
  {
    name: 'no pod statuses for a stopped job',
    cases: /^(routes|stop-delete|lifecycle)\//,
    backends: BOTH,
    match: /: \.(body(\[\d+\])?\.)?(jobStatuses\[\d+\]\.)?podStatuses: \(absent\) → \[\{.*"replicaStatus":\{"status":"Stopped"\}.*\}\]$/,
    why: "the reference builds a stopped job's status afresh, with the pods its controller still finds at that reconcile, and keeps it (pkg/apis/batch/status.go, buildBatchJobStatus): when the job's pods are gone by then, the status has none. jobsim records the pods the job had when the stop took effect, Stopped, as the reference does in the usual run",
    unstable: "whether the reference's controller writes the Stopped status before or after the job's pods are deleted depends on how busy it and the control plane are: seen on both backends of one full run of npm test (2026-12-05, a stop-delete case) and of one CI run (2026-12-06, routes/lists-and-stop-all's stop-all), not in the runs between",
  },
];
