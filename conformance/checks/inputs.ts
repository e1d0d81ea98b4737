// Generated request inputs: bodies the contract rejects (each with the reason it is invalid), and
// arbitrary bodies and names for the "no 5xx" property.
import fc from 'fast-check';

/** One invalid part of a job description, with why it is invalid. */
const invalidJobFields: [string, Record<string, unknown>][] = [
  ['timeLimitSeconds is a string', { timeLimitSeconds: '10' }],
  ['timeLimitSeconds is not an integer', { timeLimitSeconds: 1.5 }],
  ['timeLimitSeconds is below 1', { timeLimitSeconds: 0 }],
  ['backoffLimit is negative', { backoffLimit: -1 }],
  ['backoffLimit is a string', { backoffLimit: '1' }],
  ['payload is an object, not a string', { payload: {} }],
  ['command is a string, not an array', { command: 'ls' }],
  ['args holds a number', { args: [1] }],
  ['a variable value is a number', { variables: { A: 1 } }],
  ['variables is a string', { variables: 'A=1' }],
  ['a resource limit is a number', { resources: { limits: { cpu: 1 } } }],
  ['failurePolicy action is unknown', { failurePolicy: { rules: [{ action: 'Explode', onExitCodes: { operator: 'In', values: [1] } }] } }],
  ['failurePolicy operator is unknown', { failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'Maybe', values: [1] } }] } }],
  ['failurePolicy has an empty exit code list', { failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [] } }] } }],
  ['failurePolicy has a negative exit code', { failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [-1] } }] } }],
  ['runAsUser is 0', { runAsUser: 0 }],
];

/** Harmless valid fields to mix with one invalid one. */
const validJobFields = fc.record(
  {
    jobId: fc.string({ maxLength: 20 }),
    variables: fc.dictionary(fc.stringMatching(/^[A-Z_]{1,8}$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    backoffLimit: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: [] },
);

export interface InvalidBody {
  route: 'job' | 'batch';
  why: string;
  body: unknown;
}

const invalidJob = fc.tuple(validJobFields, fc.constantFrom(...invalidJobFields)).map(([valid, [why, bad]]) => ({ why, body: { ...valid, ...bad } }));
/** defaultRadixJobComponentConfig has no payload (nor jobId): there an unknown key, ignored, not invalid. */
const invalidDefaults = fc
  .tuple(validJobFields, fc.constantFrom(...invalidJobFields.filter(([, bad]) => !('payload' in bad))))
  .map(([{ jobId: _ignored, ...valid }, [why, bad]]) => ({ why, body: { ...valid, ...bad } }));

/** Request bodies that the contract rejects, for POST /jobs and POST /batches. */
export const invalidBodies: fc.Arbitrary<InvalidBody> = fc.oneof(
  invalidJob.map((j) => ({ route: 'job' as const, ...j })),
  fc.constantFrom<unknown>([], 'a string', 42, true, [{}]).map((body) => ({ route: 'job' as const, why: `the body is ${JSON.stringify(body)}, not an object`, body })),
  invalidJob.map((j) => ({ route: 'batch' as const, why: `a job of the batch: ${j.why}`, body: { jobScheduleDescriptions: [{}, j.body] } })),
  invalidDefaults.map((j) => ({ route: 'batch' as const, why: `defaultRadixJobComponentConfig: ${j.why}`, body: { defaultRadixJobComponentConfig: j.body, jobScheduleDescriptions: [{}] } })),
  fc.constantFrom<[string, unknown]>(
    ['jobScheduleDescriptions is empty', { jobScheduleDescriptions: [] }],
    ['jobScheduleDescriptions is missing', { batchId: 'x' }],
    ['jobScheduleDescriptions is a string', { jobScheduleDescriptions: 'x' }],
    ['the body is an array', [{ jobScheduleDescriptions: [{}] }]],
  ).map(([why, body]) => ({ route: 'batch' as const, why, body })),
);

const knownKeys = ['jobId', 'payload', 'timeLimitSeconds', 'backoffLimit', 'variables', 'resources', 'command', 'args', 'failurePolicy', 'runtime', 'node', 'image', 'imageTagName', 'runAsUser', 'safeToRestart', 'batchId', 'jobScheduleDescriptions', 'defaultRadixJobComponentConfig'];

/** Arbitrary JSON bodies: random values, and objects whose known keys hold random JSON. */
export const anyBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...knownKeys), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.dictionary(fc.constantFrom(...knownKeys), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((job) => ({ jobScheduleDescriptions: [job] })),
);

/** Arbitrary path names (never "." or "..", which URLs would resolve away). */
export const anyName: fc.Arbitrary<string> = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.stringMatching(/^batch-[a-z0-9-]{1,40}$/)).filter((s) => s !== '.' && s !== '..');
