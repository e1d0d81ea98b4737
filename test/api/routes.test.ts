// Every Job Manager route, success and error paths, in both compatibility profiles. Each response
// is checked against openapi.yaml; every rejected request leaves the state unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { expectContract, startHarness, type Harness, EXACT } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.stop());

async function call(method: 'get' | 'post' | 'delete', path: string, body?: unknown) {
  const req = h.http[method](path);
  const res = body === undefined ? await req : await req.send(body as object);
  expectContract(method, path, res);
  return res;
}

/** The observable state: both lists. Used to prove a rejected request changed nothing. */
async function snapshot() {
  const jobs = await h.http.get('/api/v1/jobs');
  const batches = await h.http.get('/api/v1/batches');
  return JSON.stringify([jobs.body, batches.body]);
}

async function expectError(method: 'get' | 'post' | 'delete', path: string, code: number, message: string | RegExp, body?: unknown) {
  await h.advance(0);
  const before = await snapshot();
  const res = await call(method, path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(code);
  expect(res.body.status).toBe('Failure');
  expect(res.body.code).toBe(code);
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else expect(res.body.message).toMatch(message);
  await h.advance(0);
  expect(await snapshot()).toBe(before);
  return res;
}

describe('documented profile', () => {
  it('creates a job from an empty body, lists it, gets it, stops it and deletes it', async () => {
    // Exact times (latency off): the job is Running, and Stopped, in the instant after each request.
    h = await startHarness({ sim: EXACT });
    expect((await call('get', '/api/v1/jobs')).body).toEqual([]);
    const created = await call('post', '/api/v1/jobs');
    expect(created.status).toBe(200);
    const name = created.body.name as string;
    expect(name).toMatch(/^batch-compute-\d{14}-[a-z0-9]{8}-[a-z0-9]{8}$/);
    expect(created.body).toEqual({ name, created: '', started: '', ended: '', status: 'Waiting', updated: '' });

    await h.advance(0);
    const list = await call('get', '/api/v1/jobs');
    expect(list.body.map((j: { name: string }) => j.name)).toEqual([name]);
    expect((await call('get', `/api/v1/jobs/${name}`)).body.status).toBe('Running');

    const stop = await call('post', `/api/v1/jobs/${name}/stop`);
    expect(stop.body).toEqual({ status: 'Success', message: `job ${name} successfully stopped`, code: 200 });
    expect((await call('get', `/api/v1/jobs/${name}`)).body.status).toBe('Stopping');
    await h.advance(0);
    const stopped = (await call('get', `/api/v1/jobs/${name}`)).body;
    expect(stopped).toMatchObject({ status: 'Stopped', ended: '2026-01-01T00:00:00Z' });
    expect(stopped.podStatuses[0].replicaStatus.status).toBe('Stopped');

    await expectError('post', `/api/v1/jobs/${name}/stop`, 400, `cannot stop the job ${name} with the status Stopped`);

    const del = await call('delete', `/api/v1/jobs/${name}`);
    expect(del.body).toEqual({ status: 'Success', message: `job ${name} successfully deleted`, code: 200 });
    await expectError('get', `/api/v1/jobs/${name}`, 404, `job ${name} not found`);
    await expectError('delete', `/api/v1/jobs/${name}`, 404, `job ${name} not found`);
    expect((await call('get', '/api/v1/jobs')).body).toEqual([]);
    await h.idle();
    // Deleting the job removed its Kubernetes objects.
    expect(h.sim.store.count('Job') + h.sim.store.count('Pod') + h.sim.store.count('RadixBatch')).toBe(0);
  });

  it('rejects bad job input with the error shape and changes nothing', async () => {
    h = await startHarness();
    await expectError('post', '/api/v1/jobs', 400, /^payload is invalid: the body is not valid JSON/, '{"jobId": ');
    await expectError('post', '/api/v1/jobs', 422, 'payload is invalid: body.timeLimitSeconds: must be integer', { timeLimitSeconds: '10' });
    await expectError('post', '/api/v1/jobs', 422, /timeLimitSeconds/, { timeLimitSeconds: 0 });
    await expectError('post', '/api/v1/jobs', 422, /backoffLimit/, { backoffLimit: -1 });
    await expectError('post', '/api/v1/jobs', 422, /payload/, { payload: {} });
    await expectError('post', '/api/v1/jobs', 422, /command/, { command: 'ls' });
    await expectError('post', '/api/v1/jobs', 422, /must be object/, [1, 2]);
    await expectError('post', '/api/v1/jobs', 422, /resources\.limits\.memory "32Mx" is not a valid Kubernetes quantity/, { resources: { limits: { memory: '32Mx' } } });
    await expectError('post', '/api/v1/jobs', 422, /exit code 0 cannot be used with the In operator/, {
      failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 1] } }] },
    });
  });

  it('answers unknown names, routes and methods with the error shape', async () => {
    h = await startHarness();
    await expectError('get', '/api/v1/jobs/nodash', 404, 'job nodash not found');
    await expectError('get', '/api/v1/jobs/batch-compute-20260101000000-abcdefgh-ijklmnop', 404, 'job batch-compute-20260101000000-abcdefgh-ijklmnop not found');
    await expectError('post', '/api/v1/jobs/no-such/stop', 404, 'job no-such not found');
    await expectError('get', '/api/v1/batches/no-such', 404, 'batch no-such not found');
    await expectError('delete', '/api/v1/batches/no-such', 404, 'batch no-such not found');
    await expectError('post', '/api/v1/batches/no-such/stop', 404, 'batch no-such not found');
    // Found by the conformance kit: a job name ending in "-" once crashed this route with a 500.
    await expectError('post', '/api/v1/batches/batch--/jobs/batch-5--/stop', 404, 'job batch-5-- not found in the batch batch--');
    await expectError('post', '/api/v1/batches/x/jobs/O7-/stop', 404, 'job O7- not found in the batch x');
    const route = await h.http.get('/api/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body).toMatchObject({ status: 'Failure', reason: 'NotFound', code: 404 });
    const method = await h.http.put('/api/v1/jobs');
    expect(method.status).toBe(405);
    expect(method.body).toMatchObject({ status: 'Failure', reason: 'MethodNotAllowed', code: 405 });
  });

  it('answers a body over the limit with 413 in the error shape', async () => {
    h = await startHarness({ bodyLimit: '1kb' });
    const res = await h.http.post('/api/v1/jobs').send({ payload: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 'Failure', reason: 'RequestEntityTooLarge', code: 413 });
    expect((await h.http.get('/api/v1/jobs')).body).toEqual([]);
  });

  it('serves a list path with a trailing slash like the path without it', async () => {
    h = await startHarness();
    await h.createJob();
    const res = await h.http.get('/api/v1/jobs/');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
  });

  it('creates a batch and serves every batch route', async () => {
    // Exact times (latency off): the jobs have Succeeded exactly when their run time is over.
    h = await startHarness({ sim: EXACT });
    expect((await call('get', '/api/v1/batches')).body).toEqual([]);
    const created = await call('post', '/api/v1/batches', {
      batchId: 'my-batch',
      defaultRadixJobComponentConfig: { variables: { WORKLOAD_SECONDS: '30' } },
      jobScheduleDescriptions: [{ jobId: 'one' }, { jobId: 'two' }, { jobId: 'three', variables: { WORKLOAD_SECONDS: '1' } }],
    });
    const batch = created.body;
    expect(batch.name).toMatch(/^batch-compute-\d{14}-[a-z0-9]{8}$/);
    expect(batch).toMatchObject({ batchId: 'my-batch', batchName: batch.name, status: 'Waiting', batchType: 'batch' });
    expect(batch.jobStatuses.map((j: { jobId: string; status: string; batchName: string }) => [j.jobId, j.status, j.batchName])).toEqual([
      ['one', 'Waiting', batch.name],
      ['two', 'Waiting', batch.name],
      ['three', 'Waiting', batch.name],
    ]);
    const [one, two, three] = batch.jobStatuses.map((j: { name: string }) => j.name) as [string, string, string];

    // Batch jobs are not in GET /jobs, but GET /jobs/{name} finds them.
    expect((await call('get', '/api/v1/jobs')).body).toEqual([]);
    await h.advance(2);
    expect((await call('get', `/api/v1/jobs/${three}`)).body).toMatchObject({ status: 'Succeeded', batchName: batch.name, jobId: 'three' });
    expect((await call('get', `/api/v1/batches/${batch.name}/jobs/${one}`)).body).toMatchObject({ name: one, status: 'Running' });
    const short = one.slice(batch.name.length + 1);
    expect((await call('get', `/api/v1/batches/${batch.name}/jobs/${short}`)).body.name).toBe(one);
    await expectError('get', `/api/v1/batches/${batch.name}/jobs/${batch.name}-zzzzzzzz`, 404, `job ${batch.name}-zzzzzzzz not found`);

    const list = await call('get', '/api/v1/batches');
    expect(list.body.map((b: { name: string; status: string }) => [b.name, b.status])).toEqual([[batch.name, 'Running']]);

    // Stop one job by its full name (as the docs do) and one by its short name.
    const stopOne = await call('post', `/api/v1/batches/${batch.name}/jobs/${one}/stop`);
    expect(stopOne.body.message).toBe(`job ${one} in the batch ${batch.name} successfully stopped`);
    const stopTwo = await call('post', `/api/v1/batches/${batch.name}/jobs/${two.slice(batch.name.length + 1)}/stop`);
    expect(stopTwo.body.code).toBe(200);
    await expectError('post', `/api/v1/batches/${batch.name}/jobs/${three}/stop`, 400, `cannot stop the job ${three.slice(batch.name.length + 1)} with the status Succeeded in the batch ${batch.name}`);
    await h.advance(0);
    const done = (await call('get', `/api/v1/batches/${batch.name}`)).body;
    expect(done.jobStatuses.map((j: { status: string }) => j.status)).toEqual(['Stopped', 'Stopped', 'Succeeded']);
    expect(done).toMatchObject({ status: 'Stopped', ended: '2026-01-01T00:00:02Z' });
    await expectError('post', `/api/v1/batches/${batch.name}/stop`, 400, `cannot stop the batch ${batch.name} with the status Completed`);
    // A job of a batch cannot be deleted on its own.
    await expectError('delete', `/api/v1/jobs/${one}`, 422, /only single jobs can be deleted/);

    const del = await call('delete', `/api/v1/batches/${batch.name}`);
    expect(del.body).toEqual({ status: 'Success', message: `batch ${batch.name} successfully deleted`, code: 200 });
    await expectError('get', `/api/v1/batches/${batch.name}`, 404, `batch ${batch.name} not found`);
    await h.idle();
    expect(h.sim.store.count('Job') + h.sim.store.count('Pod') + h.sim.store.count('RadixBatch')).toBe(0);
  });

  it('stops a whole batch, and stops all jobs and all batches', async () => {
    // Exact times (latency off): each stop is Stopped in the instant after it.
    h = await startHarness({ sim: EXACT });
    const b1 = await h.createBatch({ jobScheduleDescriptions: [{}, {}] });
    const b2 = await h.createBatch({ jobScheduleDescriptions: [{}] });
    const j1 = await h.createJob();
    await h.advance(0);
    expect((await call('post', `/api/v1/batches/${b1.name}/stop`)).body.message).toBe(`batch ${b1.name} successfully stopped`);
    expect((await call('get', `/api/v1/batches/${b1.name}`)).body.status).toBe('Stopping');
    expect((await call('post', '/api/v1/batches/stop')).body).toEqual({ status: 'Success', message: 'batches successfully stopped', code: 200 });
    expect((await call('post', '/api/v1/jobs/stop')).body).toEqual({ status: 'Success', message: 'all jobs successfully stopped', code: 200 });
    await h.advance(0);
    for (const b of [b1, b2]) expect((await call('get', `/api/v1/batches/${b.name}`)).body.status).toBe('Stopped');
    expect((await call('get', `/api/v1/jobs/${j1.name}`)).body.status).toBe('Stopped');
  });

  it('rejects bad batch input', async () => {
    h = await startHarness({ maxBatchSize: 3 });
    await expectError('post', '/api/v1/batches', 422, 'BatchScheduleDescription is invalid: empty job description list ');
    await expectError('post', '/api/v1/batches', 422, /jobScheduleDescriptions/, { jobScheduleDescriptions: [] });
    await expectError('post', '/api/v1/batches', 422, /jobScheduleDescriptions/, { jobScheduleDescriptions: {} });
    await expectError('post', '/api/v1/batches', 400, /^BatchScheduleDescription is invalid: the body is not valid JSON/, '[{');
    await expectError('post', '/api/v1/batches', 422, /exceed the maximum batch size of 3/, { jobScheduleDescriptions: [{}, {}, {}, {}] });
    await expectError('post', '/api/v1/batches', 422, /job #1: resources.requests.cpu "lots"/, {
      jobScheduleDescriptions: [{}, { resources: { requests: { cpu: 'lots' } } }],
    });
  });
});

describe('radix profile', () => {
  it('serves the reference behaviour for single jobs', async () => {
    // Exact times (latency off): the job is Running in the instant after creation.
    h = await startHarness({ sim: EXACT, profile: 'radix' });
    expect((await call('get', '/api/v1/jobs')).body).toBeNull();
    const created = await call('post', '/api/v1/jobs', { jobId: 'j1' });
    const name = created.body.name as string;
    expect(name).toHaveLength(55);
    expect(created.body).toEqual({ jobId: 'j1', name, created: null, started: null, ended: null, status: 'Waiting', updated: null, DeploymentName: '' });
    await h.advance(0);
    const got = (await call('get', `/api/v1/jobs/${name}`)).body;
    expect(got).toMatchObject({ status: 'Running', ended: null, updated: null, DeploymentName: '' });
    expect(got.podStatuses[0].podIndex).toBeUndefined();
    expect((await call('post', `/api/v1/jobs/${name}/stop`)).body.message).toBe(`job ${name} was successfully stopped`);
    await h.advance(0);
    const batchName = name.slice(0, name.lastIndexOf('-'));
    await expectError('post', `/api/v1/jobs/${name}/stop`, 400, `cannot stop the job ${batchName} with the status Completed`);
    await expectError('get', '/api/v1/jobs/nodash', 500, 'job nodash is not a valid job name');
    await expectError('get', `/api/v1/jobs/${batchName}-zzzzzzzz`, 500, 'not found');
    await expectError('get', '/api/v1/jobs/batch-x-y', 404, 'radixbatches batch-x not found');
    await expectError('delete', '/api/v1/jobs/nodash', 422, 'nodash is invalid: is not a valid job name');
    await expectError('post', '/api/v1/jobs/nodash/stop', 500, 'stop of this job is not supported');
    await expectError('post', '/api/v1/jobs', 422, /^payload is invalid/, '{bad');
    expect((await call('post', '/api/v1/jobs/stop')).body.message).toBe('all jobs where successfully stopped');
  });

  it('serves the reference behaviour for batches', async () => {
    // Exact times (latency off): the batch is Active in the instant after creation.
    h = await startHarness({ sim: EXACT, profile: 'radix' });
    expect((await call('get', '/api/v1/batches')).body).toBeNull();
    const b = (await call('post', '/api/v1/batches', { batchId: 'x', jobScheduleDescriptions: [{ variables: { WORKLOAD_SECONDS: '1' } }, {}] })).body;
    expect(b.name).toHaveLength(46);
    expect(b).toMatchObject({ batchId: 'x', status: 'Waiting', batchType: 'batch', started: null, ended: null, DeploymentName: 'jobsim-deployment' });
    expect(b.batchName).toBeUndefined();
    expect(b.jobStatuses[0].batchName).toBeUndefined();
    // GET /jobs includes jobs of batches in the radix profile.
    expect((await call('get', '/api/v1/jobs')).body).toHaveLength(2);
    await h.advance(0);
    expect((await call('get', `/api/v1/batches/${b.name}`)).body.status).toBe('Active');
    const [first, second] = b.jobStatuses.map((j: { name: string }) => j.name) as [string, string];
    // The batch-job stop route takes only the short name.
    await expectError('post', `/api/v1/batches/${b.name}/jobs/${second}/stop`, 404, `radixbatches ${b.name}-${second.slice(0, second.lastIndexOf('-'))} not found`);
    const shortSecond = second.slice(b.name.length + 1);
    expect((await call('post', `/api/v1/batches/${b.name}/jobs/${shortSecond}/stop`)).body.message).toBe(`job ${shortSecond} in the batch ${b.name} successfully stopped`);
    await h.advance(1);
    await expectError('post', `/api/v1/batches/${b.name}/jobs/${first.slice(b.name.length + 1)}/stop`, 400, `cannot stop the batch ${b.name} with the status Completed`);
    const done = (await call('get', `/api/v1/batches/${b.name}`)).body;
    expect(done).toMatchObject({ status: 'Completed', ended: '2026-01-01T00:00:01Z' });
    expect(done.jobStatuses.map((j: { status: string }) => j.status)).toEqual(['Succeeded', 'Stopped']);
    await expectError('get', `/api/v1/batches/${b.name}/jobs/${b.name}-zzzzzzzz`, 500, 'not found');
    await expectError('post', '/api/v1/batches', 422, 'BatchScheduleDescription is invalid: empty job description list ');
  });
});
