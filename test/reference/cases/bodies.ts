// Request bodies as the reference's decoder (Go's encoding/json) reads them: empty, null, not
// JSON, wrong types, unknown keys, keys in another case, content types.
import type { Case } from '../support/cases.js';

const post = (id: string, path: '/api/v1/jobs' | '/api/v1/batches', body: string | undefined, headers?: Record<string, string>): Case => ({
  id: `bodies/${id}`,
  group: 'bodies',
  async run(c) {
    await c.call(`POST ${path}`, 'POST', path, { ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  },
});

const J = '/api/v1/jobs';
const B = '/api/v1/batches';
const W = '"variables":{"WORKLOAD_SECONDS":"1"}';

export const bodyCases: Case[] = [
  post('job-no-body', J, undefined),
  post('job-empty-object', J, `{${W}}`),
  post('job-null', J, 'null'),
  post('job-whitespace', J, '  \n '),
  post('job-not-json', J, '{"jobId": '),
  post('job-array', J, '[]'),
  post('job-string', J, '"x"'),
  post('job-trailing-garbage', J, `{${W}} x`),
  post('job-two-objects', J, `{${W}}{}`),
  post('job-unknown-key', J, `{"color":"blue",${W}}`),
  post('job-key-case', J, `{"JOBID":"upper","JobId":"mixed",${W}}`),
  post('job-null-field', J, `{"jobId":null,"payload":null,"timeLimitSeconds":null,${W}}`),
  post('job-payload-object', J, '{"payload":{"a":1}}'),
  post('job-payload-string', J, `{"payload":"{\\"a\\":1}",${W}}`),
  post('job-payload-blank', J, `{"payload":"   ",${W}}`),
  post('job-text-plain', J, `{"jobId":"text",${W}}`, { 'content-type': 'text/plain' }),
  post('job-form-content-type', J, `{"jobId":"form",${W}}`, { 'content-type': 'application/x-www-form-urlencoded' }),
  post('job-bom', J, `\uFEFF{${W}}`),
  // Just over what fits a payload Secret with an 8-character job name (the reference's estimate).
  post('job-payload-too-large', J, JSON.stringify({ payload: 'x'.repeat(392_665) })),
  post('batch-second-payload-too-large', B, JSON.stringify({ jobScheduleDescriptions: [{ payload: 'small', variables: { WORKLOAD_SECONDS: '1' } }, { payload: 'x'.repeat(392_665) }] })),
  post('batch-no-body', B, undefined),
  post('batch-empty-object', B, '{}'),
  post('batch-null-list', B, '{"jobScheduleDescriptions":null}'),
  post('batch-empty-list', B, '{"jobScheduleDescriptions":[]}'),
  post('batch-not-json', B, '{"jobScheduleDescriptions":['),
  post('batch-list-not-array', B, '{"jobScheduleDescriptions":{}}'),
  post('batch-null-job', B, `{"jobScheduleDescriptions":[null,{${W}}]}`),
  post('batch-key-case', B, `{"BATCHID":"upper","JobScheduleDescriptions":[{"JOBID":"x",${W}}]}`),
  post('batch-defaults-null', B, `{"defaultRadixJobComponentConfig":null,"jobScheduleDescriptions":[{${W}}]}`),
  post('batch-resources-nested-runtime', B, `{"jobScheduleDescriptions":[{"resources":{"limits":{"cpu":"200m"},"runtime":{"architecture":"arm64"}},${W}}]}`),
];
