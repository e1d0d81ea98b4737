// The reference's controller, handler and stop-error tests, ported as HTTP tests in the radix
// profile: two job components on one cluster, responses checked against openapi.yaml.
import { afterEach, describe, expect, it } from 'vitest';
import { expectContract } from '../support/harness.js';
import { startEngine, EXACT } from './engineHarness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let e: Engine;
afterEach(() => e?.stop());

type Method = 'get' | 'post' | 'delete';

async function call(method: Method, path: string, body?: unknown, component = 'compute') {
  const req = e.httpOf(component)[method](path);
  const res = body === undefined ? await req : typeof body === 'string' ? await req.set('content-type', 'application/json').send(body) : await req.send(body as object);
  expectContract(method, path, res);
  return res;
}

async function expectFailure(method: Method, path: string, code: number, reason: string, message: string, body?: unknown, component?: string) {
  const res = await call(method, path, body, component);
  expect(res.status, JSON.stringify(res.body)).toBe(code);
  expect(res.body).toEqual({ status: 'Failure', message, reason, code });
}

async function expectSuccess(method: Method, path: string, message: string) {
  const res = await call(method, path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toEqual({ status: 'Success', message, code: 200 });
}

const batchOf = (job: string) => job.slice(0, job.lastIndexOf('-'));
const shortOf = (job: string) => job.slice(job.lastIndexOf('-') + 1);

async function radix() {
  // Exact times (latency off): the handlers' tests read each state in the instant after the request that made it, and see a batch another component created at once (with latency its watch delivers it a little later).
  e = await startEngine({ sim: EXACT, profile: 'radix', components: [{ name: 'compute', payloadPath: '/compute/args' }, { name: 'other', payloadPath: undefined }] });
}

describe('controllers (radix): decoding', () => {
  it('an empty body creates a job with an empty description', async () => {
    await radix();
    const res = await call('post', '/api/v1/jobs');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('Waiting');
  });

  it('{"Payload":{}} is 422 "payload is invalid" (keys match case-insensitively)', async () => {
    await radix();
    await expectFailure('post', '/api/v1/jobs', 422, 'Invalid', 'payload is invalid', { Payload: {} });
    await expectFailure('post', '/api/v1/jobs', 422, 'Invalid', 'payload is invalid', '{"jobId": "x"} trailing');
    await expectFailure('post', '/api/v1/jobs', 422, 'Invalid', 'payload is invalid', '[]');
    await expectFailure('post', '/api/v1/jobs', 422, 'Invalid', 'payload is invalid', { timeLimitSeconds: '10' });
    await expectFailure('post', '/api/v1/jobs', 422, 'Invalid', 'payload is invalid', { command: 'ls' });
    await expectFailure('post', '/api/v1/jobs', 422, 'Invalid', 'payload is invalid', { variables: { A: 1 } });
    expect((await call('get', '/api/v1/jobs')).body).toBeNull();
  });

  it('JOBID and JobId set jobId; unknown keys are ignored', async () => {
    await radix();
    expect((await call('post', '/api/v1/jobs', { JOBID: 'upper', whatever: 1 })).body.jobId).toBe('upper');
    const b = await call('post', '/api/v1/batches', { BatchId: 'b', JobScheduleDescriptions: [{ JobId: 'x', Variables: { KeepCase: 'v' } }] });
    expect(b.body.batchId).toBe('b');
    expect(b.body.jobStatuses[0].jobId).toBe('x');
  });

  it('null leaves a field unset, as in Go', async () => {
    await radix();
    const res = await call('post', '/api/v1/jobs', { jobId: null, payload: null, timeLimitSeconds: null, command: null, resources: null });
    expect(res.status).toBe(200);
    expect(res.body.jobId).toBeUndefined();
  });

  it('{"JobScheduleDescriptions":{}} is 422 "BatchScheduleDescription is invalid"; an empty body or list is the empty-list message', async () => {
    await radix();
    await expectFailure('post', '/api/v1/batches', 422, 'Invalid', 'BatchScheduleDescription is invalid', { JobScheduleDescriptions: {} });
    await expectFailure('post', '/api/v1/batches', 422, 'Invalid', 'BatchScheduleDescription is invalid', '{bad');
    await expectFailure('post', '/api/v1/batches', 422, 'Invalid', 'BatchScheduleDescription is invalid: empty job description list ');
    await expectFailure('post', '/api/v1/batches', 422, 'Invalid', 'BatchScheduleDescription is invalid: empty job description list ', {});
    await expectFailure('post', '/api/v1/batches', 422, 'Invalid', 'BatchScheduleDescription is invalid: empty job description list ', { jobScheduleDescriptions: [] });
  });
});

describe('handlers (radix): jobs', () => {
  it('GET /jobs returns only this component\'s jobs, of both types, without batchName', async () => {
    await radix();
    const mine = (await call('post', '/api/v1/jobs', {})).body.name;
    await call('post', '/api/v1/jobs', {}, 'other');
    const batch = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{}, {}] })).body;
    const jobs = (await call('get', '/api/v1/jobs')).body as { name: string; batchName?: string }[];
    expect(jobs.map((j) => j.name)).toEqual([mine, ...batch.jobStatuses.map((j: { name: string }) => j.name)]);
    expect(jobs.every((j) => j.batchName === undefined)).toBe(true);
  });

  it('GET /jobs/{F}: by full name, case-insensitively; any batch of the namespace; errors', async () => {
    await radix();
    const name = (await call('post', '/api/v1/jobs', { jobId: 'j' })).body.name as string;
    const others = (await call('post', '/api/v1/jobs', {}, 'other')).body.name as string;
    expect((await call('get', `/api/v1/jobs/${batchOf(name)}-${shortOf(name).toUpperCase()}`)).body.jobId).toBe('j');
    expect((await call('get', `/api/v1/jobs/${others}`)).status).toBe(200);
    await expectFailure('get', '/api/v1/jobs/anyjob', 500, 'InternalError', 'job anyjob is not a valid job name');
    // The reference's router sends GET /jobs/stop to GET /jobs/{jobName} (route overlap).
    // (openapi.yaml has no GET /jobs/stop: the answer is checked without the contract.)
    const stop = await e.http.get('/api/v1/jobs/stop');
    expect([stop.status, stop.body]).toEqual([500, { status: 'Failure', message: 'job stop is not a valid job name', reason: 'InternalError', code: 500 }]);
    await expectFailure('get', '/api/v1/jobs/batch-missing-abc', 404, 'NotFound', 'radixbatches batch-missing not found');
    await expectFailure('get', `/api/v1/jobs/${batchOf(name)}-zzzzzzzz`, 500, 'InternalError', 'not found');
  });

  it('POST /jobs: payload without payload.path is 500; a too large payload is 500', async () => {
    await radix();
    await expectFailure('post', '/api/v1/jobs', 500, 'InternalError', 'missing an expected payload path, but there is a payload in the job #0', { payload: 'x' }, 'other');
    const big = 'x'.repeat(392_665);
    const res = await call('post', '/api/v1/jobs', { payload: big });
    expect(res.status).toBe(500);
    expect(res.body.message).toMatch(/^payload is too large in the job #0 - its base64 size is \d+ bytes, but it is expected to be less then 524288 bytes$/);
    expect((await call('post', '/api/v1/jobs', { payload: 'x'.repeat(392_664) })).status).toBe(200);
  });

  it('POST /batches: a payload too large only when it is the first of a payload Secret (as the reference checks)', async () => {
    await radix();
    const big = 'x'.repeat(392_665);
    const first = await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{ payload: big }, { payload: 'small' }] });
    expect([first.status, first.body.message]).toEqual([500, expect.stringMatching(/^payload is too large in the job #0 - /)]);
    // After a payload that went into the first Secret, the large one gets a Secret of its own.
    const second = await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{ payload: 'small' }, { payload: big }, { payload: 'after' }] });
    expect(second.status).toBe(200);
    const secrets = (await e.runtime.sim.port('default').list('Secret')).filter((s) => s.metadata.name.startsWith(second.body.name));
    expect(secrets.map((s) => Object.keys(s.data ?? {}).length).sort()).toEqual([1, 1, 1]);
  });

  it('DELETE /jobs/{F}: errors and success', async () => {
    await radix();
    const name = (await call('post', '/api/v1/jobs', {})).body.name as string;
    const others = (await call('post', '/api/v1/jobs', {}, 'other')).body.name as string;
    const batch = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{}] })).body;
    const inBatch = batch.jobStatuses[0].name as string;
    await expectFailure('delete', '/api/v1/jobs/nodash', 422, 'Invalid', 'nodash is invalid: is not a valid job name');
    await expectFailure('delete', '/api/v1/jobs/batch-missing-abc', 404, 'NotFound', 'radixbatches batch-missing not found');
    // The reference gets the batch by name in the namespace, whatever its component, and deletes it.
    await expectSuccess('delete', `/api/v1/jobs/${others}`, `job ${others} successfully deleted`);
    await expectFailure('delete', `/api/v1/jobs/${inBatch}`, 422, 'Invalid', `${inBatch} is invalid: not a single job`);
    await expectFailure('delete', `/api/v1/jobs/${batchOf(name)}-zzzzzzzz`, 404, 'NotFound', `batch job ${batchOf(name)}-zzzzzzzz not found`);
    await expectSuccess('delete', `/api/v1/jobs/${name}`, `job ${name} successfully deleted`);
    await expectFailure('get', `/api/v1/jobs/${name}`, 404, 'NotFound', `radixbatches ${batchOf(name)} not found`);
  });

  it('POST /jobs/{F}/stop: errors, the Stopping window, then Stopped; stop keeps the payload secret', async () => {
    await radix();
    const name = (await call('post', '/api/v1/jobs', { payload: 'p' })).body.name as string;
    const others = (await call('post', '/api/v1/jobs', {}, 'other')).body.name as string;
    await e.advance(0);
    await expectFailure('post', '/api/v1/jobs/nodash/stop', 500, 'InternalError', 'stop of this job is not supported');
    await expectFailure('post', `/api/v1/jobs/${others}/stop`, 404, 'NotFound', `radixbatches ${batchOf(others)} not found`);
    await expectFailure('post', `/api/v1/jobs/${batchOf(name)}-zzzzzzzz/stop`, 404, 'NotFound', 'radixbatches.job zzzzzzzz not found');
    await expectSuccess('post', `/api/v1/jobs/${name}/stop`, `job ${name} was successfully stopped`);
    expect((await call('get', `/api/v1/jobs/${name}`)).body.status).toBe('Stopping');
    await e.advance(0);
    const stopped = (await call('get', `/api/v1/jobs/${name}`)).body;
    expect(stopped.status).toBe('Stopped');
    expect(stopped.ended).toBeTruthy();
    expect((await e.runtime.sim.port('default').list('Secret')).map((s) => s.metadata.name)).toEqual([`${batchOf(name)}-payloads-0`]);
    await expectFailure('post', `/api/v1/jobs/${name}/stop`, 400, 'BadRequest', `cannot stop the job ${batchOf(name)} with the status Completed`);
  });

  it('POST /jobs/stop stops only unfinished single jobs of this component', async () => {
    await radix();
    const running = (await call('post', '/api/v1/jobs', { variables: { WORKLOAD_SECONDS: '100' } })).body.name as string;
    const done = (await call('post', '/api/v1/jobs', { variables: { WORKLOAD_SECONDS: '1' } })).body.name as string;
    const others = (await call('post', '/api/v1/jobs', { variables: { WORKLOAD_SECONDS: '100' } }, 'other')).body.name as string;
    const batch = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{ variables: { WORKLOAD_SECONDS: '100' } }] })).body;
    await e.advance(5);
    await expectSuccess('post', '/api/v1/jobs/stop', 'all jobs where successfully stopped');
    await e.advance(0);
    expect((await call('get', `/api/v1/jobs/${running}`)).body.status).toBe('Stopped');
    expect((await call('get', `/api/v1/jobs/${done}`)).body.status).toBe('Succeeded');
    expect((await call('get', `/api/v1/jobs/${others}`)).body.status).toBe('Running');
    expect((await call('get', `/api/v1/batches/${batch.name}`)).body.jobStatuses[0].status).toBe('Running');
  });
});

describe('handlers (radix): batches', () => {
  it('create: one secret holding every payload keyed by the short name; labels; jobIds', async () => {
    await radix();
    const b = (await call('post', '/api/v1/batches', { batchId: 'bid', jobScheduleDescriptions: [{ jobId: 'a', payload: 'pa' }, { jobId: 'b', payload: 'pb' }] })).body;
    expect(b.jobStatuses.map((j: { jobId: string }) => j.jobId)).toEqual(['a', 'b']);
    const port = e.runtime.sim.port('default');
    const rb = await port.get('RadixBatch', b.name);
    expect(rb!.metadata.labels).toMatchObject({ 'radix-component': 'compute', 'radix-batch-type': 'batch', 'radix-batch-cron': 'false' });
    const secrets = await port.list('Secret');
    expect(secrets).toHaveLength(1);
    expect(Object.keys(secrets[0]!.data!).sort()).toEqual(b.jobStatuses.map((j: { name: string }) => shortOf(j.name)).sort());
  });

  it('GET /batches lists type batch of this component; GET /batches/{B} reaches any batch', async () => {
    await radix();
    const single = (await call('post', '/api/v1/jobs', {})).body.name as string;
    const others = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{}] }, 'other')).body.name as string;
    const mine = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{}] })).body.name as string;
    expect(((await call('get', '/api/v1/batches')).body as { name: string }[]).map((b) => b.name)).toEqual([mine]);
    const asBatch = (await call('get', `/api/v1/batches/${batchOf(single)}`)).body;
    expect(asBatch).toMatchObject({ batchType: 'job', status: 'Waiting' });
    expect((await call('get', `/api/v1/batches/${others}`)).status).toBe(200);
    await expectFailure('get', '/api/v1/batches/batch-nope', 404, 'NotFound', 'radixbatches batch-nope not found');
  });

  it("another component's batch of several objects is read from the cluster: every job in order, its jobs, its deletion", async () => {
    e = await startEngine({ sim: EXACT, profile: 'radix', maxBatchSize: 1_200, components: [{ name: 'compute' }, { name: 'other' }] });
    const jobs = Array.from({ length: 1_200 }, (_, i) => ({ jobId: `j${i}` }));
    const name = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: jobs }, 'other')).body.name as string;
    await e.idle();
    // compute's cache holds its own component's batches only.
    expect(e.manager('compute').cache.batch(name)).toBeUndefined();
    const own = (await call('get', `/api/v1/batches/${name}`, undefined, 'other')).body;
    const read = (await call('get', `/api/v1/batches/${name}`)).body;
    expect(read.jobStatuses.map((j: { jobId: string }) => j.jobId)).toEqual(jobs.map((j) => j.jobId));
    expect(read).toEqual(own);
    const job = own.jobStatuses[700].name as string;
    expect((await call('get', `/api/v1/batches/${name}/jobs/${job}`)).body).toEqual((await call('get', `/api/v1/batches/${name}/jobs/${job}`, undefined, 'other')).body);
    expect((await call('get', `/api/v1/jobs/${job}`)).body).toEqual((await call('get', `/api/v1/jobs/${job}`, undefined, 'other')).body);
    await expectSuccess('delete', `/api/v1/batches/${name}`, `batch ${name} successfully deleted`);
    await e.idle();
    await expectFailure('get', `/api/v1/batches/${name}`, 404, 'NotFound', `radixbatches ${name} not found`, undefined, 'other');
    expect(e.errors).toEqual([]);
  });

  it('GET /batches/{B}/jobs/{F}: full name, case-insensitive; missing job is 500 "not found"', async () => {
    await radix();
    const b = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{ jobId: 'x' }] })).body;
    const F = b.jobStatuses[0].name as string;
    expect((await call('get', `/api/v1/batches/${b.name}/jobs/${F.toUpperCase()}`)).body.jobId).toBe('x');
    await expectFailure('get', `/api/v1/batches/${b.name}/jobs/${shortOf(F)}`, 500, 'InternalError', 'not found');
    await expectFailure('get', `/api/v1/batches/batch-nope/jobs/${F}`, 404, 'NotFound', 'radixbatches batch-nope not found');
  });

  it('stop batch, stop a job of a batch, stop all batches, and their errors', async () => {
    await radix();
    const slow = { variables: { WORKLOAD_SECONDS: '100' } };
    const b = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{ variables: { WORKLOAD_SECONDS: '1' } }, slow, slow] })).body;
    const [j1, j2, j3] = (b.jobStatuses as { name: string }[]).map((j) => shortOf(j.name)) as [string, string, string];
    const single = (await call('post', '/api/v1/jobs', slow)).body.name as string;
    const b2 = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [slow] })).body.name as string;
    await e.advance(2);
    // A finished job of an active batch.
    await expectFailure('post', `/api/v1/batches/${b.name}/jobs/${j1}/stop`, 400, 'BadRequest', `cannot stop the job ${j1} with the status Succeeded in the batch ${b.name}`);
    await expectFailure('post', `/api/v1/batches/${b.name}/jobs/zzzzzzzz/stop`, 404, 'NotFound', 'radixbatches.job zzzzzzzz not found');
    await expectSuccess('post', `/api/v1/batches/${b.name}/jobs/${j2}/stop`, `job ${j2} in the batch ${b.name} successfully stopped`);
    // A single job can be stopped through the batch route too.
    await expectSuccess('post', `/api/v1/batches/${batchOf(single)}/jobs/${shortOf(single)}/stop`, `job ${shortOf(single)} in the batch ${batchOf(single)} successfully stopped`);
    await e.advance(0);
    await expectFailure('post', `/api/v1/batches/${b.name}/jobs/${j2}/stop`, 400, 'BadRequest', `cannot stop the job ${j2} with the status Stopped in the batch ${b.name}`);
    // Stop the batch: a single-job batch is not found on this route.
    await expectFailure('post', `/api/v1/batches/${batchOf(single)}/stop`, 404, 'NotFound', `radixbatches ${batchOf(single)} not found`);
    await expectSuccess('post', `/api/v1/batches/${b.name}/stop`, `batch ${b.name} successfully stopped`);
    await e.advance(0);
    const done = (await call('get', `/api/v1/batches/${b.name}`)).body;
    expect(done.status).toBe('Completed');
    expect(done.jobStatuses.map((j: { status: string }) => j.status)).toEqual(['Succeeded', 'Stopped', 'Stopped']);
    expect(j3).toBeTruthy();
    await expectFailure('post', `/api/v1/batches/${b.name}/stop`, 400, 'BadRequest', `cannot stop the batch ${b.name} with the status Completed`);
    await expectSuccess('post', '/api/v1/batches/stop', 'batches successfully stopped');
    await e.advance(0);
    expect((await call('get', `/api/v1/batches/${b2}`)).body.status).toBe('Completed');
    await expectSuccess('delete', `/api/v1/batches/${b.name}`, `batch ${b.name} successfully deleted`);
    await expectFailure('delete', `/api/v1/batches/${b.name}`, 404, 'NotFound', `radixbatches ${b.name} not found`);
  });
});
