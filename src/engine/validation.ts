// Semantic checks the schema cannot express. The documented profile fails fast with 422 where the
// reference would accept the request and leave the job Waiting forever (its API checks only that
// the body decodes; Kubernetes refuses the spec later, when the batch controller creates the Job).
import { isValidQuantity } from '../kube/quantity.js';
import { invalid } from './errors.js';
import type { Profile } from './profile.js';
import type { JobComponent, JobConfig } from './types.js';

export function checkJobConfig(config: JobConfig, where: string, profile: Profile): void {
  if (!profile.validateQuantities) return;
  for (const kind of ['limits', 'requests'] as const) {
    for (const [name, value] of Object.entries(config.resources?.[kind] ?? {})) {
      if (typeof value !== 'string' || !isValidQuantity(value)) {
        throw invalid(`${where}: resources.${kind}.${name} "${String(value)}" is not a valid Kubernetes quantity (e.g. "300m", "1", "16Mi", "2Gi")`);
      }
    }
  }
  config.failurePolicy?.rules.forEach((rule, i) => {
    if (rule.onExitCodes.operator === 'In' && rule.onExitCodes.values.includes(0)) {
      throw invalid(`${where}: failurePolicy.rules[${i}]: exit code 0 cannot be used with the In operator (Kubernetes never matches exit code 0)`);
    }
  });
}

/**
 * Why the effective spec of a recorded job cannot become a Kubernetes Job (undefined if it can):
 * the radix profile accepts such requests, and the job then stays Waiting.
 */
export function unrunnable(job: JobConfig, component: JobComponent): string | undefined {
  const resources = job.resources ?? component.resources;
  // Checked once per Job created: nothing to check (the usual case) costs no allocation.
  if (!resources && !job.failurePolicy && !component.failurePolicy) return undefined;
  for (const kind of ['limits', 'requests'] as const) {
    for (const [name, value] of Object.entries(resources?.[kind] ?? {})) {
      if (typeof value !== 'string' || !isValidQuantity(value)) return `resources.${kind}.${name}: invalid quantity "${String(value)}"`;
    }
  }
  const rules = (job.failurePolicy ?? component.failurePolicy)?.rules ?? [];
  if (rules.some((r) => r.onExitCodes.operator === 'In' && r.onExitCodes.values.includes(0))) return 'failurePolicy: exit code 0 with the In operator';
  return undefined;
}
