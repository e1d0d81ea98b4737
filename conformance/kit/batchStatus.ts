// A batch's status from its jobs: the component's batchStatusRules (when the kit is told them with
// --batch-status-rules) first, else the profile's own derivation. The rules are evaluated over job
// *phases*, which the API shows only indirectly: a job reads `Stopping` while its phase is still
// Waiting/Active/Running, and the reference reads `Failed` while every pod so far failed (between attempts,
// or for a stopped job whose pod the stop killed, exit code 143). So each job stands for the phases its reading allows, and a
// batch status is allowed when some combination of them gives it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JobStatus } from './jobApi.js';

export interface BatchStatusRule {
  condition: 'All' | 'Any';
  operator: 'In' | 'NotIn';
  jobStatuses: string[];
  batchStatus: string;
}

/** Most combinations of job phases tried for one reading (batches of the kit have at most 3 jobs). */
const MAX_COMBINATIONS = 4096;

const isSet = (v: unknown) => typeof v === 'string' && v.length > 0;
const TERMINAL = ['Succeeded', 'Failed', 'Stopped'];

/** The phases a job may be in given what the API shows. */
export function phasesOf(job: JobStatus): string[] {
  const s = String(job.status);
  if (s === 'Stopping') return ['Waiting', 'Active', 'Running'];
  if (s === 'Failed') {
    if (!isSet(job.ended)) return ['Waiting', 'Active', 'Running', 'Failed'];
    // a stopped job whose pod the stop killed (SIGTERM: exit code 143) reads Failed in phase Stopped
    return (job.podStatuses ?? []).some((p) => p.exitCode === 143) ? ['Failed', 'Stopped'] : ['Failed'];
  }
  return [s];
}

/** The first rule matching `phases`, as the reference evaluates them (an `All` rule holds for no jobs). */
export function ruleFor(rules: BatchStatusRule[], phases: string[]): BatchStatusRule | undefined {
  return rules.find((r) => {
    const test = (p: string) => (r.operator === 'In' ? r.jobStatuses.includes(p) : !r.jobStatuses.includes(p));
    return r.condition === 'All' ? phases.every(test) : phases.some(test);
  });
}

export interface BatchStatusJudgement {
  allowed: string[];
  /** Every reading of the jobs matched a rule: the profile's own derivation played no part. */
  ruled: boolean;
}

/**
 * The batch statuses allowed for `jobs`. `derive` gives the status without rules from the jobs' API
 * statuses. With rules, while every job still reads Waiting the reference may not have recorded any job
 * phase yet and evaluates the rules over none (an `All` rule then holds): that reading is allowed too.
 */
export function allowedBatchStatuses(jobs: JobStatus[], rules: BatchStatusRule[] | undefined, derive: (apiStatuses: string[]) => string[]): BatchStatusJudgement {
  // a job that reads terminal but is not over (the reference's Failed between attempts) is still running
  const fallback = derive(jobs.map((j) => (TERMINAL.includes(String(j.status)) && !isSet(j.ended) ? 'Running' : String(j.status))));
  if (!rules?.length) return { allowed: fallback, ruled: false };
  const readings = combinations(jobs.map(phasesOf));
  if (jobs.every((j) => j.status === 'Waiting')) readings.push([]);
  const allowed = new Set<string>();
  let ruled = true;
  for (const phases of readings) {
    const rule = ruleFor(rules, phases);
    if (rule) allowed.add(rule.batchStatus);
    else {
      ruled = false;
      for (const s of fallback) allowed.add(s);
    }
  }
  return { allowed: [...allowed], ruled };
}

function combinations(choices: string[][]): string[][] {
  let out: string[][] = [[]];
  for (const c of choices) {
    out = out.flatMap((prefix) => c.map((p) => [...prefix, p]));
    if (out.length > MAX_COMBINATIONS) throw new Error(`a batch of ${choices.length} jobs has too many possible phase combinations to judge its batchStatusRules`);
  }
  return out;
}

/**
 * Reads `--batch-status-rules SPEC`: a YAML/JSON file holding a list of rules, or `radixconfig.yaml#job`
 * (optionally `#job@environment`), whose job component's rules (the environment's, when it sets its own)
 * are taken.
 */
export function loadBatchStatusRules(spec: string): BatchStatusRule[] {
  const m = /^(.*?)(?:#([^@#]+)(?:@([^@#]+))?)?$/.exec(spec)!;
  const [file, jobName, environment] = [m[1]!, m[2], m[3]];
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--batch-status-rules ${spec}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let rules: unknown = doc;
  if (jobName !== undefined) {
    const jobs = (doc as { spec?: { jobs?: unknown } } | null)?.spec?.jobs;
    const job = Array.isArray(jobs) ? (jobs as Record<string, unknown>[]).find((j) => j?.name === jobName) : undefined;
    if (!job) throw new Error(`--batch-status-rules ${spec}: ${file} has no job component "${jobName}" under spec.jobs`);
    rules = job.batchStatusRules ?? [];
    if (environment !== undefined) {
      // A name the application does not define (a typo) would quietly give the job's own rules.
      const defined = (doc as { spec?: { environments?: unknown } }).spec?.environments;
      const names = Array.isArray(defined) ? (defined as Record<string, unknown>[]).map((e) => e?.name) : [];
      if (!names.includes(environment)) throw new Error(`--batch-status-rules ${spec}: ${file} defines no environment "${environment}" under spec.environments (${names.join(', ')})`);
      const envs = Array.isArray(job.environmentConfig) ? (job.environmentConfig as Record<string, unknown>[]) : [];
      const env = envs.find((e) => e?.environment === environment);
      if (env?.batchStatusRules !== undefined) rules = env.batchStatusRules;
    }
  }
  return validateRules(rules, spec);
}

function validateRules(rules: unknown, spec: string): BatchStatusRule[] {
  const bad = (i: number, why: string) => new Error(`--batch-status-rules ${spec}: rule ${i + 1} ${why}`);
  if (!Array.isArray(rules)) throw new Error(`--batch-status-rules ${spec}: expected a list of rules (condition, operator, jobStatuses, batchStatus), or FILE#job for a radixconfig.yaml`);
  return rules.map((r: Record<string, unknown>, i) => {
    if (!r || typeof r !== 'object') throw bad(i, 'is not a mapping');
    if (r.condition !== 'All' && r.condition !== 'Any') throw bad(i, `has condition ${JSON.stringify(r.condition)} (All or Any)`);
    if (r.operator !== 'In' && r.operator !== 'NotIn') throw bad(i, `has operator ${JSON.stringify(r.operator)} (In or NotIn)`);
    if (!Array.isArray(r.jobStatuses) || !r.jobStatuses.every((s) => typeof s === 'string')) throw bad(i, 'has no list of jobStatuses');
    if (typeof r.batchStatus !== 'string' || !r.batchStatus) throw bad(i, 'has no batchStatus');
    return { condition: r.condition, operator: r.operator, jobStatuses: r.jobStatuses as string[], batchStatus: r.batchStatus };
  });
}
