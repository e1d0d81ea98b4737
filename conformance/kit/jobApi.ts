// The Job Manager API as the checks use it: one method per operation, and a record of what the check
// created so the runner can delete it afterwards.
import type { Client, Response } from './http.js';
import { fail } from './failure.js';

export interface PodStatus {
  name: string;
  created?: string;
  startTime?: string;
  endTime?: string;
  replicaStatus?: { status?: string };
  exitCode?: number;
  reason?: string;
}
export interface JobStatus {
  name: string;
  jobId?: string;
  batchName?: string;
  created?: string | null;
  started?: string | null;
  ended?: string | null;
  status?: string;
  message?: string;
  failed?: number;
  podStatuses?: PodStatus[];
  [key: string]: unknown;
}
export interface BatchStatus extends JobStatus {
  batchId?: string;
  jobStatuses?: JobStatus[];
  batchType?: string;
}
export interface ErrorBody {
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
}

const enc = encodeURIComponent;
const JOBS = '/api/v1/jobs';
const BATCHES = '/api/v1/batches';

export class JobApi {
  /** What this check created, newest last: deleted by the runner after the check. */
  readonly created: { kind: 'job' | 'batch'; name: string }[] = [];
  constructor(readonly client: Client) {}

  async createJob(body: unknown): Promise<Response<JobStatus>> {
    const res = object(await this.client.request<JobStatus>('POST', JOBS, { body }), 'a job status');
    this.remember(res, 'job');
    return res;
  }
  async createJobRaw(raw: string, contentType = 'application/json'): Promise<Response<JobStatus & ErrorBody>> {
    const res = await this.client.request<JobStatus & ErrorBody>('POST', JOBS, { raw, contentType });
    this.remember(res, 'job');
    return res;
  }
  async createBatch(body: unknown): Promise<Response<BatchStatus>> {
    const res = object(await this.client.request<BatchStatus>('POST', BATCHES, { body }), 'a batch status');
    this.remember(res, 'batch');
    return res;
  }
  async createBatchRaw(raw: string, contentType = 'application/json'): Promise<Response<BatchStatus & ErrorBody>> {
    const res = await this.client.request<BatchStatus & ErrorBody>('POST', BATCHES, { raw, contentType });
    this.remember(res, 'batch');
    return res;
  }
  async listJobs() {
    return list(await this.client.request<JobStatus[] | null>('GET', JOBS), 'job statuses');
  }
  async listBatches() {
    return list(await this.client.request<BatchStatus[] | null>('GET', BATCHES), 'batch statuses');
  }
  async getJob(name: string) {
    return object(await this.client.request<JobStatus & ErrorBody>('GET', `${JOBS}/${enc(name)}`, { template: '/api/v1/jobs/{jobName}' }), 'a job status');
  }
  async getBatch(name: string) {
    return object(await this.client.request<BatchStatus & ErrorBody>('GET', `${BATCHES}/${enc(name)}`, { template: '/api/v1/batches/{batchName}' }), 'a batch status');
  }
  async getBatchJob(batch: string, job: string) {
    return object(await this.client.request<JobStatus & ErrorBody>('GET', `${BATCHES}/${enc(batch)}/jobs/${enc(job)}`), 'a job status');
  }
  stopJob(name: string) {
    return this.client.request<ErrorBody>('POST', `${JOBS}/${enc(name)}/stop`, { template: '/api/v1/jobs/{jobName}/stop' });
  }
  stopBatch(name: string) {
    return this.client.request<ErrorBody>('POST', `${BATCHES}/${enc(name)}/stop`, { template: '/api/v1/batches/{batchName}/stop' });
  }
  stopBatchJob(batch: string, shortJob: string) {
    return this.client.request<ErrorBody>('POST', `${BATCHES}/${enc(batch)}/jobs/${enc(shortJob)}/stop`);
  }
  deleteJob(name: string) {
    return this.client.request<ErrorBody>('DELETE', `${JOBS}/${enc(name)}`, { template: '/api/v1/jobs/{jobName}' });
  }
  deleteBatch(name: string) {
    return this.client.request<ErrorBody>('DELETE', `${BATCHES}/${enc(name)}`, { template: '/api/v1/batches/{batchName}' });
  }

  /** Deletes what this check created (best effort; errors are ignored). */
  async cleanup(): Promise<void> {
    for (const { kind, name } of this.created.splice(0).reverse()) {
      try {
        if (kind === 'job') await this.deleteJob(name);
        else await this.deleteBatch(name);
      } catch {
        // the server may be gone or the check timed out; nothing more to do
      }
    }
  }

  private remember(res: Response<{ name?: unknown }>, kind: 'job' | 'batch'): void {
    const name = res.status === 200 ? res.body?.name : undefined;
    if (typeof name === 'string') this.created.push({ kind, name });
  }
}

/**
 * A 200 answer must be a JSON object (any other status is the check's to judge): a server answering
 * `null` or `[]` once made the checks crash on reading its fields, with stack traces.
 */
function object<T>(res: Response<T>, what: string): Response<T> {
  const b = res.body as unknown;
  if (res.status === 200 && (typeof b !== 'object' || b === null || Array.isArray(b))) {
    fail(`${res.ex.method} ${res.ex.url}: HTTP 200 with ${shown(res)}, not ${what} (a JSON object)`, { expected: `${what} as a JSON object`, actual: shown(res), exchange: res.ex });
  }
  return res;
}

/** A 200 answer to a list must be a JSON array (or null, as Go writes an empty slice). */
function list<T>(res: Response<T>, what: string): Response<T> {
  const b = res.body as unknown;
  if (res.status === 200 && b !== null && !Array.isArray(b)) {
    fail(`${res.ex.method} ${res.ex.url}: HTTP 200 with ${shown(res)}, not a list of ${what} (a JSON array)`, { expected: `a JSON array of ${what}`, actual: shown(res), exchange: res.ex });
  }
  return res;
}

function shown(res: Response<unknown>): string {
  if (res.body === undefined) return res.text.length === 0 ? 'an empty body' : 'a body that is not JSON';
  return JSON.stringify(res.body).slice(0, 80);
}

/** The short name of a batch's job (`<batch>-<short>`). */
export function shortJobName(batch: string, fullName: string): string {
  return fullName.startsWith(`${batch}-`) ? fullName.slice(batch.length + 1) : fullName;
}

export function names(list: { name?: unknown }[] | null | undefined): string[] {
  return (list ?? []).map((x) => String(x.name)).sort();
}
