// Names in paths: well-formed and not, existing and not, in another case, percent-encoded,
// unicode, very long; on every route that takes one. Reads only, or stops/deletes of things that
// do not exist (the fixtures are read, never changed).
import type { Case, CaseContext, Fixtures } from '../support/cases.js';

type Path = (f: Fixtures) => string;

const get = (id: string, path: Path, method = 'GET'): Case => ({
  id: `names/${id}`,
  group: 'names',
  async run(c: CaseContext) {
    await c.call(`${method} ${id}`, method, path(c.fx()));
  },
});

const short = (full: string) => full.slice(full.lastIndexOf('-') + 1);
const long = 'x'.repeat(300);

export const nameCases: Case[] = [
  // GET /jobs/{name}
  get('job-running', (f) => `/api/v1/jobs/${f.running}`),
  get('job-succeeded', (f) => `/api/v1/jobs/${f.succeeded}`),
  get('job-of-batch', (f) => `/api/v1/jobs/${f.runningBatchJobs[1]}`),
  get('job-upper-case', (f) => `/api/v1/jobs/${f.running.toUpperCase()}`),
  get('job-batch-upper-case', (f) => `/api/v1/jobs/${f.running.slice(0, f.running.lastIndexOf('-')).toUpperCase()}-${short(f.running)}`),
  get('job-no-hyphen', () => '/api/v1/jobs/nohyphen'),
  get('job-missing-batch', () => '/api/v1/jobs/batch-nothing-abcdefgh'),
  get('job-missing-in-batch', (f) => `/api/v1/jobs/${f.runningBatch}-zzzzzzzz`),
  get('job-is-batch-name', (f) => `/api/v1/jobs/${f.runningBatch}`),
  get('job-trailing-hyphen', () => '/api/v1/jobs/abc-'),
  get('job-leading-hyphen', () => '/api/v1/jobs/-abc'),
  get('job-percent', () => '/api/v1/jobs/abc%25def'),
  get('job-percent-with-hyphen', () => '/api/v1/jobs/a-b%25'),
  get('job-bad-percent-escape', () => '/api/v1/jobs/a-%zz'),
  get('job-lone-percent', () => '/api/v1/jobs/a-%'),
  get('job-encoded-slash', () => '/api/v1/jobs/abc%2Fdef'),
  get('job-encoded-slash-hyphen', () => '/api/v1/jobs/a-b%2Fc'),
  get('job-unicode', () => '/api/v1/jobs/%C3%A9t%C3%A9-x'),
  get('job-space', () => '/api/v1/jobs/a%20b-c'),
  get('job-very-long', () => `/api/v1/jobs/${long}-${long}`),
  get('job-dots', () => '/api/v1/jobs/a.b-c'),
  get('job-colon', () => '/api/v1/jobs/a:b-c'),
  // GET /batches/{name}
  get('batch-running', (f) => `/api/v1/batches/${f.runningBatch}`),
  get('batch-done', (f) => `/api/v1/batches/${f.doneBatch}`),
  get('batch-of-single-job', (f) => `/api/v1/batches/${f.running.slice(0, f.running.lastIndexOf('-'))}`),
  get('batch-upper-case', (f) => `/api/v1/batches/${f.runningBatch.toUpperCase()}`),
  get('batch-missing', () => '/api/v1/batches/batch-nothing'),
  get('batch-percent', () => '/api/v1/batches/b%25'),
  get('batch-encoded-slash', () => '/api/v1/batches/b%2Fc'),
  get('batch-very-long', () => `/api/v1/batches/${long}`),
  get('batch-unicode', () => '/api/v1/batches/%E2%82%AC'),
  // GET /batches/{batch}/jobs/{job}
  get('batch-job-short', (f) => `/api/v1/batches/${f.runningBatch}/jobs/${short(f.runningBatchJobs[0]!)}`),
  get('batch-job-full', (f) => `/api/v1/batches/${f.runningBatch}/jobs/${f.runningBatchJobs[0]}`),
  get('batch-job-upper-case', (f) => `/api/v1/batches/${f.runningBatch}/jobs/${f.runningBatchJobs[0]!.toUpperCase()}`),
  get('batch-job-missing', (f) => `/api/v1/batches/${f.runningBatch}/jobs/${f.runningBatch}-zzzzzzzz`),
  get('batch-job-missing-batch', () => '/api/v1/batches/batch-nothing/jobs/batch-nothing-abcdefgh'),
  get('batch-job-of-other-batch', (f) => `/api/v1/batches/${f.runningBatch}/jobs/${f.doneBatchJobs[0]}`),
  get('batch-job-done', (f) => `/api/v1/batches/${f.doneBatch}/jobs/${f.doneBatchJobs[1]}`),
  // DELETE, stop of names that do not exist or cannot be
  get('delete-job-no-hyphen', () => '/api/v1/jobs/nohyphen', 'DELETE'),
  get('delete-job-missing-batch', () => '/api/v1/jobs/batch-nothing-abcdefgh', 'DELETE'),
  get('delete-job-of-batch', (f) => `/api/v1/jobs/${f.runningBatchJobs[0]}`, 'DELETE'),
  get('delete-job-missing-in-batch', (f) => `/api/v1/jobs/${f.running.slice(0, f.running.lastIndexOf('-'))}-zzzzzzzz`, 'DELETE'),
  get('delete-job-percent', () => '/api/v1/jobs/a%25-b', 'DELETE'),
  get('delete-batch-missing', () => '/api/v1/batches/batch-nothing', 'DELETE'),
  get('stop-job-no-hyphen', () => '/api/v1/jobs/nohyphen/stop', 'POST'),
  get('stop-job-missing-batch', () => '/api/v1/jobs/batch-nothing-abcdefgh/stop', 'POST'),
  get('stop-job-missing-in-batch', (f) => `/api/v1/jobs/${f.runningBatch}-zzzzzzzz/stop`, 'POST'),
  get('stop-job-succeeded', (f) => `/api/v1/jobs/${f.succeeded}/stop`, 'POST'),
  get('stop-job-of-done-batch', (f) => `/api/v1/jobs/${f.doneBatchJobs[0]}/stop`, 'POST'),
  get('stop-batch-missing', () => '/api/v1/batches/batch-nothing/stop', 'POST'),
  get('stop-batch-done', (f) => `/api/v1/batches/${f.doneBatch}/stop`, 'POST'),
  get('stop-batch-of-single-job', (f) => `/api/v1/batches/${f.running.slice(0, f.running.lastIndexOf('-'))}/stop`, 'POST'),
  get('stop-batch-job-full-name', (f) => `/api/v1/batches/${f.runningBatch}/jobs/${f.runningBatchJobs[0]}/stop`, 'POST'),
  get('stop-batch-job-missing', (f) => `/api/v1/batches/${f.runningBatch}/jobs/zzzzzzzz/stop`, 'POST'),
  get('stop-batch-job-missing-batch', () => '/api/v1/batches/batch-nothing/jobs/abcdefgh/stop', 'POST'),
  get('stop-batch-job-done', (f) => `/api/v1/batches/${f.doneBatch}/jobs/${short(f.doneBatchJobs[0]!)}/stop`, 'POST'),
  get('stop-batch-job-empty-short', (f) => `/api/v1/batches/${f.runningBatch}/jobs/-/stop`, 'POST'),
];
