// The reference's RadixBatch CRD refuses out-of-range job settings when the batch is written, and
// the reference passes the apiserver's message on (422, naming the batch). The radix profile
// checks the same rules before anything is written and words its errors as the apiserver does.
// The rules are those of the CRD the reference ships (radix-operator v1.126.1, spec.jobs[]); they
// apply to a job as Go marshals it, so a missing `action` is the empty string and missing
// `values` are null.
import { ApiError } from './errors.js';
import type { JobScheduleDescription } from './types.js';

const ACTIONS = ['FailJob', 'Ignore', 'Count'];
const OPERATORS = ['In', 'NotIn'];
const ARCHITECTURES = ['amd64', 'arm64', ''];
const NODE_TYPE = /^(([a-z0-9][-a-z0-9]*)?[a-z0-9])?$/;
const MAX_RULES = 20;
const MAX_VALUES = 255;
const MAX_NODE_TYPE = 120;

const quote = (s: string) => JSON.stringify(s);
const supported = (values: string[]) => values.map(quote).join(', ');

/** The apiserver's field errors, in its wording. */
const fieldError = {
  minimum: (path: string, value: number, min: number) => `${path}: Invalid value: ${value}: ${path} in body should be greater than or equal to ${min}`,
  enum: (path: string, value: string, values: string[]) => `${path}: Unsupported value: ${quote(value)}: supported values: ${supported(values)}`,
  pattern: (path: string, value: string, pattern: RegExp) => `${path}: Invalid value: ${quote(value)}: ${path} in body should match '${pattern.source}'`,
  tooLong: (path: string, max: number) => `${path}: Too long: may not be more than ${max} bytes`,
  tooMany: (path: string, n: number, max: number) => `${path}: Too many: ${n}: must have at most ${max} items`,
  tooFew: (path: string, n: number, min: number) => `${path}: Invalid value: ${n}: ${path} in body should have at least ${min} items`,
  required: (path: string) => `${path}: Required value`,
  duplicate: (path: string, value: number) => `${path}: Duplicate value: ${value}`,
};

function jobErrors(job: JobScheduleDescription, path: string): string[] {
  const out: string[] = [];
  if (job.backoffLimit !== undefined && job.backoffLimit < 0) out.push(fieldError.minimum(`${path}.backoffLimit`, job.backoffLimit, 0));
  const rules = job.failurePolicy?.rules ?? [];
  if (rules.length > MAX_RULES) out.push(fieldError.tooMany(`${path}.failurePolicy.rules`, rules.length, MAX_RULES));
  rules.forEach((rule, r) => {
    const at = `${path}.failurePolicy.rules[${r}]`;
    const action = (rule as { action?: string }).action ?? '';
    if (!ACTIONS.includes(action)) out.push(fieldError.enum(`${at}.action`, action, ACTIONS));
    const onExitCodes = (rule as { onExitCodes?: { operator?: string; values?: number[] | null } }).onExitCodes ?? {};
    const operator = onExitCodes.operator ?? '';
    if (!OPERATORS.includes(operator)) out.push(fieldError.enum(`${at}.onExitCodes.operator`, operator, OPERATORS));
    const values = onExitCodes.values;
    const vpath = `${at}.onExitCodes.values`;
    if (values === undefined || values === null) out.push(fieldError.required(vpath));
    else {
      if (values.length < 1) out.push(fieldError.tooFew(vpath, values.length, 1));
      if (values.length > MAX_VALUES) out.push(fieldError.tooMany(vpath, values.length, MAX_VALUES));
      const seen = new Set<number>();
      values.forEach((v, i) => {
        if (v < 0) out.push(fieldError.minimum(`${vpath}[${i}]`, v, 0));
        if (seen.has(v)) out.push(fieldError.duplicate(`${vpath}[${i}]`, v));
        seen.add(v);
      });
    }
  });
  if (job.runAsUser !== undefined && job.runAsUser < 1) out.push(fieldError.minimum(`${path}.runAsUser`, job.runAsUser, 1));
  const architecture = job.runtime?.architecture;
  if (architecture !== undefined && !ARCHITECTURES.includes(architecture)) out.push(fieldError.enum(`${path}.runtime.architecture`, architecture, ARCHITECTURES));
  const nodeType = job.runtime?.nodeType;
  if (nodeType !== undefined) {
    if (Buffer.byteLength(nodeType) > MAX_NODE_TYPE) out.push(fieldError.tooLong(`${path}.runtime.nodeType`, MAX_NODE_TYPE));
    if (!NODE_TYPE.test(nodeType)) out.push(fieldError.pattern(`${path}.runtime.nodeType`, nodeType, NODE_TYPE));
  }
  if (job.timeLimitSeconds !== undefined && job.timeLimitSeconds < 1) out.push(fieldError.minimum(`${path}.timeLimitSeconds`, job.timeLimitSeconds, 1));
  return out;
}

/** The CRD's errors for a batch's jobs (their effective settings, defaults merged), `maxJobs` the most one batch holds. */
export function radixBatchCrdErrors(jobs: JobScheduleDescription[], maxJobs: number): string[] {
  const out: string[] = [];
  if (jobs.length > maxJobs) out.push(fieldError.tooMany('spec.jobs', jobs.length, maxJobs));
  jobs.forEach((job, i) => out.push(...jobErrors(job, `spec.jobs[${i}]`)));
  return out;
}

/** The reference's answer when the apiserver refuses batch `name`: 422, the apiserver's message after `<name> is invalid: `. */
export function radixBatchInvalid(name: string, errors: string[]): ApiError {
  const list = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
  return new ApiError(422, `${name} is invalid: RadixBatch.radix.equinor.com ${quote(name)} is invalid: ${list}`, 'Invalid');
}
