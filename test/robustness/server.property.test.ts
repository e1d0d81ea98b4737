// A property test of the whole server: random sequences of schema-valid and schema-invalid requests
// across every route (the /sim/v1 control API included), with extreme numbers, deep and wide JSON,
// long and odd strings, for both profiles. After every step: each request was answered within 1 s
// of wall time, with no 5xx but the reference's own 500s (radix, COMPATIBILITY.md), in the error
// shape and the contract; the clock is valid and monotonic; every job seen earlier is still
// readable with a legal status (or gone only as the API allows); the heap stays bounded.
//
// A failure prints its seed and path; replay it with
//   JOBSIM_PROPERTY_SEED=<seed> JOBSIM_PROPERTY_PATH=<path> npx vitest run test/robustness/server.property.test.ts
// (JOBSIM_PROPERTY_RUNS=<n> runs more sequences.)
import fc from 'fast-check';
import { availableParallelism, loadavg } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProfileName } from '../../src/engine/profile.js';
import { END_OF_TIME_MS } from '../../src/sim/limits.js';
import { check, findOperation, responseValidator } from '../openapi/schema.js';
import { startHarness, type Harness } from '../support/harness.js';

const SEED = process.env.JOBSIM_PROPERTY_SEED ? Number(process.env.JOBSIM_PROPERTY_SEED) : undefined;
const PATH = process.env.JOBSIM_PROPERTY_PATH;
const RUNS = Number(process.env.JOBSIM_PROPERTY_RUNS ?? 5);
/** JOBSIM_PROPERTY_STATS=1 prints how often each route answered each status. */
const STATS = process.env.JOBSIM_PROPERTY_STATS ? new Map<string, number>() : undefined;
/** Time any one request may take: CPU time always; wall time on a quiet host (see HOST_SLOWDOWN). */
const ANSWER_WITHIN_MS = 1000;
/**
 * How much slower than a quiet host this one runs (load average per core, at least 1): the wall-time
 * bound is stretched by it, so a starved test process is not taken for a slow server. On a quiet
 * host the bound is 1 s of wall time exactly; the CPU-time bound never stretches.
 */
const HOST_SLOWDOWN = Math.max(1, loadavg()[0]! / availableParallelism());
/** Time for one profile's property: more runs, more time. */
/** A request not answered by then is taken as hung (or, under a latency fault, as waiting on the clock). */
const HANG_MS = 10_000 * HOST_SLOWDOWN;
const CLOCK_WAIT_MS = 2_000 * HOST_SLOWDOWN;
const TIME_LIMIT_MS = Math.max(300_000, RUNS * 30_000);
/** Heap growth allowed over one whole run of the property (all sequences). */
const HEAP_GROWTH_BYTES = 256 * 1024 * 1024;

const JOB_STATUSES = new Set(['Waiting', 'Active', 'Running', 'Succeeded', 'Failed', 'Stopping', 'Stopped']);
const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Completed']);

/**
 * The 500s of the radix profile that the reference gives too (COMPATIBILITY.md): an invalid job
 * name on get/stop, a batch name client-go refuses, a job missing from an existing batch, payload
 * errors, and the API server's refusal of an object too large for it.
 */
const RADIX_500S = [
  /^job .* is not a valid job name$/,
  /^stop of this job is not supported$/,
  /^not found$/,
  /^missing an expected payload path, but there is a payload in the job #\d+/,
  /^payload is too large in the job #\d+/,
  /^Request entity too large: limit is 3145728$/,
  /^etcdserver: request is too large$/,
  // client-go's refusals of a batch name it will not send (clientNameCheck)
  /^invalid resource name .*: \[may not /,
  /^resource name may not be empty$/,
];

/** The plain-text answers of the reference's Go HTTP server (malformed escape) and gin router (no route). */
const RADIX_PLAIN_TEXT: [number, string][] = [
  [400, '400 Bad Request'],
  [404, '404 page not found'],
];

// ---- values --------------------------------------------------------------------------------

const EXTREME_NUMBERS = [
  0, -0, 1, -1, 0.5, 3600, 3600.5, 43200, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e15, 1e17, 1e300, 1.3e308, -1e308,
  Number.MAX_VALUE, Number.MIN_VALUE, 315_360_000, 315_360_001,
];
const extremeNumber = fc.oneof(fc.constantFrom(...EXTREME_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

const ODD_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udc00x', 'x\ud83d', '\u202eevil\u202c', '\u200f\u05e9\u05dc\u05d5\u05dd', '😀', '👨‍👩‍👧‍👦', '\ufeffbom', '\r\n', '"', '\\', '../../etc/passwd',
  '%00', '${jndi:ldap://x}', '<script>', 'x'.repeat(10_000), 'é'.repeat(3000), '\u0085\u2028\u2029',
];
const oddString = fc.oneof(fc.constantFrom(...ODD_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));

/** Path segments, already encoded: names of jobs seen, or odd ones (bad UTF-8, NUL, overlong, invalid escapes). */
const ODD_SEGMENTS = ['%ED%A0%80', '%00', '%E2%80%AE', '%F0%9F%98%80', '%C0%AF', '%FF', '%ZZ', '%', '..', '%2F', 'a%20b', 'x'.repeat(4000), 'stop', '-', 'batch-', 'a-b'];

// Workload variables: run times up to far past the end of time, exit codes, memory.
const seconds = fc.oneof(fc.constantFrom('0', '1', '2.5', '30', '1e15', '1e308', '-1', 'abc', '', '9'.repeat(400)), fc.double({ min: 0, max: 120, noNaN: true }).map(String));
const variables = fc.record(
  {
    WORKLOAD_SECONDS: seconds,
    WORKLOAD_EXIT_CODE: fc.constantFrom('0', '1', '137', '256', '-1', 'x'),
    WORKLOAD_EXIT_CODES: fc.constantFrom('1,0', '1,1,0', '', ',,,', '0'),
    WORKLOAD_MEMORY: fc.constantFrom('1Gi', '1e400', '32Mx', '0'),
    odd: oddString,
  },
  { requiredKeys: [] },
);
const quantity = fc.constantFrom('100m', '1', '16Mi', '32Mx', '1e400', '', '-1', '0.0001', '9999999999999999999Ei');
const failurePolicy = fc.record({
  rules: fc.array(
    fc.record({
      action: fc.constantFrom('FailJob', 'Ignore', 'Count', 'Explode'),
      onExitCodes: fc.record({ operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 255 }), extremeNumber), { minLength: 0, maxLength: 4 }) }),
    }),
    { maxLength: 3 },
  ),
});

/**
 * A job that may fail on every attempt (its exit code, its time limit, its memory) gets at most 5
 * retries (see `jobDescription`), and no failure policy rule that ignores its failures: an ignored
 * failure is retried without counting, so such a job is retried for as long as the clock runs, the
 * same known limit (found: a run until idle of one such job kept a worker busy for minutes).
 */
function boundRetries<T extends { variables?: Record<string, string>; backoffLimit?: unknown; failurePolicy?: unknown; timeLimitSeconds?: unknown }>(d: T): T {
  const v = d.variables;
  const exitsNonZero = v?.WORKLOAD_EXIT_CODE !== undefined && v.WORKLOAD_EXIT_CODE !== '0' && !v.WORKLOAD_EXIT_CODES?.endsWith('0');
  // Killed at its time limit on every attempt (exit 137; found: an `Ignore` rule on 137 retried it
  // for the 30 days of a run until idle): a run time not surely shorter than the limit (unset, or
  // not a number, runs the server's default) may be.
  const outlivesLimit = typeof d.timeLimitSeconds === 'number' && !(Number(v?.WORKLOAD_SECONDS) < d.timeLimitSeconds);
  // Memory above the container's limit is OOM-killed on every attempt.
  const mayOom = v?.WORKLOAD_MEMORY !== undefined && v.WORKLOAD_MEMORY !== '1Ki';
  if (!exitsNonZero && !outlivesLimit && !mayOom) return d;
  let out = d;
  if (typeof d.backoffLimit === 'number' && d.backoffLimit > 5) out = { ...out, backoffLimit: 5 };
  const rules = (d.failurePolicy as { rules?: { action?: unknown }[] } | undefined)?.rules;
  if (Array.isArray(rules) && rules.some((r) => r?.action === 'Ignore')) {
    out = { ...out, failurePolicy: { ...(d.failurePolicy as object), rules: rules.map((r) => (r?.action === 'Ignore' ? { ...r, action: 'Count' } : r)) } };
  }
  return out;
}

/**
 * A schema-valid job description, with extreme values where the schema allows them (time limits up
 * to 2^53-1, run times far past the end of time, 2^31-1 retries). A job that fails on every attempt
 * gets at most 5 retries: one retrying 2^31-1 times is valid, but each of its retries costs time in
 * proportion to the attempts so far (docs/robustness.md), which is not what this property is about.
 */
const validJob = fc
  .record(
    {
      jobId: oddString,
      payload: fc.oneof({ weight: 5, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: fc.constant('p'.repeat(400_000)) }),
      timeLimitSeconds: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 1, arbitrary: fc.constantFrom(43200, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1) }),
      backoffLimit: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(2147483647) }),
      variables: fc.record(
        {
          WORKLOAD_SECONDS: fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0, max: 120, noNaN: true }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('1e15', '1e308', '315360000', 'abc') }),
          WORKLOAD_EXIT_CODE: fc.constantFrom('0', '0', '1', '137'),
          WORKLOAD_EXIT_CODES: fc.constantFrom('1,0', '1,1,0'),
          WORKLOAD_MEMORY: fc.constantFrom('1Gi', '1Ki'),
          odd: oddString,
        },
        { requiredKeys: [] },
      ),
      resources: fc.record({ limits: fc.record({ cpu: fc.constantFrom('100m', '2'), memory: fc.constantFrom('16Mi', '1Gi') }, { requiredKeys: [] }), requests: fc.record({ cpu: fc.constantFrom('100m', '64'), memory: fc.constantFrom('1Mi', '1e400') }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      runtime: fc.record({ architecture: fc.constantFrom('amd64', 'arm64', ''), nodeType: fc.constantFrom('gpu-1', '') }, { requiredKeys: [] }),
      command: fc.array(oddString, { maxLength: 3 }),
      args: fc.array(oddString, { maxLength: 3 }),
      imageTagName: oddString,
      failurePolicy: fc.record({ rules: fc.array(fc.record({ action: fc.constantFrom('FailJob', 'Ignore', 'Count'), onExitCodes: fc.record({ operator: fc.constant('NotIn'), values: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 3 }) }) }), { maxLength: 2 }) }),
      safeToRestart: fc.boolean(),
      unknownKey: fc.anything({ maxDepth: 3 }),
    },
    { requiredKeys: [] },
  )
  .map(boundRetries);

/** A job description with anything in its fields: wrong types, numbers out of every range, bad quantities. */
const wildJob = fc
  .record(
    {
      jobId: fc.oneof(oddString, extremeNumber),
      payload: fc.oneof(oddString, fc.anything({ maxDepth: 2 })),
      timeLimitSeconds: fc.oneof(extremeNumber, fc.constantFrom('10', null, true)),
      backoffLimit: fc.oneof(extremeNumber, fc.constantFrom(2147483648, -1, '1')),
      variables: fc.oneof(variables as fc.Arbitrary<unknown>, fc.anything({ maxDepth: 2 })),
      resources: fc.record({ limits: fc.dictionary(fc.constantFrom('cpu', 'memory', 'x'), quantity), requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity) }, { requiredKeys: [] }),
      runtime: fc.record({ architecture: fc.constantFrom('amd64', 'x86', ''), nodeType: fc.constantFrom('gpu-1', 'BAD', '-x') }, { requiredKeys: [] }),
      command: fc.oneof(fc.array(oddString, { maxLength: 3 }), fc.anything({ maxDepth: 2 })),
      failurePolicy,
      runAsUser: extremeNumber,
    },
    { requiredKeys: [] },
  )
  .map((d) => boundRetries(d as { variables?: Record<string, string>; backoffLimit?: unknown }));

const jobDescription = fc.oneof({ weight: 4, arbitrary: validJob as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: wildJob as fc.Arbitrary<unknown> });

/** JSON text nested `depth` levels under `key` of the body object (`depth + 1` levels in all). */
const deepJson = (key: string, depth: number, open: '[' | '{"a":') => `{"${key}":${open.repeat(depth)}${open === '[' ? '' : '1'}${(open === '[' ? ']' : '}').repeat(depth)}}`;
const weirdBody = fc.oneof(
  fc.constantFrom(10, 1000, 9_998, 9_999, 10_000, 50_000).chain((depth) =>
    fc.constantFrom('unknownKey', 'variables', 'command', 'jobScheduleDescriptions').chain((key) => fc.constantFrom<'[' | '{"a":'>('[', '{"a":').map((open) => ({ text: deepJson(key, depth, open) }))),
  ),
  fc.constantFrom(
    { text: `{"variables":{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":"v"`).join(',')}}}` },
    { text: `{"unknownKey":[${Array.from({ length: 100_000 }, () => '0').join(',')}]}` },
    { text: `{"variables":{"BIG":"${'x'.repeat(2_000_000)}"}}` },
    { text: '{"jobId":"a\\ud800b","variables":{"\\udc00":"\\ud83d"}}' },
    { text: '{"jobId": "x"' },
    { text: '{"jobId": "x"} trailing' },
    { text: '\ufeff{}' },
    { text: '[]' },
    { text: '"just a string"' },
    { text: '1e999' },
    { text: 'null' },
    { text: '' },
    { text: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}' },
    { text: '{"timeLimitSeconds":1e999}' },
    { text: '{"timeLimitSeconds":9007199254740993,"backoffLimit":1.5}' },
    { raw: Buffer.from([0x7b, 0x22, 0x6a, 0x6f, 0x62, 0x49, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]) },
  ),
  fc.anything({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
);

// ---- requests ------------------------------------------------------------------------------

type Body = { json: unknown } | { text: string } | { raw: Buffer };

interface Req {
  method: 'get' | 'post' | 'delete' | 'put' | 'patch';
  /** Path with `{job}`, `{batch}`, `{short}`, `{fault}`, `{node}` filled from what was seen (by index), or as given. */
  path: string;
  pick?: number;
  body?: Body;
}

const pick = fc.nat({ max: 1000 });
const nameRef = (slot: string) => fc.oneof({ weight: 4, arbitrary: fc.constant(`{${slot}}`) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_SEGMENTS) });
/** A valid fault of each type, with times up to the bounds. */
const timing = fc.record(
  {
    at: fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0, max: 600, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(315_360_000, 86_400) }),
    durationSeconds: fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0, max: 600, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(315_360_000) }),
  },
  { requiredKeys: [] },
);
// Faults that act on every request or every container end: a permanent one makes the engine retry
// once a second, or a job fail forever, for the 30 days a run until idle may cover (valid, but slow).
const transient = { count: fc.integer({ min: 1, max: 3 }), durationSeconds: fc.double({ min: 0, max: 600, noNaN: true }) };
const validFault = fc.oneof(
  fc.record({ type: fc.constant('nodeLoss'), node: fc.constantFrom('node-1', 'node-2', 'nope') }),
  fc.record({ type: fc.constant('nodeShortage'), node: fc.constantFrom('node-1', 'nope'), cpu: fc.constantFrom('1', '500m', '1e400'), memory: fc.constantFrom('1Gi', '9007199254740992') }, { requiredKeys: ['type', 'cpu'] }),
  fc.record({ type: fc.constant('imagePullFailure'), image: fc.constantFrom('*', '*a*a*a*a*a*a*a*a*a*a*a*b'), ...transient }),
  fc.record({ type: fc.constant('containerCrash'), exitCode: fc.integer({ min: 1, max: 255 }), afterSeconds: fc.constantFrom(0, 1.5, 315_360_000), match: fc.record({ image: fc.constantFrom('*', '?') }), ...transient }),
  fc.record({ type: fc.constant('oom'), afterSeconds: fc.constantFrom(0, 2), ...transient }),
  fc.record({ type: fc.constant('api'), verb: fc.constantFrom('create', 'get', 'list', 'update', 'updateStatus', 'delete', '*'), resource: fc.constantFrom('Job', 'RadixBatch', 'Pod', 'Secret', '*'), error: fc.constantFrom(500, 409, 429, 'timeout'), fraction: fc.constantFrom(1, 0.5, Number.MIN_VALUE), ...transient }),
  fc.record({ type: fc.constant('apiLatency'), verb: fc.constantFrom('create', 'updateStatus', '*'), resource: fc.constantFrom('Job', 'RadixBatch', '*'), latencySeconds: fc.constantFrom(0.001, 1, 3600), ...transient }),
  fc.record({ type: fc.constant('receiverDown'), url: fc.constantFrom('http://*', '*'), status: fc.constantFrom(400, 503) }, { requiredKeys: ['type'] }),
).chain((f) => timing.map((t) => ({ ...t, ...f })));
/** A fault with anything in its fields. */
const wildFault = fc.record(
  {
    type: fc.constantFrom('nodeLoss', 'containerCrash', 'meteor'),
    node: fc.constantFrom('node-1', ''),
    at: extremeNumber,
    durationSeconds: extremeNumber,
    count: fc.constantFrom(2 ** 53, -1, 1.5),
    exitCode: extremeNumber,
    verb: fc.constantFrom('patch'),
    status: fc.constantFrom(600),
    match: fc.anything({ maxDepth: 2 }),
  },
  { requiredKeys: ['type'] },
);
const faultBody = fc.oneof({ weight: 4, arbitrary: validFault as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: wildFault as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });
const nodeBody = fc.oneof(
  { weight: 3, arbitrary: fc.record(
    { name: fc.constantFrom('extra-1', 'extra-2', 'node-1', 'a.b-c'), cpu: fc.constantFrom('1', '3500m', '9007199254741'), memory: fc.constantFrom('1Gi', '16Gi', '8Pi'), pods: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constant(2 ** 53 - 1)), labels: fc.dictionary(fc.constantFrom('kubernetes.io/arch', 'x'), fc.constantFrom('amd64', 'arm64', '\ud800')), taints: fc.array(fc.record({ key: fc.constantFrom('sku'), value: fc.constantFrom('gpu'), effect: fc.constantFrom('NoSchedule', 'NoExecute') }), { maxLength: 1 }) },
    { requiredKeys: ['name', 'cpu', 'memory'] },
  ) as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.record({ name: fc.oneof(fc.constantFrom('UPPER', 'x'.repeat(300)), oddString), cpu: quantity, memory: quantity, pods: extremeNumber, taints: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }) as fc.Arbitrary<unknown> },
);
const jsonBody = <T>(arb: fc.Arbitrary<T>) => arb.map((json): Body => ({ json }));
const anyBody = fc.oneof(weirdBody as fc.Arbitrary<Body>, jsonBody(fc.anything({ maxDepth: 3 })));

const request: fc.Arbitrary<Req> = fc.oneof(
  // The Job Manager
  { weight: 6, arbitrary: fc.record({ method: fc.constant('post' as const), path: fc.constant('/api/v1/jobs'), body: fc.oneof({ weight: 4, arbitrary: jsonBody(jobDescription) }, { weight: 2, arbitrary: anyBody }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      method: fc.constant('post' as const),
      path: fc.constant('/api/v1/batches'),
      body: fc.oneof(
        { weight: 4, arbitrary: jsonBody(fc.record({ batchId: oddString, defaultRadixJobComponentConfig: jobDescription, jobScheduleDescriptions: fc.array(jobDescription, { minLength: 0, maxLength: 4 }) }, { requiredKeys: ['jobScheduleDescriptions'] })) },
        { weight: 1, arbitrary: anyBody },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('get' as const), path: fc.constantFrom('/api/v1/jobs', '/api/v1/batches', '/api/v1/jobs/', '/api/v1/jobs/stop') }) },
  { weight: 4, arbitrary: fc.record({ method: fc.constantFrom('get' as const, 'delete' as const), path: nameRef('job').map((n) => `/api/v1/jobs/${n}`), pick }) },
  { weight: 3, arbitrary: fc.record({ method: fc.constant('post' as const), path: nameRef('job').map((n) => `/api/v1/jobs/${n}/stop`), pick }) },
  { weight: 3, arbitrary: fc.record({ method: fc.constantFrom('get' as const, 'delete' as const), path: nameRef('batch').map((n) => `/api/v1/batches/${n}`), pick }) },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('post' as const), path: nameRef('batch').map((n) => `/api/v1/batches/${n}/stop`), pick }) },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('get' as const), path: fc.tuple(nameRef('batch'), nameRef('job')).map(([b, j]) => `/api/v1/batches/${b}/jobs/${j}`), pick }) },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('post' as const), path: fc.tuple(nameRef('batch'), fc.constantFrom('{short}', '{job}', '%00')).map(([b, j]) => `/api/v1/batches/${b}/jobs/${j}/stop`), pick }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constant('post' as const), path: fc.constantFrom('/api/v1/jobs/stop', '/api/v1/batches/stop') }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constantFrom('put' as const, 'patch' as const), path: fc.constantFrom('/api/v1/jobs', '/api/v1/batches/x', '/nope', '/sim/v1/clock'), body: anyBody }) },
  // Health
  { weight: 1, arbitrary: fc.record({ method: fc.constant('get' as const), path: fc.constantFrom('/healthz', '/readyz') }) },
  // The simulator's control API
  {
    weight: 5,
    arbitrary: fc.record({
      method: fc.constant('post' as const),
      path: fc.constant('/sim/v1/clock/advance'),
      body: fc.oneof(
        { weight: 5, arbitrary: jsonBody(fc.oneof(fc.double({ min: 0, max: 3600, noNaN: true }), fc.integer({ min: 0, max: 86_400 }), extremeNumber).map((s) => ({ seconds: s }))) },
        { weight: 3, arbitrary: jsonBody(fc.constant({ toNextEvent: true })) },
        { weight: 2, arbitrary: jsonBody(fc.constant({ untilIdle: true })) },
        { weight: 1, arbitrary: anyBody },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ method: fc.constant('post' as const), path: fc.constantFrom('/sim/v1/clock/run-until-idle', '/sim/v1/reset') }) },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('get' as const), path: fc.constantFrom('/sim/v1/clock', '/sim/v1/events?since=0&format=jsonl', '/sim/v1/events?since=-1', '/sim/v1/events?since=1e999', '/sim/v1/events?format=xml', '/sim/v1/faults', '/sim/v1/nodes') }) },
  { weight: 3, arbitrary: fc.record({ method: fc.constant('post' as const), path: fc.constant('/sim/v1/faults'), body: jsonBody(faultBody) }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constant('delete' as const), path: fc.constantFrom('/sim/v1/faults/{fault}', '/sim/v1/faults/fault-999', '/sim/v1/faults/%ED%A0%80'), pick }) },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('post' as const), path: fc.constant('/sim/v1/nodes'), body: fc.oneof({ weight: 3, arbitrary: jsonBody(nodeBody) }, { weight: 1, arbitrary: anyBody }) }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constantFrom('delete' as const, 'post' as const), path: fc.tuple(fc.constantFrom('node-1', 'node-2', 'extra-1', '%00'), fc.constantFrom('', '/cordon', '/uncordon')).map(([n, a]) => `/sim/v1/nodes/${n}${a}`) }) },
);

/** A step: one request, or a few at once (interleaved on the server). */
const step = fc.oneof({ weight: 9, arbitrary: request.map((r) => [r]) }, { weight: 1, arbitrary: fc.array(request, { minLength: 2, maxLength: 4 }) });

/** Where a run starts: the default start, or close to the end of time. */
const startTimes = [undefined, END_OF_TIME_MS - 400 * 86_400_000, END_OF_TIME_MS - 60_000];

// ---- running and checking ------------------------------------------------------------------

interface Seen {
  /** Every job name seen in an answer, with its last status (until deleted or reset). */
  jobs: Map<string, { status: string; batch?: string }>;
  batches: Map<string, string>;
  shortNames: string[];
  faults: string[];
  lastClock: number;
  /** An apiLatency fault was accepted since the last reset: requests may wait on the virtual clock. */
  latency: boolean;
  /** The errors of the `api` faults accepted since the last reset (409, 429, 500, 'timeout'). */
  apiErrors: Set<unknown>;
}

/**
 * The wordings of the cluster errors `api` faults inject, by the fault's error: a 500 fault names
 * itself; a timeout, a 409 and a 429 have the cluster's own words.
 */
const INJECTED_WORDINGS: [error: unknown, message: RegExp][] = [
  [undefined, /Internal error occurred: injected fault fault-\d+ /],
  ['timeout', /the server was unable to return a response in the time allotted/],
  [409, /Operation cannot be fulfilled on [^:]+: the object has been modified; please apply your changes to the latest version and try again$/],
  [429, /the server has received too many requests and has asked us to try again later$/],
];

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function fill(path: string, index: number, seen: Seen): string {
  const at = <T>(xs: T[]) => (xs.length ? xs[index % xs.length] : undefined);
  return path
    .replace('{job}', encodeURIComponent(at([...seen.jobs.keys()]) ?? 'no-such-job'))
    .replace('{batch}', encodeURIComponent(at([...seen.batches.keys()]) ?? 'no-such-batch'))
    .replace('{short}', encodeURIComponent(at(seen.shortNames) ?? 'abcdefgh'))
    .replace('{fault}', encodeURIComponent(at(seen.faults) ?? 'fault-0'));
}

interface Answer {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string>;
  /** Wall time, ms. */
  ms: number;
  /** CPU time of this process while the request was answered (of every request of a burst), ms. */
  cpuMs: number;
}

async function send(h: Harness, r: Req, path: string): Promise<Omit<Answer, 'cpuMs'>> {
  const started = performance.now();
  let call = h.http[r.method](path);
  if (r.body && 'json' in r.body) call = call.set('content-type', 'application/json').send(JSON.stringify(r.body.json) ?? 'null');
  else if (r.body && 'text' in r.body) call = call.set('content-type', 'application/json').send(r.body.text);
  else if (r.body && 'raw' in r.body) call = call.set('content-type', 'application/json').send(r.body.raw);
  const res = await call;
  return { status: res.status, body: res.body, text: res.text, headers: res.headers as Record<string, string>, ms: performance.now() - started };
}

/**
 * Sends a burst and waits for every answer. Under an apiLatency fault a request that reaches the
 * cluster waits on the manual clock until a client advances it (docs/simulator.md): as a user would
 * from a second connection, the clock is advanced while such requests wait, and their answers are
 * marked held by the clock (their time is the clock's, not the server's). Without such a fault a
 * request not answered within HANG_MS fails the property with its name, instead of hanging the run.
 */
async function sendBurst(h: Harness, batch: Req[], paths: string[], mayWaitOnClock: boolean): Promise<(Omit<Answer, 'cpuMs'> & { heldByClock?: boolean })[]> {
  const answers: (Omit<Answer, 'cpuMs'> & { heldByClock?: boolean })[] = new Array(batch.length);
  let pending = batch.length;
  const all = Promise.all(batch.map(async (r, i) => {
    answers[i] = await send(h, r, paths[i]!);
    pending--;
  }));
  const settled = (ms: number) => Promise.race([all.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
  if (await settled(mayWaitOnClock ? CLOCK_WAIT_MS : HANG_MS)) return answers;
  const waiting = () => batch.map((r, i) => (answers[i] ? undefined : describeReq(r, paths[i]!))).filter(Boolean);
  if (!mayWaitOnClock) throw new Error(`no answer within ${HANG_MS} ms (no latency fault can hold it): ${waiting().join(' | ')}`);
  const heldBefore = new Set(batch.map((_, i) => i).filter((i) => !answers[i]));
  for (let advance = 0; advance < 5 && pending > 0; advance++) {
    // At most an hour, and never past the end of the simulator's time (a request must be answered by then).
    const now = Date.parse(((await h.http.get('/sim/v1/clock')).body as { now: string }).now);
    const seconds = Math.min(3600, Math.floor((END_OF_TIME_MS - now) / 1000));
    if (seconds < 1) break;
    const res = await h.http.post('/sim/v1/clock/advance').send({ seconds });
    expect(res.status, `advance while requests wait on the clock: ${res.text}`).toBe(200);
    if (await settled(CLOCK_WAIT_MS)) break;
  }
  if (pending > 0) throw new Error(`no answer after advancing the clock up to 5 hours (or to the end of its time): ${waiting().join(' | ')}`);
  for (const i of heldBefore) answers[i]!.heldByClock = true;
  return answers;
}

function describeReq(r: Req, path: string): string {
  const body = r.body && 'json' in r.body ? JSON.stringify(r.body.json) : r.body && 'text' in r.body ? r.body.text : r.body ? `<${r.body.raw.length} bytes>` : '';
  return `${r.method.toUpperCase()} ${path.slice(0, 200)} ${body?.slice(0, 300) ?? ''}`;
}

/** The contract's template for a concrete path, if openapi.yaml has the route. */
function operationOf(method: string, path: string): boolean {
  try {
    findOperation(method, path.split('?')[0]!);
    return true;
  } catch {
    return false;
  }
}

function checkAnswer(profile: ProfileName, r: Req, path: string, a: Answer, apiErrors: Set<unknown>): void {
  const what = `${describeReq(r, path)} -> ${a.status} ${a.text.slice(0, 300)}`;
  expect(a.cpuMs, `took ${Math.round(a.cpuMs)} ms of CPU: ${what}`).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
  if (!(a as { heldByClock?: boolean }).heldByClock) expect(a.ms, `answered in ${Math.round(a.ms)} ms (host slowdown ${HOST_SLOWDOWN.toFixed(1)}): ${what}`).toBeLessThanOrEqual(ANSWER_WITHIN_MS * HOST_SLOWDOWN);
  if (a.status >= 500) {
    const message = (a.body as { message?: string }).message ?? '';
    // A cluster failure the request itself injected (POST /sim/v1/faults, type api) reaches the
    // client as the cluster's error would, in both profiles: the fault working, not a crash.
    // Whatever status the Job Manager passes it on with (500, 503, 504), and in its own words around
    // it ("failed to update the batch ...: <the error>"), once the sequence injected such a fault.
    const injected = INJECTED_WORDINGS.some(([error, re]) => (error === undefined || apiErrors.has(error)) && re.test(message));
    expect(injected || (profile === 'radix' && a.status === 500 && RADIX_500S.some((re) => re.test(message))), `a 5xx: ${what}`).toBe(true);
  }
  // radix: gin redirects a path that differs from a route only by a trailing slash (or is cleaned
  // to one), with its small HTML body, as the reference does (COMPATIBILITY.md).
  if (profile === 'radix' && (a.status === 301 || a.status === 307) && a.headers.location) {
    expect(a.text, `gin's redirect body: ${what}`).toMatch(/^(<a href=".*">Moved Permanently<\/a>\.\n\n|)$/);
    return;
  }
  if (a.status >= 400) {
    // Node's own header limit answers before the application, without a body.
    if (a.status === 431) return;
    // radix: the reference's HTTP server and router answer these in plain text, before any handler.
    if (profile === 'radix' && RADIX_PLAIN_TEXT.some(([status, text]) => a.status === status && a.text === text)) return;
    expect(a.body, `error shape: ${what}`).toMatchObject({ status: 'Failure', code: a.status, reason: expect.any(String), message: expect.any(String) });
  }
  const p = path.split('?')[0]!;
  if (operationOf(r.method, p) && !(r.method === 'get' && p === '/sim/v1/events' && path.includes('jsonl') && a.status === 200)) {
    const validate = responseValidator(r.method, p, a.status);
    const result = check(validate, a.body);
    expect(result.errors, `contract: ${what}`).toBe('');
  }
}

/** The `api` fault a request posted and the simulator accepted (its error: 409, 429, 500, 'timeout'). */
function apiFaultOf(r: Req, a: Answer): { error: unknown } | undefined {
  const b = a.body as { type?: unknown; error?: unknown } | null;
  return r.method === 'post' && r.path === '/sim/v1/faults' && a.status === 200 && b?.type === 'api' ? { error: b.error } : undefined;
}

/** Notes the jobs, batches and faults an answer shows, so later requests can name them. */
function learn(r: Req, a: Answer, seen: Seen): void {
  if (a.status !== 200) return;
  const b = a.body as Record<string, unknown> | null;
  if (r.method === 'post' && r.path === '/sim/v1/reset') {
    seen.jobs.clear();
    seen.batches.clear();
    seen.shortNames.length = 0;
    seen.faults.length = 0;
    seen.latency = false;
    seen.apiErrors.clear();
    seen.lastClock = Date.parse((b as { now: string }).now);
    return;
  }
  if (r.method === 'post' && r.path === '/sim/v1/faults' && b && typeof b.id === 'string') {
    seen.faults.push(b.id);
    if (b.type === 'apiLatency') seen.latency = true;
    const fault = apiFaultOf(r, a);
    if (fault) seen.apiErrors.add(fault.error);
  }
  if (r.method === 'post' && r.path === '/api/v1/jobs' && b) seen.jobs.set(b.name as string, { status: b.status as string });
  if (r.method === 'post' && r.path === '/api/v1/batches' && b) {
    seen.batches.set(b.name as string, b.status as string);
    for (const j of (b.jobStatuses as { name: string; status: string }[]) ?? []) {
      seen.jobs.set(j.name, { status: j.status, batch: b.name as string });
      seen.shortNames.push(j.name.slice((b.name as string).length + 1));
    }
  }
}

/** Every job seen is still there with a legal status, unless it was deleted, its batch was, or history cleanup took it once finished. */
async function checkJobs(h: Harness, seen: Seen, deleted: Set<string>): Promise<void> {
  const jobs = await h.http.get('/api/v1/jobs');
  const batches = await h.http.get('/api/v1/batches');
  expect(jobs.status).toBe(200);
  expect(batches.status).toBe(200);
  const now = new Map<string, string>();
  for (const j of (jobs.body as { name: string; status: string }[] | null) ?? []) now.set(j.name, j.status);
  for (const b of (batches.body as { name: string; jobStatuses?: { name: string; status: string }[] }[] | null) ?? []) {
    for (const j of b.jobStatuses ?? []) now.set(j.name, j.status);
  }
  for (const [name, last] of seen.jobs) {
    let status = now.get(name);
    if (status === undefined) {
      // Not listed (a documented profile lists only single jobs at GET /jobs): ask for it. The radix
      // profile reads a batch it does not cache from the cluster, which a latency fault may hold on
      // the virtual clock: sent as a burst, which moves the clock then.
      const path = `/api/v1/jobs/${encodeURIComponent(name)}`;
      const [one] = await sendBurst(h, [{ method: 'get', path }], [path], seen.latency);
      if (!one) throw new Error(`no answer to GET ${path}`);
      if (one.status === 200) status = (one.body as { status: string }).status;
      else {
        const gone = deleted.has(name) || (last.batch !== undefined && deleted.has(last.batch)) || TERMINAL.has(last.status);
        expect(gone, `job ${name} (last ${last.status}) vanished: GET answered ${one.status} ${one.text.slice(0, 200)}`).toBe(true);
        seen.jobs.delete(name);
        continue;
      }
    }
    expect(JOB_STATUSES.has(status), `job ${name} has status ${status}`).toBe(true);
    last.status = status;
  }
}

async function checkClock(h: Harness, seen: Seen): Promise<void> {
  const res = await h.http.get('/sim/v1/clock');
  expect(res.status).toBe(200);
  const now = Date.parse((res.body as { now: string }).now);
  expect(Number.isFinite(now), `clock ${JSON.stringify(res.body)}`).toBe(true);
  expect(now).toBeLessThanOrEqual(END_OF_TIME_MS);
  expect(now, `the clock went back: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(seen.lastClock);
  const next = (res.body as { nextEventAt: string | null }).nextEventAt;
  if (next !== null) expect(Date.parse(next)).toBeLessThanOrEqual(END_OF_TIME_MS);
  seen.lastClock = now;
}

/**
 * One server per profile and start time, reused by every sequence (each starts with a reset), and
 * warmed up first: the request validator compiles a route's schema the first time it is used,
 * once per process, which is start-up cost rather than an answer's.
 */
const servers = new Map<string, Promise<Harness>>();

async function serverFor(profile: ProfileName, startTime: number | undefined): Promise<Harness> {
  const key = `${profile}:${startTime ?? ''}`;
  let h = servers.get(key);
  if (!h) {
    h = (async () => {
      const x = await startHarness({ profile, ...(startTime !== undefined ? { sim: { startTime } } : {}) });
      for (const [method, path] of [
        ['get', '/api/v1/jobs'], ['get', '/api/v1/batches'], ['get', '/api/v1/jobs/a-b'], ['get', '/api/v1/batches/a/jobs/a-b'], ['post', '/api/v1/jobs/a-b/stop'],
        ['post', '/api/v1/batches/a/stop'], ['post', '/api/v1/batches/a/jobs/b/stop'], ['delete', '/api/v1/jobs/a-b'], ['delete', '/api/v1/batches/a'],
        ['post', '/api/v1/jobs/stop'], ['post', '/api/v1/batches/stop'], ['get', '/sim/v1/clock'], ['get', '/sim/v1/events'], ['get', '/sim/v1/faults'], ['get', '/sim/v1/nodes'],
        ['delete', '/sim/v1/faults/x'], ['post', '/sim/v1/nodes/x/cordon'], ['delete', '/sim/v1/nodes/x'],
      ] as const) await x.http[method](path);
      for (const path of ['/api/v1/jobs', '/api/v1/batches', '/sim/v1/clock/advance', '/sim/v1/faults', '/sim/v1/nodes']) await x.http.post(path).send({ timeLimitSeconds: 'x', jobScheduleDescriptions: 'x' });
      return x;
    })();
    servers.set(key, h);
  }
  return h;
}

async function runSequence(profile: ProfileName, startTime: number | undefined, steps: Req[][]): Promise<void> {
  const h = await serverFor(profile, startTime);
  const reset = await h.http.post('/sim/v1/reset');
  expect(reset.status).toBe(200);
  h.errors.length = 0;
  const deleted = new Set<string>();
  {
    const seen: Seen = { jobs: new Map(), batches: new Map(), shortNames: [], faults: [], lastClock: Date.parse((reset.body as { now: string }).now), latency: false, apiErrors: new Set() };
    for (const batch of steps) {
      const paths = batch.map((r) => fill(r.path, r.pick ?? 0, seen));
      for (const [i, r] of batch.entries()) if (r.method === 'delete') deleted.add(safeDecode(paths[i]!.split('/').pop()!));
      const cpu = process.cpuUsage();
      const sent = await sendBurst(h, batch, paths, seen.latency || batch.some((r) => r.path === '/sim/v1/faults'));
      const used = process.cpuUsage(cpu);
      const answers: Answer[] = sent.map((a) => ({ ...a, cpuMs: a.heldByClock ? 0 : (used.user + used.system) / 1000 }));
      // A fault posted in this burst may have failed a request answered before its own answer.
      const burstApiErrors = new Set(seen.apiErrors);
      for (const [i, r] of batch.entries()) {
        const fault = apiFaultOf(r, answers[i]!);
        if (fault) burstApiErrors.add(fault.error);
      }
      for (const [i, r] of batch.entries()) {
        if (STATS) {
          const key = `${profile} ${r.method.toUpperCase()} ${r.path.replace(/\/[^/]*%[^/]*|\/x{100,}/g, '/…')} ${answers[i]!.status}`;
          STATS.set(key, (STATS.get(key) ?? 0) + 1);
        }
        checkAnswer(profile, r, paths[i]!, answers[i]!, burstApiErrors);
        learn(r, answers[i]!, seen);
      }
      // A reset in a burst may land before or after the others: start over from what it says.
      if (batch.some((r) => r.path === '/sim/v1/reset')) seen.lastClock = 0;
      await checkClock(h, seen);
      await checkJobs(h, seen, deleted);
      // The HTTP layer logs every 500 it sends: the radix profile's own are expected, as are the
      // engine's retries of injected cluster faults.
      const expected = (e: unknown) =>
        e instanceof Error &&
        (/injected fault|Timeout|the server was unable/.test(e.message) ||
          INJECTED_WORDINGS.some(([error, re]) => error !== undefined && seen.apiErrors.has(error) && re.test(e.message)) ||
          (profile === 'radix' && RADIX_500S.some((re) => re.test(e.message))));
      const unexpected = h.errors.filter((e) => !expected(e));
      if (unexpected.length > 0) throw new Error(`errors logged by the engine after ${batch.map((r, i) => describeReq(r, paths[i]!)).join(' | ')}:\n${unexpected.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n')}`);
    }
  }
}

describe('the whole server under random requests (property)', () => {
  afterAll(async () => {
    for (const h of servers.values()) (await h).stop();
    if (STATS) console.log([...STATS].sort().map(([k, n]) => `${String(n).padStart(5)}  ${k}`).join('\n'));
  });

  // Found by the property (it hung the run): a delete that reaches the cluster under an apiLatency
  // fault waits on the manual clock; the harness advances the clock as a second client would.
  it('a request held by an apiLatency fault under the manual clock is answered once the clock moves', async () => {
    const steps: Req[][] = [
      [{ method: 'post', path: '/api/v1/jobs', body: { json: { variables: { WORKLOAD_SECONDS: '30' } } } }],
      [{ method: 'post', path: '/sim/v1/faults', body: { json: { type: 'apiLatency', verb: '*', resource: 'RadixBatch', latencySeconds: 1, count: 2 } } }],
      [{ method: 'delete', path: '/api/v1/jobs/{job}' }],
    ];
    await runSequence('documented', undefined, steps);
  }, 60_000);

  // Found by the property (it hung the run): an hour's apiLatency fault a minute before the end of
  // the simulator's time held the request past it, where the clock never goes.
  it('a request held by an apiLatency fault past the end of time is answered at its end', async () => {
    const steps: Req[][] = [
      [{ method: 'post', path: '/sim/v1/faults', body: { json: { type: 'apiLatency', verb: 'create', resource: '*', latencySeconds: 3600, count: 1 } } }],
      [{ method: 'post', path: '/api/v1/jobs', body: { json: {} } }],
    ];
    await runSequence('radix', END_OF_TIME_MS - 60_000, steps);
  }, 60_000);

  for (const profile of ['documented', 'radix'] as const) {
    it(`${profile}: answers every request in time, without an unexpected 5xx, and keeps its state valid`, async () => {
      const heapBefore = process.memoryUsage().heapUsed;
      const property = fc.asyncProperty(fc.constantFrom(...startTimes), fc.array(step, { minLength: 5, maxLength: 30 }), (start, steps) => runSequence(profile, start, steps));
      const details = await fc.check(property, {
        numRuns: RUNS,
        ...(SEED !== undefined ? { seed: SEED } : {}),
        ...(PATH ? { path: PATH } : {}),
        // Bounds the whole run, shrinking a failure included (a passing sequence takes a few seconds).
        interruptAfterTimeLimit: TIME_LIMIT_MS - 30_000,
      });
      if (details.failed) {
        const replay = `JOBSIM_PROPERTY_SEED=${details.seed} JOBSIM_PROPERTY_PATH=${details.counterexamplePath ?? ''} npx vitest run test/robustness/server.property.test.ts -t ${profile}`;
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        throw new Error(`property failed (${profile}) after ${details.numRuns} run(s), seed ${details.seed}, path ${details.counterexamplePath}\nreplay: ${replay}\n${cause}`);
      }
      expect(details.numRuns).toBe(PATH ? 1 : RUNS);
      const growth = process.memoryUsage().heapUsed - heapBefore;
      expect(growth, `heap grew by ${Math.round(growth / 1e6)} MB`).toBeLessThan(HEAP_GROWTH_BYTES);
    }, TIME_LIMIT_MS);
  }
});
