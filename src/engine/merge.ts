// Merging a batch's defaultRadixJobComponentConfig into each job description, with the reference's
// rules (mergo with override: the job's non-empty values win, maps merge by key, arrays replace).
import type { JobConfig, JobScheduleDescription } from './types.js';

export interface MergeOptions {
  /**
   * The reference merges with mergo, where a zero job value does not override a non-zero default
   * (job backoffLimit 0 with default 5 gives 5). The radix profile reproduces that; the documented
   * profile does what the user wrote.
   */
  zeroDoesNotOverride: boolean;
}

function mergeMap(base: Record<string, string> | undefined, over: Record<string, string> | undefined) {
  if (!base) return over;
  if (!over) return base;
  return { ...base, ...over };
}

function mergeInt(base: number | undefined, over: number | undefined, opts: MergeOptions): number | undefined {
  if (over === undefined) return base;
  if (opts.zeroDoesNotOverride && over === 0 && base !== undefined) return base;
  return over;
}

export function mergeJobConfig<T extends JobConfig>(defaults: JobConfig | undefined, job: T, opts: MergeOptions): T {
  if (!defaults) return job;
  const out: T = { ...job };
  const str = (k: 'image' | 'imageTagName') => {
    if (!job[k] && defaults[k]) out[k] = defaults[k];
  };
  str('image');
  str('imageTagName');
  out.timeLimitSeconds = mergeInt(defaults.timeLimitSeconds, job.timeLimitSeconds, opts);
  out.backoffLimit = mergeInt(defaults.backoffLimit, job.backoffLimit, opts);
  out.runAsUser = mergeInt(defaults.runAsUser, job.runAsUser, opts);
  out.safeToRestart = job.safeToRestart ?? defaults.safeToRestart;
  if (defaults.resources || job.resources) {
    const limits = mergeMap(defaults.resources?.limits, job.resources?.limits);
    const requests = mergeMap(defaults.resources?.requests, job.resources?.requests);
    out.resources = { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) };
  }
  out.variables = mergeMap(defaults.variables, job.variables);
  if (defaults.node || job.node) {
    out.node = { ...defaults.node };
    if (job.node?.gpu) out.node.gpu = job.node.gpu;
    if (job.node?.gpuCount) out.node.gpuCount = job.node.gpuCount;
  }
  out.runtime = job.runtime ?? defaults.runtime;
  out.command = job.command ?? defaults.command;
  out.args = job.args ?? defaults.args;
  out.failurePolicy = job.failurePolicy ?? defaults.failurePolicy;
  for (const key of Object.keys(out) as (keyof T)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function mergeBatchJobs(
  defaults: JobConfig | undefined,
  jobs: JobScheduleDescription[],
  opts: MergeOptions,
): JobScheduleDescription[] {
  return jobs.map((job) => mergeJobConfig(defaults, job, opts));
}
