// A scenario's API traffic checked as the API checks a request: `jobsim simulate` posts to the Job
// Manager without the HTTP layer, so each traffic entry's request is put through the same validators
// first (openapi.yaml's, in the scenario's profile), and what a POST would be answered 400 for is
// refused before anything runs, instead of running with a backoffLimit of "abc".
import { bodyErrors } from '../api/requestValidation.js';
import { JOB_CONFIG_FIELDS } from '../api/generated/jobConfigSchema.js';
import { profileByName } from '../engine/profile.js';
import type { SimulationSpec } from '../sim/simulation.js';

/**
 * The first traffic entry whose request the API would refuse, or whose `defaults` name a key a job
 * does not have, as `traffic[i].defaults...: message`.
 */
export function trafficRequestError(spec: SimulationSpec): string | undefined {
  const schema = profileByName(spec.compat).rangeChecks === 'request-schema' ? 'documented' : 'radix';
  for (const [i, t] of spec.traffic.entries()) {
    if (t.defaults === undefined) continue;
    // The API ignores a key it does not know; in a file it is a typo (`backofLimit`) to point out.
    const unknown = Object.keys(t.defaults).find((k) => !Object.hasOwn(JOB_CONFIG_FIELDS, k));
    if (unknown !== undefined) return `traffic[${i}].defaults: unknown key ${unknown} (${Object.keys(JOB_CONFIG_FIELDS).join(', ')})`;
    // A single job takes the defaults as its own settings; a batch as its defaultRadixJobComponentConfig.
    const [operation, body, prefix] = t.single
      ? ['createJob', t.defaults, '/body']
      : ['createBatch', { defaultRadixJobComponentConfig: t.defaults, jobScheduleDescriptions: [{}] }, '/body/defaultRadixJobComponentConfig'];
    const errors = bodyErrors(operation, body, schema);
    if (errors.length === 0) continue;
    const { path, message } = errors[0]!;
    const key = path.startsWith(prefix) ? path.slice(prefix.length).split('/').filter(Boolean).join('.') : path;
    return `traffic[${i}].defaults${key ? `.${key}` : ''}: ${message} (as the API checks a request)`;
  }
  return undefined;
}
