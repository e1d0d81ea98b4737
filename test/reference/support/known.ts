// The differences between the reference and jobsim's radix profile that stay, each with its reason.
// Every entry must match a difference of the run (an entry that matches nothing fails the suite,
// so the list cannot rot); COMPATIBILITY.md lists the same ones for users.
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
];
