// What the running reference answered in test/reference (the differential suite), pinned here as
// fast tests of the radix profile on the simulator: the reference's router, Go's decoder, the
// apiserver's CRD messages, the job name split, status rules over recorded jobs.
import { afterEach, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/engine/profile.js';
import { startEngine } from './engineHarness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let e: Engine;
afterEach(() => e?.stop());

const BATCH = /^batch-compute[a-z0-9]{9}-\d{14}-[a-z0-9]{8}$/;

async function radix(profile = PROFILES.radix) {
  e = await startEngine({
    profile,
    components: [
      {
        name: 'compute',
        payloadPath: '/compute/args',
        batchStatusRules: [{ condition: 'All', operator: 'In', jobStatuses: ['Succeeded', 'Stopped'], batchStatus: 'Succeeded' }],
      },
    ],
  });
}

describe('radix: the reference router (gin)', () => {
  it('answers gin\'s plain-text 404 for paths and methods it has no route for', async () => {
    await radix();
    for (const [method, path] of [
      ['get', '/api/v1/nope'],
      ['get', '/'],
      ['get', '/API/V1/JOBS'],
      ['get', '/api/v1/jobs/abc%2Fdef'],
      ['post', '/api/v1/jobs/a-b/c'],
    ] as const) {
      const res = await e.http[method](path);
      expect([method, path, res.status, res.headers['content-type'], res.text]).toEqual([method, path, 404, 'text/plain', '404 page not found']);
    }
  });

  it('answers 405 with the error shape for a method a route\'s path does not have (the reference: 404)', async () => {
    await radix();
    for (const [method, path, allow] of [
      ['put', '/api/v1/jobs', 'GET, POST'],
      ['delete', '/api/v1/jobs', 'GET, POST'],
      ['get', '/api/v1/jobs/a-b/stop', 'POST'],
      ['head', '/api/v1/jobs/a-b', 'GET, DELETE'],
    ] as const) {
      const res = await e.http[method](path);
      expect([method, path, res.status, res.headers.allow]).toEqual([method, path, 405, allow]);
      if (method !== 'head') expect(res.body).toEqual({ status: 'Failure', message: `${method.toUpperCase()} method not allowed`, reason: 'MethodNotAllowed', code: 405 });
    }
  });

  it('redirects a trailing slash (301 for GET with a link, 307 otherwise) and serves cleaned paths', async () => {
    await radix();
    const get = await e.http.get('/api/v1/jobs/a-b/?x=1');
    expect([get.status, get.headers.location, get.headers['content-type'], get.text]).toEqual([301, '/api/v1/jobs/a-b?x=1', 'text/html; charset=utf-8', '<a href="/api/v1/jobs/a-b?x=1">Moved Permanently</a>.\n\n']);
    const post = await e.http.post('/api/v1/jobs/a-b/stop/');
    expect([post.status, post.headers.location, post.text]).toEqual([307, '/api/v1/jobs/a-b/stop', '']);
    for (const path of ['/api/v1//batches/batch-x', '//api/v1/batches/batch-x', '/api/v1/jobs/../batches/batch-x', '/api%2Fv1/batches/batch-x', '/api/v1/batches/batch-x?limit=1']) {
      const res = await e.http.get(path);
      expect([path, res.status, res.body.message]).toEqual([path, 404, 'radixbatches batch-x not found']);
    }
  });

  it('refuses a malformed escape as Go\'s server does, and routes GET /jobs/stop to GET /jobs/{name}', async () => {
    await radix();
    const bad = await e.http.get('/api/v1/jobs/a-%zz');
    expect([bad.status, bad.headers['content-type'], bad.text]).toEqual([400, 'text/plain; charset=utf-8', '400 Bad Request']);
    const stop = await e.http.get('/api/v1/jobs/stop');
    expect([stop.status, stop.body.message]).toEqual([500, 'job stop is not a valid job name']);
    const del = await e.http.delete('/api/v1/jobs/stop');
    expect([del.status, del.body.message]).toEqual([422, 'stop is invalid: is not a valid job name']);
  });
});

describe('radix: Go\'s decoder', () => {
  it('reads null as Go does and refuses a blank body and integers that do not fit', async () => {
    await radix();
    const nulls = await e.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [null, { variables: { A: null }, command: [null] }] });
    expect(nulls.status).toBe(200);
    expect(nulls.body.jobStatuses).toHaveLength(2);
    const blank = await e.http.post('/api/v1/jobs').set('content-type', 'application/json').send('  \n ');
    expect([blank.status, blank.body.message]).toEqual([422, 'payload is invalid']);
    for (const body of ['{"backoffLimit": 2147483648}', '{"timeLimitSeconds": 9223372036854775808}', '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[4294967296]}}]}}']) {
      const res = await e.http.post('/api/v1/jobs').set('content-type', 'application/json').send(body);
      expect([body, res.status, res.body.message]).toEqual([body, 422, 'payload is invalid']);
    }
    const ok = await e.http.post('/api/v1/jobs').send({ failurePolicy: {} });
    expect(ok.status).toBe(200);
  });
});

describe('radix: the RadixBatch CRD\'s messages', () => {
  async function invalid(path: '/api/v1/jobs' | '/api/v1/batches', body: object): Promise<{ name: string; errors: string }> {
    const res = await e.http.post(path).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    const m = /^(\S+) is invalid: RadixBatch\.radix\.equinor\.com "(\S+)" is invalid: (.*)$/s.exec(res.body.message as string);
    expect(m, res.body.message).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(m![1]).toMatch(BATCH);
    return { name: m![1]!, errors: m![3]! };
  }

  it('words each rule as the apiserver does, naming the batch', async () => {
    await radix();
    const cases: [object, string][] = [
      [{ backoffLimit: -1 }, 'spec.jobs[0].backoffLimit: Invalid value: -1: spec.jobs[0].backoffLimit in body should be greater than or equal to 0'],
      [{ timeLimitSeconds: 0 }, 'spec.jobs[0].timeLimitSeconds: Invalid value: 0: spec.jobs[0].timeLimitSeconds in body should be greater than or equal to 1'],
      [{ runAsUser: 0 }, 'spec.jobs[0].runAsUser: Invalid value: 0: spec.jobs[0].runAsUser in body should be greater than or equal to 1'],
      [{ runtime: { architecture: 'x86' } }, 'spec.jobs[0].runtime.architecture: Unsupported value: "x86": supported values: "amd64", "arm64", ""'],
      [{ runtime: { nodeType: 'Bad_Type' } }, "spec.jobs[0].runtime.nodeType: Invalid value: \"Bad_Type\": spec.jobs[0].runtime.nodeType in body should match '^(([a-z0-9][-a-z0-9]*)?[a-z0-9])?$'"],
      [{ runtime: { nodeType: 'a'.repeat(121) } }, 'spec.jobs[0].runtime.nodeType: Too long: may not be more than 120 bytes'],
      [{ failurePolicy: { rules: [{ action: 'Retry', onExitCodes: { operator: 'In', values: [1] } }] } }, 'spec.jobs[0].failurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "FailJob", "Ignore", "Count"'],
      [{ failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [] } }] } }, 'spec.jobs[0].failurePolicy.rules[0].onExitCodes.values: Invalid value: 0: spec.jobs[0].failurePolicy.rules[0].onExitCodes.values in body should have at least 1 items'],
      [{ failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 1] } }] } }, 'spec.jobs[0].failurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 1'],
      [{ failurePolicy: { rules: [{ action: 'FailJob' }] } }, '[spec.jobs[0].failurePolicy.rules[0].onExitCodes.operator: Unsupported value: "": supported values: "In", "NotIn", spec.jobs[0].failurePolicy.rules[0].onExitCodes.values: Required value]'],
    ];
    for (const [body, errors] of cases) expect((await invalid('/api/v1/jobs', body)).errors).toBe(errors);
    // Defaults are merged into each job first; too many jobs is one more error.
    const batch = await invalid('/api/v1/batches', { defaultRadixJobComponentConfig: { backoffLimit: -1 }, jobScheduleDescriptions: [{}, {}] });
    expect(batch.errors).toBe('[spec.jobs[0].backoffLimit: Invalid value: -1: spec.jobs[0].backoffLimit in body should be greater than or equal to 0, spec.jobs[1].backoffLimit: Invalid value: -1: spec.jobs[1].backoffLimit in body should be greater than or equal to 0]');
    expect((await invalid('/api/v1/batches', { jobScheduleDescriptions: Array.from({ length: 501 }, () => ({})) })).errors).toBe('spec.jobs: Too many: 501: must have at most 500 items');
    // Nothing was recorded.
    expect((await e.http.get('/api/v1/jobs')).body).toBeNull();
  });
});

describe('radix: names and statuses as the reference has them', () => {
  it('splits job names as strings.Split does, and stops batches named in another case', async () => {
    await radix();
    expect((await e.http.get('/api/v1/jobs/abc-')).body.message).toBe('radixbatches abc not found');
    const job = (await e.http.post('/api/v1/jobs').send({})).body.name as string;
    const batch = job.slice(0, job.lastIndexOf('-'));
    const stop = await e.http.post(`/api/v1/batches/${batch}/jobs/-/stop`);
    expect(stop.body.message).toBe(`radixbatches ${batch}- not found`);
    const upper = await e.http.post(`/api/v1/jobs/${batch.toUpperCase()}-${job.slice(job.lastIndexOf('-') + 1)}/stop`);
    expect(upper.status).toBe(200);
  });

  it('a new batch shows the status an All rule gives a batch without job statuses', async () => {
    await radix();
    const created = await e.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{}] });
    expect(created.body.status).toBe('Succeeded');
    await e.advance(0);
    expect((await e.http.get(`/api/v1/batches/${created.body.name}`)).body.status).not.toBe('Succeeded');
  });

  it('a batch name client-go refuses answers its 500 (clientNameCheck)', async () => {
    await radix();
    const percent = await e.http.get('/api/v1/batches/b%25');
    expect([percent.status, percent.body.message]).toEqual([500, 'invalid resource name "b%": [may not contain \'%\']']);
    const empty = await e.http.get('/api/v1/jobs/-abc');
    expect([empty.status, empty.body.message]).toEqual([500, 'resource name may not be empty']);
  });
});
