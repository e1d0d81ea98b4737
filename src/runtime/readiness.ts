// Readiness: whether a runtime can accept and progress work now (what /readyz answers), as a list
// of named checks, each with what is wrong when it fails.

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  /** What is wrong (or, when ok, a short note). */
  message?: string;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

export function readinessOf(checks: ReadinessCheck[]): Readiness {
  return { ready: checks.every((c) => c.ok), checks };
}

/** One line naming every failing check, for the 503 answer and the logs. */
export function whyNotReady(r: Readiness): string {
  return r.checks
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: ${c.message ?? 'failing'}`)
    .join('; ');
}
