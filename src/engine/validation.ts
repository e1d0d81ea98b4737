// Semantic checks the schema cannot express. The documented profile fails fast with 422 where the
// reference would accept the request and leave the job Waiting forever (reference §6.1).
import { isValidQuantity } from '../kube/quantity.js';
import { invalid } from './errors.js';
import type { Profile } from './profile.js';
import type { JobConfig } from './types.js';

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
