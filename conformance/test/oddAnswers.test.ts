// The kit against a server that answers oddly: a 200 that is not the object or list a check reads
// fails that check with the exchange (a `null` once made 22 checks crash with TypeErrors and stack
// traces), and an answer past MAX_RESPONSE_BYTES is refused instead of read into memory.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckFailure } from '../kit/failure.js';
import { Client, HttpError, MAX_RESPONSE_BYTES } from '../kit/http.js';
import { JobApi } from '../kit/jobApi.js';

let server: Server;
let base = '';
/** path -> [status, content type, body] */
const answers = new Map<string, [number, string, string | (() => Buffer)]>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, type, body] = answers.get(req.url ?? '') ?? [404, 'text/plain', 'no'];
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'function' ? body() : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('odd answers', () => {
  it('a 200 that is not a JSON object (or a list that is not an array) fails the check with what came back', async () => {
    const api = new JobApi(new Client({ baseUrl: base }));
    answers.set('/api/v1/jobs/a', [200, 'application/json', 'null']);
    answers.set('/api/v1/batches/b', [200, 'application/json', '[]']);
    answers.set('/api/v1/jobs', [200, 'application/json', '{"items":[]}']);
    answers.set('/api/v1/batches', [200, 'application/json', 'null']);
    const failure = await api.getJob('a').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(CheckFailure);
    expect((failure as CheckFailure).detail).toMatchObject({ message: `GET ${base}/api/v1/jobs/a: HTTP 200 with null, not a job status (a JSON object)`, actual: 'null', exchange: { status: 200, responseBody: 'null' } });
    await expect(api.getBatch('b')).rejects.toThrow(/HTTP 200 with \[\], not a batch status \(a JSON object\)/);
    await expect(api.listJobs()).rejects.toThrow(/HTTP 200 with \{"items":\[\]\}, not a list of job statuses \(a JSON array\)/);
    // null is an empty list as Go writes it; an error status is the check's to judge.
    expect((await api.listBatches()).body).toBeNull();
    answers.set('/api/v1/jobs/c', [404, 'application/json', '{"status":"Failure","message":"x","reason":"NotFound","code":404}']);
    expect((await api.getJob('c')).status).toBe(404);
  });

  it('refuses an answer larger than it reads, without reading it all', async () => {
    answers.set('/big', [200, 'application/json', () => Buffer.alloc(MAX_RESPONSE_BYTES + 1, 0x20)]);
    const client = new Client({ baseUrl: base });
    await expect(client.request('GET', '/big')).rejects.toThrow(HttpError);
    await expect(client.request('GET', '/big')).rejects.toThrow(/more than the kit reads/);
  });
});
