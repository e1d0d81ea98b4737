// The JSON report: the run's settings, capabilities and every outcome with its failure details.
import type { RunResult } from '../kit/runner.js';

export function jsonReport(result: RunResult): string {
  const count = (s: string) => result.outcomes.filter((o) => o.status === s).length;
  return JSON.stringify(
    {
      tool: 'jobsim conformance',
      baseUrl: result.baseUrl,
      profile: result.profile,
      seed: result.seed,
      capabilities: result.caps,
      summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), notSelected: result.notSelected, ms: result.ms },
      checks: result.outcomes,
    },
    null,
    2,
  );
}
