// Validation of every field of a job description, alone, in a batch's defaults and in a batch's
// jobs: values Go cannot decode, values the RadixBatch CRD refuses (the reference's messages come
// from the apiserver), and values accepted as they are.
import type { Case } from '../support/cases.js';

const W = { WORKLOAD_SECONDS: '1' };

const job = (id: string, fields: Record<string, unknown>): Case => ({
  id: `validation/${id}`,
  group: 'validation',
  async run(c) {
    await c.call('POST /jobs', 'POST', '/api/v1/jobs', { body: JSON.stringify({ variables: W, ...fields }) });
  },
});

const batch = (id: string, body: Record<string, unknown>): Case => ({
  id: `validation/${id}`,
  group: 'validation',
  async run(c) {
    await c.call('POST /batches', 'POST', '/api/v1/batches', { body: JSON.stringify(body) });
  },
});

const rule = (action: string, operator: string, values: unknown) => ({ action, onExitCodes: { operator, values } });

export const validationCases: Case[] = [
  // backoffLimit (int32, minimum 0)
  job('backoffLimit-negative', { backoffLimit: -1 }),
  job('backoffLimit-int32-overflow', { backoffLimit: 2147483648 }),
  job('backoffLimit-int32-max', { backoffLimit: 2147483647 }),
  job('backoffLimit-fraction', { backoffLimit: 1.5 }),
  job('backoffLimit-exponent', { backoffLimit: 1e2 }),
  job('backoffLimit-string', { backoffLimit: '1' }),
  // timeLimitSeconds (int64, minimum 1)
  job('timeLimitSeconds-zero', { timeLimitSeconds: 0 }),
  job('timeLimitSeconds-negative', { timeLimitSeconds: -5 }),
  job('timeLimitSeconds-int64-overflow', { timeLimitSeconds: 9223372036854775808 }),
  job('timeLimitSeconds-huge', { timeLimitSeconds: 9007199254740991 }),
  job('timeLimitSeconds-boolean', { timeLimitSeconds: true }),
  // runAsUser (int64, minimum 1)
  job('runAsUser-zero', { runAsUser: 0 }),
  job('runAsUser-negative', { runAsUser: -1 }),
  job('runAsUser-valid', { runAsUser: 1000 }),
  job('runAsUser-string', { runAsUser: '1000' }),
  // runtime
  job('architecture-unknown', { runtime: { architecture: 'x86' } }),
  job('architecture-empty', { runtime: { architecture: '' } }),
  job('architecture-arm64', { runtime: { architecture: 'arm64' } }),
  job('architecture-number', { runtime: { architecture: 1 } }),
  job('nodeType-bad-pattern', { runtime: { nodeType: 'Bad_Type' } }),
  job('nodeType-too-long', { runtime: { nodeType: 'a'.repeat(121) } }),
  job('runtime-not-object', { runtime: 'amd64' }),
  // failurePolicy
  job('failurePolicy-empty-object', { failurePolicy: {} }),
  job('failurePolicy-empty-rules', { failurePolicy: { rules: [] } }),
  job('failurePolicy-bad-action', { failurePolicy: { rules: [rule('Retry', 'In', [1])] } }),
  job('failurePolicy-bad-operator', { failurePolicy: { rules: [rule('FailJob', 'Between', [1])] } }),
  job('failurePolicy-no-values', { failurePolicy: { rules: [rule('FailJob', 'In', [])] } }),
  job('failurePolicy-negative-value', { failurePolicy: { rules: [rule('FailJob', 'In', [-1])] } }),
  job('failurePolicy-duplicate-values', { failurePolicy: { rules: [rule('FailJob', 'In', [1, 1])] } }),
  job('failurePolicy-256-values', { failurePolicy: { rules: [rule('FailJob', 'NotIn', Array.from({ length: 256 }, (_, i) => i + 1))] } }),
  job('failurePolicy-21-rules', { failurePolicy: { rules: Array.from({ length: 21 }, (_, i) => rule('Count', 'In', [i + 1])) } }),
  job('failurePolicy-no-onExitCodes', { failurePolicy: { rules: [{ action: 'FailJob' }] } }),
  job('failurePolicy-no-action', { failurePolicy: { rules: [{ onExitCodes: { operator: 'In', values: [1] } }] } }),
  job('failurePolicy-value-overflow', { failurePolicy: { rules: [rule('FailJob', 'In', [4294967296])] } }),
  job('failurePolicy-in-zero', { failurePolicy: { rules: [rule('FailJob', 'In', [0, 1])] } }),
  // resources, node, variables, command, args, image, other fields
  job('resources-bad-quantity', { resources: { limits: { memory: '32Mx' } } }),
  job('resources-number', { resources: { limits: { cpu: 1 } } }),
  job('resources-unknown-kind', { resources: { limits: { 'nvidia.com/gpu': '1' } } }),
  job('node-gpu', { node: { gpu: 'nvidia-v100', gpuCount: '1' } }),
  job('node-gpuCount-number', { node: { gpuCount: 1 } }),
  job('variables-number', { variables: { A: 1 } }),
  job('variables-null-value', { variables: { A: null, WORKLOAD_SECONDS: '1' } }),
  job('command-string', { command: './run.sh' }),
  job('command-empty', { command: [] }),
  job('args-numbers', { args: [1, 2] }),
  job('image-number', { image: 1 }),
  job('imageTagName', { imageTagName: 'v2' }),
  job('safeToRestart-string', { safeToRestart: 'yes' }),
  job('jobId-number', { jobId: 7 }),
  job('jobId-long', { jobId: 'j'.repeat(1000) }),
  job('several-errors', { backoffLimit: -1, timeLimitSeconds: 0, runAsUser: 0 }),
  // in batches
  batch('batch-default-backoffLimit-negative', { defaultRadixJobComponentConfig: { backoffLimit: -1 }, jobScheduleDescriptions: [{ variables: W }, { variables: W }] }),
  batch('batch-second-job-timeLimit-zero', { jobScheduleDescriptions: [{ variables: W }, { variables: W, timeLimitSeconds: 0 }] }),
  batch('batch-default-architecture-bad', { defaultRadixJobComponentConfig: { runtime: { architecture: 'sparc' } }, jobScheduleDescriptions: [{ variables: W }] }),
  batch('batch-default-decode-error', { defaultRadixJobComponentConfig: { backoffLimit: 'x' }, jobScheduleDescriptions: [{ variables: W }] }),
  batch('batch-job-decode-error', { jobScheduleDescriptions: [{ variables: W }, { backoffLimit: 'x' }] }),
  batch('batch-501-jobs', { jobScheduleDescriptions: Array.from({ length: 501 }, () => ({})) }),
  batch('batch-batchId-number', { batchId: 5, jobScheduleDescriptions: [{ variables: W }] }),
  batch('batch-zero-backoff-over-default', { defaultRadixJobComponentConfig: { backoffLimit: -3 }, jobScheduleDescriptions: [{ variables: W, backoffLimit: 0 }] }),
];
