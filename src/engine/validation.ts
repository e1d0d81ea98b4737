// Semantic checks the schema cannot express. The documented profile fails fast with 422 where the
// reference would accept the request and leave the job Waiting forever (its API checks only that
// the body decodes; Kubernetes refuses the spec later, when the batch controller creates the Job),
// and with 413 where the cluster would refuse to store the job.
import { jsonSurelyWithin } from '../common/jsonSize.js';
import { MAX_ACTIVE_DEADLINE_SECONDS } from '../cluster/limits.js';
import { isValidQuantity } from '../cluster/quantity.js';
import { ApiError, invalid } from './errors.js';
import type { Profile } from './profile.js';
import type { JobComponent, JobConfig } from './types.js';

/**
 * Most bytes of one job's description without its payload (JSON): the RadixBatch object that holds
 * it, with its metadata and status, must stay under etcd's 1.5 MiB, and so must its Kubernetes Job.
 */
export const MAX_JOB_BYTES = 1024 * 1024;

function checkJobSize(config: JobConfig, where: string): void {
  // Within the limit even with its payload: nothing to measure (the usual case).
  if (jsonSurelyWithin(config, MAX_JOB_BYTES)) return;
  const { payload: _payload, ...job } = config as JobConfig & { payload?: string };
  const bytes = Buffer.byteLength(JSON.stringify(job));
  if (bytes > MAX_JOB_BYTES) {
    throw new ApiError(
      413,
      `${where} is ${bytes} bytes without its payload; a job must fit in one Kubernetes object, at most ${MAX_JOB_BYTES} bytes (the payload has its own limit)`,
      'RequestEntityTooLarge',
    );
  }
}

export function checkJobConfig(config: JobConfig, where: string, profile: Profile): void {
  if (profile.refuseOversizedJobs) checkJobSize(config, where);
  if (!profile.refuseUnrunnable) return;
  if (config.timeLimitSeconds !== undefined && config.timeLimitSeconds > MAX_ACTIVE_DEADLINE_SECONDS) {
    throw invalid(`${where}: timeLimitSeconds ${config.timeLimitSeconds} is above ${MAX_ACTIVE_DEADLINE_SECONDS}, the most Kubernetes allows for a pod's activeDeadlineSeconds`);
  }
  const bad = config.resources ? badQuantity(config.resources) : undefined;
  if (bad) throw invalid(`${where}: resources.${bad.kind}.${bad.name} "${String(bad.value)}" is not a valid Kubernetes quantity (e.g. "300m", "1", "16Mi", "2Gi")`);
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
  if ((job.timeLimitSeconds ?? component.timeLimitSeconds) > MAX_ACTIVE_DEADLINE_SECONDS) return `activeDeadlineSeconds: must be between 1 and ${MAX_ACTIVE_DEADLINE_SECONDS}`;
  const resources = job.resources ?? component.resources;
  // Checked once per Job created: nothing to check (the usual case) costs no allocation.
  if (!resources && !job.failurePolicy && !component.failurePolicy) return undefined;
  const bad = resources ? badQuantity(resources) : undefined;
  if (bad) return `resources.${bad.kind}.${bad.name}: invalid quantity "${String(bad.value)}"`;
  const rules = (job.failurePolicy ?? component.failurePolicy)?.rules ?? [];
  if (rules.some((r) => r.onExitCodes.operator === 'In' && r.onExitCodes.values.includes(0))) return 'failurePolicy: exit code 0 with the In operator';
  return undefined;
}

interface BadQuantity {
  kind: 'limits' | 'requests';
  name: string;
  value: unknown;
}

/** The first quantity Kubernetes would refuse, by resources object: a component's is shared by every job of it. */
const badQuantities = new WeakMap<object, BadQuantity | null>();

function badQuantity(resources: NonNullable<JobConfig['resources']>): BadQuantity | undefined {
  let bad = badQuantities.get(resources);
  if (bad === undefined) {
    bad = null;
    outer: for (const kind of ['limits', 'requests'] as const) {
      for (const [name, value] of Object.entries(resources[kind] ?? {})) {
        if (typeof value !== 'string' || !isValidQuantity(value)) {
          bad = { kind, name, value };
          break outer;
        }
      }
    }
    badQuantities.set(resources, bad);
  }
  return bad ?? undefined;
}
