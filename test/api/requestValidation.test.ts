// The request checks compiled from openapi.yaml (src/api/requestValidation.ts,
// src/api/generated/validators.ts): what a request that names no operation, a wrong method, a bad
// query or a body that does not match its schema is answered, in both profiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

describe('request validation (documented)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ profile: 'documented' });
  });
  afterAll(() => h.runtime.stop());

  it('answers a path of no operation 404 and a method the path lacks 405 with Allow', async () => {
    const missing = await h.http.get('/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ status: 'Failure', message: 'route /api/v1/nothing not found', reason: 'NotFound', code: 404 });
    const put = await h.http.put('/api/v1/jobs');
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST');
    expect(put.body).toEqual({ status: 'Failure', message: 'PUT method not allowed', reason: 'MethodNotAllowed', code: 405 });
    // A static path is matched before a parameter: GET /api/v1/jobs/stop is not getJob.
    const stop = await h.http.get('/api/v1/jobs/stop');
    expect(stop.status).toBe(405);
    expect(stop.headers.allow).toBe('POST');
  });

  it('refuses unknown, empty and unencoded query parameters, and coerces known ones', async () => {
    const unknown = await h.http.get('/api/v1/jobs?limit=3');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe("request is invalid: .query.limit: Unknown query parameter 'limit'");
    const empty = await h.http.get('/sim/v1/events?since=');
    expect(empty.body.message).toBe("request is invalid: .query.since: Empty value found for query parameter 'since'");
    const reserved = await h.http.get('/sim/v1/events?format=a:b');
    expect(reserved.body.message).toBe("request is invalid: .query.format: Parameter 'format' must be url encoded. Its value may not contain reserved characters.");
    const notInteger = await h.http.get('/sim/v1/events?since=abc');
    expect(notInteger.body.message).toBe('request is invalid: .query.since: must be integer');
    // A number with a space or a newline around it is not one (the coercion alone took "2\n" for 2:
    // Schemathesis found it).
    for (const padded of ['2%0A', '%202', '2%20', '0x10', '1e1']) {
      const res = await h.http.get(`/sim/v1/events?since=${padded}`);
      expect(res.status, padded).toBe(400);
      expect(res.body.message, padded).toBe('request is invalid: .query.since: must be integer');
    }
    const badEnum = await h.http.get('/sim/v1/events?format=xml');
    expect(badEnum.body.message).toBe('request is invalid: .query.format: must be equal to one of the allowed values: json, jsonl');
    const ok = await h.http.get('/sim/v1/events?since=0');
    expect(ok.status).toBe(200);
  });

  it('answers a body that does not match its schema 422 with each failed check', async () => {
    const res = await h.http.post('/api/v1/jobs').send({ backoffLimit: -1 });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ status: 'Failure', message: 'payload is invalid: body.backoffLimit: must be >= 0', reason: 'Invalid', code: 422 });
    const batch = await h.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{ runtime: { architecture: 'x86' } }] });
    expect(batch.body.message).toBe(
      'BatchScheduleDescription is invalid: body.jobScheduleDescriptions.0.runtime.architecture: must be equal to one of the allowed values: amd64, arm64, ',
    );
    const noBody = await h.http.post('/sim/v1/clock/advance');
    expect(noBody.status).toBe(422);
    expect(noBody.body.message).toBe('request is invalid: a JSON object body is required');
  });
});

describe('request validation (radix)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ profile: 'radix' });
  });
  afterAll(() => h.runtime.stop());

  it("checks a Job Manager body only for what Go's decoder refuses", async () => {
    const type = await h.http.post('/api/v1/jobs').send({ backoffLimit: 'x' });
    expect(type.status).toBe(422);
    expect(type.body).toEqual({ status: 'Failure', message: 'payload is invalid', reason: 'Invalid', code: 422 });
    const int32 = await h.http.post('/api/v1/jobs').send({ backoffLimit: 2 ** 31 });
    expect(int32.body.message).toBe('payload is invalid');
    // A range the documented schema checks is the CRD's to refuse, later (not a decode error).
    const range = await h.http.post('/api/v1/jobs').send({ backoffLimit: -1 });
    expect(range.body.message).not.toBe('payload is invalid');
  });

  it('still checks the simulator API in full', async () => {
    const res = await h.http.post('/sim/v1/clock/advance').send({ seconds: -1 });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/^request is invalid: body\.seconds: must be >= 0/);
  });
});
