// The documented profile's choices where it differs from the reference (COMPATIBILITY.md).
import { afterEach, describe, expect, it } from 'vitest';
import { expectContract } from '../support/harness.js';
import { startEngine } from './engineHarness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let e: Engine;
afterEach(() => e?.stop());

async function call(method: 'get' | 'post' | 'delete', path: string, body?: unknown, component = 'compute') {
  const req = e.httpOf(component)[method](path);
  const res = body === undefined ? await req : await req.send(body as object);
  expectContract(method, path, res);
  return res;
}

describe('documented profile', () => {
  it('payload errors are client errors with a clear message', async () => {
    e = await startEngine({ components: [{ name: 'compute' }, { name: 'etl', payloadPath: undefined }] });
    const noPath = await call('post', '/api/v1/jobs', { payload: 'x' }, 'etl');
    expect(noPath.status).toBe(422);
    expect(noPath.body.message).toBe('missing an expected payload path, but there is a payload in the job #0');
    const big = await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{ payload: 'ok' }, { payload: 'x'.repeat(400_000) }] });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ reason: 'RequestEntityTooLarge', message: 'payload of job #1 is 400000 bytes; the limit is 392664 bytes' });
    expect((await call('get', '/api/v1/batches')).body).toEqual([]);
  });

  it('a job of a batch is stopped by its full or short name; a missing one is 404', async () => {
    e = await startEngine();
    const slow = { variables: { WORKLOAD_SECONDS: '100' } };
    const b = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [slow, slow] })).body;
    const [full1, full2] = (b.jobStatuses as { name: string }[]).map((j) => j.name) as [string, string];
    expect(b.batchName).toBe(b.name);
    expect(b.jobStatuses[0].batchName).toBe(b.name);
    await e.advance(1);
    const byFull = await call('post', `/api/v1/batches/${b.name}/jobs/${full1}/stop`);
    expect(byFull.body.message).toBe(`job ${full1} in the batch ${b.name} successfully stopped`);
    const short2 = full2.slice(b.name.length + 1);
    expect((await call('post', `/api/v1/batches/${b.name}/jobs/${short2}/stop`)).status).toBe(200);
    const missing = await call('get', `/api/v1/batches/${b.name}/jobs/${b.name}-zzzzzzzz`);
    expect(missing.status).toBe(404);
    await e.advance(0);
    const done = (await call('get', `/api/v1/batches/${b.name}`)).body;
    expect(done.status).toBe('Stopped');
    expect(done.ended).not.toBe('');
  });

  it('GET /jobs lists single jobs only; a finished batch is Succeeded or Failed without rules', async () => {
    e = await startEngine();
    const single = (await call('post', '/api/v1/jobs', {})).body.name;
    const ok = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{}, {}] })).body.name;
    const bad = (await call('post', '/api/v1/batches', { jobScheduleDescriptions: [{}, { variables: { WORKLOAD_EXIT_CODE: '1' } }] })).body.name;
    await e.idle();
    expect((await call('get', '/api/v1/jobs')).body.map((j: { name: string }) => j.name)).toEqual([single]);
    expect((await call('get', `/api/v1/batches/${ok}`)).body.status).toBe('Succeeded');
    expect((await call('get', `/api/v1/batches/${bad}`)).body.status).toBe('Failed');
  });

  it('other components\' batches are not visible', async () => {
    e = await startEngine({ components: [{ name: 'compute' }, { name: 'etl' }] });
    const theirs = (await call('post', '/api/v1/jobs', {}, 'etl')).body.name as string;
    expect((await call('get', `/api/v1/jobs/${theirs}`)).status).toBe(404);
    expect((await call('get', `/api/v1/batches/${theirs.slice(0, theirs.lastIndexOf('-'))}`)).status).toBe(404);
    expect((await call('delete', `/api/v1/batches/${theirs.slice(0, theirs.lastIndexOf('-'))}`)).status).toBe(404);
  });
});
