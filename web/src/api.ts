// Requests to the server the page came from: the dashboard's data (/jobsim/v1), the Job Manager
// API (/api/v1) and, on the simulator, its control API (/sim/v1).
export type * from '../../src/api/dashboardTypes.ts';
import type { ClusterState, DashboardInfo, EventRow, JobDetail, JobPage, BatchSummary } from '../../src/api/dashboardTypes.ts';

/** An error answer of the API, with its message. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const message = (parsed as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`;
    throw new RequestError(res.status, message);
  }
  return parsed as T;
}

const enc = encodeURIComponent;

export const api = {
  info: () => request<DashboardInfo>('GET', '/jobsim/v1/info'),
  batches: () => request<{ total: number; batches: BatchSummary[] }>('GET', '/jobsim/v1/batches'),
  jobs: (batch: string, q: { offset: number; limit: number; status?: string; search?: string }) => {
    const params = new URLSearchParams({ offset: String(q.offset), limit: String(q.limit) });
    if (q.status) params.set('status', q.status);
    if (q.search) params.set('q', q.search);
    return request<JobPage>('GET', `/jobsim/v1/batches/${enc(batch)}/jobs?${params}`);
  },
  job: (name: string) => request<JobDetail>('GET', `/jobsim/v1/jobs/${enc(name)}`),
  cluster: () => request<ClusterState>('GET', '/jobsim/v1/cluster'),
  events: (limit: number) => request<{ source: string; events: EventRow[] }>('GET', `/jobsim/v1/events?limit=${limit}`),
  createJob: (body: string) => request<{ name: string }>('POST', '/api/v1/jobs', body),
  createBatch: (body: string) => request<{ name: string }>('POST', '/api/v1/batches', body),
  stopBatch: (name: string) => request('POST', `/api/v1/batches/${enc(name)}/stop`),
  deleteBatch: (name: string) => request('DELETE', `/api/v1/batches/${enc(name)}`),
  stopJob: (name: string) => request('POST', `/api/v1/jobs/${enc(name)}/stop`),
  sim: {
    pause: () => request('POST', '/sim/v1/clock/pause'),
    resume: () => request('POST', '/sim/v1/clock/resume'),
    advance: (seconds: number) => request('POST', '/sim/v1/clock/advance', { seconds }),
    nextEvent: () => request('POST', '/sim/v1/clock/advance', { toNextEvent: true }),
    untilIdle: () => request('POST', '/sim/v1/clock/run-until-idle'),
    nodes: () => request<{ name: string }[]>('GET', '/sim/v1/nodes'),
    faults: () => request<Fault[]>('GET', '/sim/v1/faults'),
    inject: (fault: Record<string, unknown>) => request<Fault>('POST', '/sim/v1/faults', fault),
    removeFault: (id: string) => request('DELETE', `/sim/v1/faults/${enc(id)}`),
  },
};

export interface Fault {
  id: string;
  type: string;
  state?: string;
  [key: string]: unknown;
}
